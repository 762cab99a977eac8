/**
 * Signer rotation fixtures: policies naming signers, and a revoked copy of a key that leaves the
 * key itself usable in its home (gpg refuses to sign with a key it knows to be revoked, and a
 * forged commit by a revoked key is exactly what the tests need).
 */
import { createGnupgHome, exportKeys, type GnupgHome, type RevocationReason, revokeKey } from './gpg.ts';

/** A `.smtpfp.yml` naming these signers, with its keys in `keys/`. */
export function policyYaml(signers: readonly string[]): string {
  return `version: 1\nsigners:\n${signers.map((s) => `  - ${s}\n`).join('')}keyring: keys/\n`;
}

/** The armored public key of `fingerprint`, revoked with `reason`, made in a scratch home. */
export async function revokedCopy(
  home: GnupgHome,
  fingerprint: string,
  reason: RevocationReason,
  at?: Date,
): Promise<string> {
  const scratch = await createGnupgHome();
  try {
    const secret = await home.gpg([
      '--pinentry-mode',
      'loopback',
      '--passphrase',
      '',
      '--export-secret-keys',
      fingerprint,
    ]);
    await scratch.gpg(['--pinentry-mode', 'loopback', '--passphrase', '', '--import'], {
      input: secret.stdout,
    });
    await revokeKey(scratch, fingerprint, reason, at ? { at } : {});
    return Buffer.from(await exportKeys(scratch, [fingerprint], { armor: true })).toString('utf8');
  } finally {
    await scratch.close();
  }
}
