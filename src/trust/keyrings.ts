import { isAbsolute, relative, resolve, sep } from 'node:path';
import { environmentError } from '../model/errors.ts';
import { short } from '../model/oid.ts';
import type { KeyFile } from '../signing/keyring.ts';
import { keyFilesInCommit } from './load.ts';

export interface ResolvedKeyrings {
  /** Keyrings outside the repository, read from disk. */
  paths: string[];
  /** Keyrings inside it, read from the trusted commit. */
  files: KeyFile[];
  warnings: string[];
}

/**
 * A keyring inside the repository is read from git, as the trusted commit has it, so the commits
 * under test cannot change the keys they are verified with (strip a revocation, swap a folder for
 * a symlink). The checkout on disk is never read: it is the commit under test. With no trusted
 * commit, the tip's tree is all there is, and a warning says so.
 */
export async function resolveKeyrings(
  repo: string,
  keyrings: readonly string[],
  trusted: string | null,
  head: string,
): Promise<ResolvedKeyrings> {
  const out: ResolvedKeyrings = { paths: [], files: [], warnings: [] };
  for (const keyring of keyrings) {
    // Judged on the path as written: resolving symlinks would let the checkout redirect it.
    const rel = relative(repo, resolve(keyring));
    const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    if (!inside) {
      out.paths.push(keyring);
      continue;
    }
    const treePath = rel.split(sep).join('/');
    const at = trusted ?? head;
    const files = await keyFilesInCommit(repo, at, treePath);
    if (files.length === 0) {
      throw environmentError(
        `keyring '${treePath}' holds no key file in ${trusted ? 'the trusted commit' : 'the commit'} ${short(at)}: expected public keys there (a regular file or a folder of .asc/.gpg files)`,
      );
    }
    if (!trusted) {
      out.warnings.push(
        `no trusted base commit: keyring '${treePath}' is read from ${short(head)}, which the verified commits could have written`,
      );
    }
    out.files.push(...files);
  }
  return out;
}
