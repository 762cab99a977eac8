import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parsePolicy } from '../format/policy.ts';
import { readGitConfig } from '../git/config.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { environmentError } from '../model/errors.ts';
import { POLICY_FILE } from '../publisher/check.ts';
import { exportArmoredKey, lookUpSigningKey, usable } from './gpg-keys.ts';
import { gpgProgram } from './signing-setup.ts';

export type PolicyStart =
  | { action: 'exists' }
  /** No signing key configured: nothing to name yet. */
  | { action: 'skipped'; reason: string }
  | {
      action: 'created';
      signer: string;
      uid: string | null;
      keyFile: string;
      keyFileAction: 'created' | 'kept';
    };

/** Why a policy cannot be started: the signing key does not resolve to one usable secret key. */
/** Why no policy could be started: an environment problem (exit 2); nothing has been written. */
const policyStartError = (m: string) => environmentError(`cannot start .smtpfp.yml: ${m}`);

/** A user id fit for a YAML comment: printable ASCII only, shortened. */
const commentSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').slice(0, 100);

export function policyText(fingerprint: string, uid: string | null, keyring: string): string {
  return [
    '# smtpfp publisher policy: the OpenPGP keys allowed to sign commits of this repository, and',
    '# where their public keys are. Hooks and CI check commits against it; consumers follow a change',
    '# to it that a signer listed here made (a key rotation).',
    'version: 1',
    'signers:',
    `  - ${fingerprint}${uid ? ` # ${commentSafe(uid)}` : ''}`,
    `keyring: ${keyring}`,
    '',
  ].join('\n');
}

/**
 * Starts the policy of a publisher repository that has none (SPEC §2.2): `.smtpfp.yml` naming the
 * key git signs with (`user.signingkey`) and that public key exported into `keys/`. Everything is
 * checked before anything is written.
 */
export async function startPolicy(top: string): Promise<PolicyStart> {
  if (await lstat(join(top, POLICY_FILE)).catch(() => undefined)) return { action: 'exists' };
  const cfg = await readGitConfig(top);
  const spec = cfg.get('user.signingkey')?.value?.trim();
  if (!spec)
    return {
      action: 'skipped',
      reason: `no ${POLICY_FILE} created: git config user.signingkey is not set; set it ('git config user.signingkey <fingerprint>') and run 'smtpfp init' again`,
    };
  const program = gpgProgram(cfg);
  const lookup = await lookUpSigningKey(program, spec, top);
  const fix = "set 'git config user.signingkey' to the fingerprint of your signing key";
  switch (lookup.kind) {
    case 'gpg-missing':
      throw policyStartError(
        `cannot run '${program}' to export the signing key; install GnuPG or set gpg.program`,
      );
    case 'gpg-failed':
      throw policyStartError(`gpg failed looking up user.signingkey '${spec}': ${lookup.message}`);
    case 'none':
      throw policyStartError(`user.signingkey '${spec}' names no key gpg knows; ${fix}`);
    case 'public-only':
      throw policyStartError(
        `user.signingkey '${spec}' has no secret key here: commits could not be signed; ${fix}`,
      );
    case 'secret':
      break;
  }
  const keys = lookup.keys.filter(usable);
  if (keys.length !== 1)
    throw policyStartError(
      keys.length === 0
        ? `user.signingkey '${spec}' names no key that can sign (revoked, expired or without a signing key); ${fix}`
        : `user.signingkey '${spec}' matches ${keys.length} keys (${keys.map((k) => k.primary).join(', ')}); ${fix}`,
    );
  const key = keys[0]!;
  const armored = await exportArmoredKey(program, key.primary, top);
  if (!armored) throw policyStartError(`gpg exported nothing for ${key.primary}`);
  const text = policyText(key.primary, key.uid, 'keys/');
  const parsed = parsePolicy(POLICY_FILE, new TextEncoder().encode(text));
  if ('problem' in parsed)
    throw policyStartError(`the policy made for ${key.primary} does not parse: ${parsed.problem}`);

  const keyFile = `keys/${key.primary}.asc`;
  const keysDir = join(top, 'keys');
  const dirStat = await lstat(keysDir).catch(() => undefined);
  if (dirStat && !dirStat.isDirectory())
    throw policyStartError(
      `expected 'keys' to be a folder for the signers' public keys, got another kind of file`,
    );
  const existing = await lstat(join(top, keyFile)).catch(() => undefined);
  if (existing && !existing.isFile())
    throw policyStartError(`expected '${keyFile}' to be a regular file, got another kind of file`);
  // The key first, the policy last: a policy never names a key that is not in the repository.
  if (!existing) {
    await mkdir(keysDir, { recursive: true });
    await writeFileAtomic(join(top, keyFile), armored, 0o644);
  }
  await writeFileAtomic(join(top, POLICY_FILE), text, 0o644);
  return {
    action: 'created',
    signer: key.primary,
    uid: key.uid,
    keyFile,
    keyFileAction: existing ? 'kept' : 'created',
  };
}
