import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Policy } from '../format/policy.ts';
import { CommitTree } from '../git/tree.ts';
import { readRegularFile } from '../io/regular-file.ts';
import { environmentError } from '../model/errors.ts';
import { normalizeFingerprint } from '../model/fingerprint.ts';
import { short } from '../model/oid.ts';
import type { Tree, TreeEntry } from '../model/tree.ts';
import { POLICY_FILE } from '../publisher/check.ts';
import type { KeyFile } from '../signing/keyring.ts';
import { Keyring } from '../signing/keyring.ts';
import type { Trust } from '../signing/verify.ts';
import { TrustError } from './errors.ts';
import { readPolicy } from './policy.ts';

const MAX_KEY_FILE = 4 * 1024 * 1024;
/**
 * A keys folder read from a commit holds at most this many key files and bytes in all: a hostile
 * peer or mirror could otherwise list thousands of 4 MiB files of one tiny compressed blob and
 * have every one read into memory (SPEC §5). Real folders hold a few keys of a few KiB.
 */
export const MAX_KEY_FOLDER_BYTES = 16 * 1024 * 1024;
export const MAX_KEY_FOLDER_FILES = 256;

/**
 * In a keyring folder, the files that hold keys: `.asc`, `.gpg`, `.pgp`, `.key`, `.pub` or no
 * extension. A README beside the keys is not a key file and must not fail the keyring.
 */
export function isKeyFileName(name: string): boolean {
  const base = name.split('/').pop() ?? name;
  if (base.startsWith('.')) return false;
  return !base.includes('.') || /\.(asc|gpg|pgp|key|pub)$/i.test(base);
}

/** A tree listed from git (a commit or the index): its folders can be walked for key files. */
export type ListedTree = Tree & { entriesUnder(path: string): TreeEntry[] };

/** Where the trust of a verification is read. */
export interface TrustedTree {
  tree: ListedTree;
  /** The commit the tree is, for messages. */
  commit: string;
  /** No trusted commit: the tree is the tip under test, which the verified commits wrote. */
  atTip: boolean;
}

/** Explicit trust material; what it leaves out comes from the policy of the trusted tree. */
export interface TrustSources {
  /** Allowed signers as written (spaces and case allowed); empty: the policy's signers. */
  fingerprints: readonly string[];
  /** Key files or folders on disk, read as they are. */
  keyrings: readonly string[];
  /**
   * Key files or folders inside the repository ('/'-separated paths): read in the trusted tree,
   * never from the checkout, which the commits under test wrote.
   */
  treeKeyrings?: readonly string[];
  /** Armored keys given as text (a CI input). */
  armoredKeys?: string;
  /** Key files already read. */
  keyFiles?: readonly KeyFile[];
}

/**
 * How the caller lets a user give trust explicitly, for error messages (e.g. the CLI's
 * `--fingerprint FPR`): this layer names no option of its own.
 */
export interface TrustHints {
  /** The option or input that takes a fingerprint, e.g. `--fingerprint`. */
  fingerprint: string;
  /** How to name allowed signers, e.g. `--fingerprint FPR`. */
  signers: string;
  /** How to give public keys, e.g. `--keyring PATH`. */
  keys: string;
}

export interface LoadedTrust {
  trust: Trust;
  warnings: string[];
  /** Where the allowed signers came from, for reports. */
  signersFrom: string;
}

async function keyFilesOnDisk(path: string): Promise<KeyFile[]> {
  const st = await stat(path).catch(() => undefined);
  if (!st) throw environmentError(`keyring '${path}' does not exist or cannot be read`);
  if (st.isDirectory()) {
    const names = (await readdir(path)).filter(isKeyFileName).sort();
    const out: KeyFile[] = [];
    for (const n of names) {
      const full = join(path, n);
      const s = await stat(full);
      if (s.isFile()) out.push(...(await keyFilesOnDisk(full)));
    }
    if (out.length === 0) throw environmentError(`keyring folder '${path}' holds no key file`);
    return out;
  }
  // A FIFO, a device or a symlink to one is refused before it is opened; reads stop at the cap.
  const read = readRegularFile(path, { maxBytes: MAX_KEY_FILE, follow: true });
  if ('data' in read) return [{ name: path, data: read.data }];
  if (read.problem === 'too-large')
    throw environmentError(`keyring '${path}' is over 4 MiB: expected public keys`);
  throw environmentError(`keyring '${path}' ${read.message}: expected a key file or a folder of key files`);
}

/** The key files at or below `path` in a tree (a file, or the key files of a folder, recursively). */
export async function keyFilesInTree(tree: ListedTree, path: string, commit: string): Promise<KeyFile[]> {
  const files = tree
    .entriesUnder(path)
    .filter((e) => e.kind === 'file' && (e.path === path.replace(/\/+$/, '') || isKeyFileName(e.path)));
  const where = `'${path.replace(/\/+$/, '')}' at ${short(commit)}`;
  if (files.length > MAX_KEY_FOLDER_FILES)
    throw new TrustError(
      'KEYRING_UNUSABLE',
      `${where} holds ${files.length} key files, over ${MAX_KEY_FOLDER_FILES}: expected a few public keys; not read`,
    );
  let total = 0;
  for (const f of files) {
    if (f.size > MAX_KEY_FILE)
      throw new TrustError('KEYRING_UNUSABLE', `key file '${f.path}' is over 4 MiB: expected public keys`);
    total += f.size;
  }
  if (total > MAX_KEY_FOLDER_BYTES)
    throw new TrustError(
      'KEYRING_UNUSABLE',
      `the key files of ${where} hold ${total} bytes, over the cap of ${MAX_KEY_FOLDER_BYTES}: expected a few public keys; not read`,
    );
  const out: KeyFile[] = [];
  for (const f of files) {
    out.push({ name: `${f.path} (at ${short(commit)})`, data: await tree.read(f.path) });
  }
  return out;
}

async function policyOf(at: TrustedTree): Promise<Policy | undefined> {
  const read = await readPolicy(at.tree);
  switch (read.kind) {
    case 'absent':
      return undefined;
    case 'too-large':
      throw new TrustError(
        'POLICY_UNUSABLE',
        `the policy ${POLICY_FILE} at commit ${short(at.commit)} is over 1 MiB: not read`,
      );
    case 'unusable':
      throw new TrustError(
        'POLICY_UNUSABLE',
        `the policy at commit ${short(at.commit)} is unusable: ${read.problem}`,
      );
    case 'found':
      return read.policy;
  }
}

/** The allowed signers given explicitly, normalized (uppercase hex, no spaces). */
export function allowedSigners(fingerprints: readonly string[], hints?: TrustHints): string[] {
  return fingerprints.map((f) => {
    const n = normalizeFingerprint(f);
    if (!n) {
      const what = hints ? `${hints.fingerprint} expects` : 'an allowed signer: expected';
      throw new TrustError('BAD_FINGERPRINT', `${what} 40 or 64 hex digits (spaces allowed), got '${f}'`);
    }
    return n;
  });
}

/**
 * Who may sign and with which keys (SPEC §2.2): the explicit sources first, else `.smtpfp.yml`
 * and its keyring in the trusted tree, never in the commits under test. `at` null: no tree
 * (explicit sources only).
 */
export async function trustFrom(
  at: TrustedTree | null,
  sources: TrustSources,
  hints?: TrustHints,
): Promise<LoadedTrust> {
  const warnings: string[] = [];
  const files: KeyFile[] = [...(sources.keyFiles ?? [])];
  for (const path of sources.treeKeyrings ?? []) {
    if (!at) {
      throw new TrustError(
        'KEYRING_UNUSABLE',
        `keyring '${path}' is in a repository without a commit to read it at`,
      );
    }
    const inTree = await keyFilesInTree(at.tree, path, at.commit);
    if (inTree.length === 0) {
      throw new TrustError(
        'KEYRING_UNUSABLE',
        `keyring '${path}' holds no key file in ${at.atTip ? 'the commit' : 'the trusted commit'} ${short(at.commit)}: expected public keys there (a regular file or a folder of .asc/.gpg files)`,
      );
    }
    if (at.atTip) {
      warnings.push(
        `no trusted base commit: keyring '${path}' is read from ${short(at.commit)}, which the verified commits could have written`,
      );
    }
    files.push(...inTree);
  }

  // Keys found in the tree do not count here: a policy is read whenever no key is given from outside.
  const needPolicy =
    sources.fingerprints.length === 0 || (sources.keyrings.length === 0 && !sources.armoredKeys);
  let policy: Policy | undefined;
  if (needPolicy && at) {
    policy = await policyOf(at);
    if (policy && at.atTip) {
      warnings.push(
        `no trusted base commit: the policy ${POLICY_FILE} is read at the tip ${short(at.commit)}, which the verified commits could have written`,
      );
    }
  }

  let allowed: string[];
  let signersFrom: string;
  if (sources.fingerprints.length > 0) {
    allowed = allowedSigners(sources.fingerprints, hints);
    signersFrom = 'the command line';
  } else {
    allowed = policy?.signers ?? [];
    signersFrom = `${POLICY_FILE} at ${at ? short(at.commit) : '?'}`;
  }
  if (allowed.length === 0) {
    throw new TrustError(
      'NO_SIGNERS',
      `no allowed signer: ${hints ? `give ${hints.signers} or ` : ''}list signers in ${POLICY_FILE}${
        at ? ` (read at ${short(at.commit)})` : ''
      }`,
    );
  }

  for (const k of sources.keyrings) files.push(...(await keyFilesOnDisk(k)));
  if (sources.armoredKeys?.trim())
    files.push({ name: 'the keys input', data: Buffer.from(sources.armoredKeys, 'utf8') });
  if (files.length === 0) {
    if (policy?.keyring && at) {
      const inCommit = await keyFilesInTree(at.tree, policy.keyring, at.commit);
      if (inCommit.length === 0) {
        throw new TrustError(
          'NO_PUBLIC_KEYS',
          `the policy's keyring '${policy.keyring}' holds no key file at commit ${short(at.commit)}`,
        );
      }
      files.push(...inCommit);
    } else {
      throw new TrustError(
        'NO_PUBLIC_KEYS',
        `no public keys: ${hints ? `give ${hints.keys} or ` : ''}set keyring in ${POLICY_FILE}`,
      );
    }
  }
  const keyring = await Keyring.fromFiles(files, warnings);
  const known = new Set(keyring.primaryFingerprints());
  for (const fpr of allowed) {
    if (!known.has(fpr))
      warnings.push(
        `allowed signer ${fpr} has no public key among the keys given: its commits will be unknown-key`,
      );
  }
  return { trust: { keyring, allowed: new Set(allowed) }, warnings, signersFrom };
}

/** Where a verification's trust is read, in a repository. */
export interface TrustRequest {
  repo: string;
  /** The trusted commit (a range's base); null: none, so the tip's tree is read, with a warning. */
  trusted: string | null;
  /** The tip under test: read only when there is no trusted commit. */
  tip: string | null;
  sources: TrustSources;
  hints?: TrustHints;
}

/** `trustFrom` at a commit of a repository: the trusted one, else the tip (with a warning). */
export async function loadTrust(req: TrustRequest): Promise<LoadedTrust> {
  const commit = req.trusted ?? req.tip;
  if (!commit) return trustFrom(null, req.sources, req.hints);
  const tree = await CommitTree.open(req.repo, commit, `commit ${short(commit)}`);
  try {
    return await trustFrom({ tree, commit, atTip: req.trusted === null }, req.sources, req.hints);
  } finally {
    tree.close();
  }
}
