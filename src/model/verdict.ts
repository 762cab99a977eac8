/** Commit verification statuses (SPEC §3.2), in the order of precedence after `unsigned`. */
export const COMMIT_STATUSES = [
  'good',
  'unsigned',
  'unsupported',
  'weak-hash',
  'unknown-key',
  'weak-key',
  'bad-signature',
  'revoked-key',
  'expired-key',
  'not-allowed',
] as const;

export type CommitStatus = (typeof COMMIT_STATUSES)[number];

export interface CommitVerdict {
  /** Full object id of the commit (or tag). */
  oid: string;
  status: CommitStatus;
  /** Primary-key fingerprint (uppercase hex) of the signing key whenever that key is known. */
  signer: string | null;
  /** Human explanation: why the status, in "expected X, got Y" terms where it helps. */
  message: string;
  /** First line of the commit message, for reports. */
  subject?: string;
  kind?: 'commit' | 'tag';
}
