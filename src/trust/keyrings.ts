import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Keyring paths sorted by where they must be read. */
export interface SplitKeyrings {
  /** Outside the repository: read from disk. */
  disk: string[];
  /** Inside it, as '/'-separated paths: read in the trusted commit's tree. */
  tree: string[];
}

/**
 * A keyring inside the repository is read from git, as the trusted commit has it, so the commits
 * under test cannot change the keys they are verified with (strip a revocation, swap a folder for
 * a symlink). The checkout on disk is never read: it is the commit under test.
 */
export function splitKeyrings(repo: string, keyrings: readonly string[]): SplitKeyrings {
  const out: SplitKeyrings = { disk: [], tree: [] };
  for (const keyring of keyrings) {
    // Judged on the path as written: resolving symlinks would let the checkout redirect it.
    const rel = relative(repo, resolve(keyring));
    const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    if (inside) out.tree.push(rel.split(sep).join('/'));
    else out.disk.push(keyring);
  }
  return out;
}
