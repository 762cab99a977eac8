/**
 * Judging a key at the time a signature says it was made, whatever the current clock.
 *
 * Which self-signature governs a key: its newest valid one, as gpg decides (SPEC §3.2). GnuPG's
 * `--quick-set-expire` replaces the self-signature the key was created with, so a commit signed
 * before the change finds no self-signature of its own time (openpgp.js then rejects it, openpgpjs
 * #1800); and keys that kept their older self-signatures carry statements that a later one
 * superseded: a key that lapsed and was extended afterwards covers the lapse, as in gpg. The
 * newest statement is applied back to the key's creation: a signature made before the key's
 * creation, after the governing expiry, or at any time under a hard revocation is still refused.
 */
import type { KeyHistory, KeyStatement, SigningKey } from './keyring.ts';

export interface KeyJudgement {
  /** The key cannot vouch for any signature (no valid self-signature, not a signing key, too weak). */
  unusable: string | null;
  /** A revocation applies to a signature made at this time. */
  revoked: string | null;
  /** The key was not valid yet, or no longer, at this time. */
  expired: string | null;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The statement in force: the newest valid self-signature (statements are oldest first). */
export function governingStatement(statements: readonly KeyStatement[]): KeyStatement | null {
  return statements[statements.length - 1] ?? null;
}

function revocation(history: KeyHistory, at: number, what: string): string | null {
  for (const r of history.revocations) {
    const reason = r.reason === null ? 'no reason given' : `reason ${r.reason}`;
    const by = r.designated ? ' by its designated revocation key' : '';
    if (r.hard)
      return `${what} was revoked${by} on ${iso(r.created)} (${reason}: applies to every signature)`;
    if (r.created <= at)
      return `${what} was retired${by} on ${iso(r.created)} (${reason}), before this signature`;
  }
  return null;
}

function expiry(
  history: KeyHistory,
  statement: KeyStatement | null,
  at: number,
  what: string,
): string | null {
  if (at < history.created) {
    return `${what} was created on ${iso(history.created)}, after the signature's date ${iso(at)}`;
  }
  if (statement?.expires != null && at >= statement.expires) {
    return `${what} expired on ${iso(statement.expires)}, before the signature's date ${iso(at)}`;
  }
  return null;
}

/** Everything that stands against `key` having made a valid signature at time `at` (ms). */
export function judgeKey(key: SigningKey, at: number): KeyJudgement {
  const primaryStatement = governingStatement(key.primary.statements);
  const ownStatement = key.isPrimary ? primaryStatement : governingStatement(key.own.statements);
  const what = key.isPrimary ? 'the key' : `the signing subkey ${key.fingerprint}`;

  let unusable: string | null = key.verifier.unusable ?? key.verifier.weakness;
  if (!primaryStatement) unusable ??= 'the key has no valid self-signature';
  else if (!ownStatement) unusable ??= `${what} is not bound to its primary key by a valid signature`;
  else if (!ownStatement.canSign) unusable ??= `${what} is not certified for signing`;

  const revoked =
    revocation(key.primary, at, key.isPrimary ? 'the key' : 'its primary key') ??
    (key.isPrimary ? null : revocation(key.own, at, what));
  const expired =
    expiry(key.primary, primaryStatement, at, key.isPrimary ? 'the key' : 'its primary key') ??
    (key.isPrimary ? null : expiry(key.own, ownStatement, at, what));
  return { unusable, revoked, expired };
}
