/**
 * Whether what a server presents matches a pin, as Postfix decides it (SPEC §4): Postfix 2.9+
 * compares each `match=` value with both the certificate's digest and its public key's, so a
 * renewal that kept its key still matches a pin rendered from the old certificate.
 */
export type PinMatch = 'certificate' | 'public-key' | 'none';

export interface PresentedLeaf {
  fingerprint: string;
  spki: string;
}

export interface ExpectedPin {
  /** SHA-256 digests of the pinned certificates, uppercase hex with colons. */
  fingerprints: string[];
  /** SHA-256 digests of their SubjectPublicKeyInfo, same order. */
  spki: string[];
  /** Where the pin was read, for messages. */
  source: string;
}

export function matchPin(presented: PresentedLeaf, expected: ExpectedPin): PinMatch {
  const norm = (d: string) => d.toUpperCase();
  if (expected.fingerprints.some((f) => norm(f) === norm(presented.fingerprint))) return 'certificate';
  if (expected.spki.some((s) => norm(s) === norm(presented.spki))) return 'public-key';
  return 'none';
}
