import { type Policy, parsePolicy } from '../format/policy.ts';
import { MAX_YAML_BYTES } from '../format/yaml-load.ts';
import { resolveCommit } from '../git/repo.ts';
import { CommitTree, IndexTree } from '../git/tree.ts';
import { short } from '../model/oid.ts';
import type { Tree } from '../model/tree.ts';
import { POLICY_FILE } from '../publisher/check.ts';

/** What a tree says about who may sign: its `.smtpfp.yml`, read with the 1 MiB cap. */
export type PolicyRead =
  | { kind: 'absent' }
  /** Over 1 MiB: not read (the tree may be hostile). */
  | { kind: 'too-large' }
  | { kind: 'unusable'; problem: string }
  | { kind: 'found'; policy: Policy };

/** Reads the policy at the root of a tree (a commit, the index, the disk). */
export async function readPolicy(tree: Tree): Promise<PolicyRead> {
  const entry = await tree.entry(POLICY_FILE);
  if (!entry) return { kind: 'absent' };
  if (entry.kind !== 'file' || entry.path !== POLICY_FILE) {
    return { kind: 'unusable', problem: `expected a regular file, got a ${entry.kind} at ${entry.path}` };
  }
  if (entry.size > MAX_YAML_BYTES) return { kind: 'too-large' };
  const parsed = parsePolicy(POLICY_FILE, await tree.read(POLICY_FILE));
  return 'problem' in parsed
    ? { kind: 'unusable', problem: parsed.problem }
    : { kind: 'found', policy: parsed.policy };
}

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
 * Reads `.smtpfp.yml` from the trusted state of a work tree: HEAD's committed tree, so that a
 * commit cannot allow its own signer; with no commit yet, the index (nothing is trusted yet).
 */
export async function trustedPolicy(repo: string): Promise<PolicyLookup> {
  const notes: string[] = [];
  const head = await resolveCommit(repo, 'HEAD');
  const where = head ? `HEAD (${short(head)})` : 'the index';
  const tree = head ? await CommitTree.open(repo, head, where) : await IndexTree.open(repo);
  let read: PolicyRead;
  try {
    read = await readPolicy(tree);
  } finally {
    tree.close();
  }
  switch (read.kind) {
    case 'absent':
      notes.push(`no ${POLICY_FILE} in ${where}: the signing key is not checked against allowed signers`);
      return { notes };
    case 'too-large':
      notes.push(`${POLICY_FILE} in ${where} is over 1 MiB (not read): the signing key is not checked`);
      return { notes };
    case 'unusable':
      if (!head) notes.push(`no commit yet: the allowed signers are read from ${POLICY_FILE} in the index`);
      notes.push(`${POLICY_FILE} in ${where} is unusable (${read.problem}): the signing key is not checked`);
      return { notes };
  }
  if (!head) notes.push(`no commit yet: the allowed signers are read from ${POLICY_FILE} in the index`);
  const signers = read.policy.signers;
  if (signers.length === 0) {
    notes.push(`${POLICY_FILE} in ${where} lists no signers: the signing key is not checked`);
    return { notes };
  }
  return { policy: { signers, where: `${POLICY_FILE} in ${where}` }, notes };
}
