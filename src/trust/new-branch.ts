import { defaultBranches, newBranchBase } from '../git/commits.ts';

/**
 * Where a new branch's policy is read (SPEC §3.3, §3.4): the newest merge-base of its tip with the
 * remote's default branch among the trusted refs, or with any trusted ref when none of them is
 * the default branch; null when the tip shares no commit with them. Any other branch may hold
 * commits nobody verified, so the default branch is preferred.
 */
export async function newBranchPolicyCommit(
  repo: string,
  tip: string,
  trusted: readonly string[],
): Promise<string | null> {
  const defaults = await defaultBranches(repo, trusted);
  return newBranchBase(repo, tip, defaults.length > 0 ? defaults : trusted);
}
