import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Policy, parsePolicy } from '../format/policy.ts';
import { MAX_YAML_BYTES } from '../format/yaml-load.ts';
import { readFileAt } from '../git/commits.ts';
import { CommitTree } from '../git/tree.ts';
import { environmentError, usageError } from '../model/errors.ts';
import { normalizeFingerprint } from '../model/fingerprint.ts';
import { POLICY_FILE } from '../publisher/check.ts';
import type { KeyFile } from '../signing/keyring.ts';
import { Keyring } from '../signing/keyring.ts';
import type { Trust } from '../signing/verify.ts';

const MAX_KEY_FILE = 4 * 1024 * 1024;

/**
 * In a keyring folder, the files that hold keys: `.asc`, `.gpg`, `.pgp`, `.key`, `.pub` or no
 * extension. A README beside the keys is not a key file and must not fail the keyring.
 */
export function isKeyFileName(name: string): boolean {
  const base = name.split('/').pop() ?? name;
  if (base.startsWith('.')) return false;
  return !base.includes('.') || /\.(asc|gpg|pgp|key|pub)$/i.test(base);
}

export interface TrustInputs {
  /** Repository top folder. */
  repo: string;
  /** `--fingerprint` values as written (spaces and case allowed). */
  fingerprints: readonly string[];
  /** `--keyring` paths on disk: files or folders. */
  keyrings: readonly string[];
  /** Armored keys given as text (a CI input). */
  armoredKeys?: string;
  /** Key files already read (e.g. from a trusted commit). */
  keyFiles?: readonly KeyFile[];
  /** The trusted commit whose `.smtpfp.yml` (and keys) apply; null when there is none. */
  policyCommit: string | null;
  /** Why the policy is read where it is, for the warning when it is the tip. */
  policyAtTip: boolean;
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
  if (st.size > MAX_KEY_FILE) throw environmentError(`keyring '${path}' is over 4 MiB: expected public keys`);
  try {
    return [{ name: path, data: await readFile(path) }];
  } catch (e) {
    throw environmentError(`keyring '${path}' cannot be read: ${(e as Error).message}`);
  }
}

export async function keyFilesInCommit(repo: string, commit: string, path: string): Promise<KeyFile[]> {
  const tree = await CommitTree.open(repo, commit, `commit ${commit.slice(0, 12)}`);
  try {
    const files = tree
      .entriesUnder(path)
      .filter((e) => e.kind === 'file' && (e.path === path.replace(/\/+$/, '') || isKeyFileName(e.path)));
    const out: KeyFile[] = [];
    for (const f of files) {
      if (f.size > MAX_KEY_FILE)
        throw environmentError(`key file '${f.path}' is over 4 MiB: expected public keys`);
      out.push({ name: `${f.path} (at ${commit.slice(0, 12)})`, data: await tree.read(f.path) });
    }
    return out;
  } finally {
    tree.close();
  }
}

async function policyAt(repo: string, commit: string): Promise<Policy | undefined> {
  const bytes = await readFileAt(repo, commit, POLICY_FILE, MAX_YAML_BYTES);
  if (!bytes) return undefined;
  if (bytes === 'too-large') {
    throw environmentError(
      `the policy ${POLICY_FILE} at commit ${commit.slice(0, 12)} is over 1 MiB: not read`,
    );
  }
  const parsed = parsePolicy(POLICY_FILE, bytes);
  if ('problem' in parsed) {
    throw environmentError(`the policy at commit ${commit.slice(0, 12)} is unusable: ${parsed.problem}`);
  }
  return parsed.policy;
}

/**
 * Builds the trust for a verification: allowed fingerprints and keys from the explicit options,
 * else from `.smtpfp.yml` at the trusted commit (SPEC §2.2), never from the commits under test.
 */
export async function loadTrust(inputs: TrustInputs): Promise<LoadedTrust> {
  const warnings: string[] = [];
  const needPolicy =
    inputs.fingerprints.length === 0 || (inputs.keyrings.length === 0 && !inputs.armoredKeys);
  let policy: Policy | undefined;
  if (needPolicy && inputs.policyCommit) {
    policy = await policyAt(inputs.repo, inputs.policyCommit);
    if (policy && inputs.policyAtTip) {
      warnings.push(
        `no trusted base commit: the policy ${POLICY_FILE} is read at the tip ${inputs.policyCommit.slice(0, 12)}, which the verified commits could have written`,
      );
    }
  }

  let allowed: string[];
  let signersFrom: string;
  if (inputs.fingerprints.length > 0) {
    allowed = inputs.fingerprints.map((f) => {
      const n = normalizeFingerprint(f);
      if (!n) throw usageError(`--fingerprint expects 40 or 64 hex digits (spaces allowed), got '${f}'`);
      return n;
    });
    signersFrom = 'the command line';
  } else {
    allowed = policy?.signers ?? [];
    signersFrom = `${POLICY_FILE} at ${inputs.policyCommit?.slice(0, 12) ?? '?'}`;
  }
  if (allowed.length === 0) {
    throw environmentError(
      `no allowed signer: give --fingerprint FPR or list signers in ${POLICY_FILE}${
        inputs.policyCommit ? ` (read at ${inputs.policyCommit.slice(0, 12)})` : ''
      }`,
    );
  }

  const files: KeyFile[] = [...(inputs.keyFiles ?? [])];
  for (const k of inputs.keyrings) files.push(...(await keyFilesOnDisk(k)));
  if (inputs.armoredKeys?.trim())
    files.push({ name: 'the keys input', data: Buffer.from(inputs.armoredKeys, 'utf8') });
  if (files.length === 0) {
    if (policy?.keyring && inputs.policyCommit) {
      const inCommit = await keyFilesInCommit(inputs.repo, inputs.policyCommit, policy.keyring);
      if (inCommit.length === 0) {
        throw environmentError(
          `the policy's keyring '${policy.keyring}' holds no key file at commit ${inputs.policyCommit.slice(0, 12)}`,
        );
      }
      files.push(...inCommit);
    } else {
      throw environmentError(`no public keys: give --keyring PATH or set keyring in ${POLICY_FILE}`);
    }
  }
  const keyring = await Keyring.fromFiles(files);
  const known = new Set(keyring.primaryFingerprints());
  for (const fpr of allowed) {
    if (!known.has(fpr))
      warnings.push(
        `allowed signer ${fpr} has no public key among the keys given: its commits will be unknown-key`,
      );
  }
  return { trust: { keyring, allowed: new Set(allowed) }, warnings, signersFrom };
}
