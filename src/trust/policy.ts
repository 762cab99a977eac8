import { parsePolicy } from '../format/policy.ts';
import { MAX_YAML_BYTES } from '../format/yaml-load.ts';
import { readFileAt } from '../git/commits.ts';
import { resolveCommit } from '../git/repo.ts';
import { POLICY_FILE } from '../publisher/check.ts';

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

/**
 * Reads `.smtpfp.yml` from the trusted state: HEAD's committed tree, so that a commit cannot
 * allow its own signer; with no commit yet, the index (nothing is trusted yet).
 */
export async function trustedPolicy(repo: string): Promise<PolicyLookup> {
  const notes: string[] = [];
  const head = await resolveCommit(repo, 'HEAD');
  const where = head ? `HEAD (${head.slice(0, 12)})` : 'the index';
  const bytes = await readFileAt(repo, head ?? '', POLICY_FILE, MAX_YAML_BYTES);
  if (!bytes) {
    notes.push(`no ${POLICY_FILE} in ${where}: the signing key is not checked against allowed signers`);
    return { notes };
  }
  if (bytes === 'too-large') {
    notes.push(`${POLICY_FILE} in ${where} is over 1 MiB (not read): the signing key is not checked`);
    return { notes };
  }
  if (!head) notes.push(`no commit yet: the allowed signers are read from ${POLICY_FILE} in the index`);
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
