import { resolveCommit } from '../git/repo.ts';
import { git } from '../git/run.ts';
import { POLICY_FILE } from '../publisher/check.ts';
import { parsePolicy } from '../publisher/policy.ts';

/** The allowed signers a commit made now is held to, and where they were read. */
export interface TrustedPolicy {
  /** Primary-key fingerprints, uppercase hex without spaces. */
  signers: string[];
  where: string;
}

export interface PolicyLookup {
  policy?: TrustedPolicy;
  /** Why no policy applies, or where an unusual one came from. */
  notes: string[];
}

/** A blob by name (`<commit>:<path>`, or `:<path>` for the index git uses now); undefined when absent. */
async function blobAt(repo: string, name: string): Promise<Buffer | undefined> {
  const r = await git(['cat-file', 'blob', name], { cwd: repo, okCodes: [1, 128] });
  return r.code === 0 ? r.stdout : undefined;
}

/**
 * Reads `.smtpfp.yml` from the trusted state: HEAD's committed tree, so that a commit cannot
 * allow its own signer; with no commit yet, the index (nothing is trusted yet).
 */
export async function trustedPolicy(repo: string): Promise<PolicyLookup> {
  const notes: string[] = [];
  const head = await resolveCommit(repo, 'HEAD');
  let bytes: Buffer | undefined;
  let where: string;
  if (head) {
    where = `HEAD (${head.slice(0, 12)})`;
    bytes = await blobAt(repo, `${head}:${POLICY_FILE}`);
  } else {
    where = 'the index';
    bytes = await blobAt(repo, `:${POLICY_FILE}`);
    if (bytes) notes.push(`no commit yet: the allowed signers are read from ${POLICY_FILE} in the index`);
  }
  if (!bytes) {
    notes.push(`no ${POLICY_FILE} in ${where}: the signing key is not checked against allowed signers`);
    return { notes };
  }
  const parsed = parsePolicy(POLICY_FILE, bytes);
  if ('problem' in parsed) {
    notes.push(`${POLICY_FILE} in ${where} is unusable (${parsed.problem}): the signing key is not checked`);
    return { notes };
  }
  const signers = parsed.policy.signers;
  if (signers.length === 0) {
    notes.push(`${POLICY_FILE} in ${where} lists no signers: the signing key is not checked`);
    return { notes };
  }
  return { policy: { signers, where: `${POLICY_FILE} in ${where}` }, notes };
}
