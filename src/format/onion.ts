import { createHash } from 'node:crypto';
import { jsonStringify } from '../model/json.ts';

const V3 = /^[a-z2-7]{56}\.onion$/;
const V2 = /^[a-z2-7]{16}\.onion$/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function base32Decode(s: string): Uint8Array {
  const out = new Uint8Array(Math.floor((s.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let i = 0;
  for (const ch of s) {
    value = (value << 5) | ALPHABET.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out[i++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}

/** The two checksum bytes of a v3 address: SHA3-256(".onion checksum" | pubkey | version)[:2]. */
function onionChecksum(pubkey: Uint8Array): Uint8Array {
  return createHash('sha3-256')
    .update('.onion checksum')
    .update(pubkey)
    .update(Uint8Array.of(3))
    .digest()
    .subarray(0, 2);
}

/**
 * Why an onion address is not a usable v3 address, or undefined when it is. Beyond the shape, the
 * address embeds a version byte and a checksum (Tor rend-spec-v3 §6): checking them catches a
 * mistyped address before peers route mail to nowhere.
 */
const quoted = (s: string) => jsonStringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

export function onionProblem(address: string): string | undefined {
  if (V2.test(address)) {
    return `expected a v3 onion address (56 base32 characters then .onion), got the v2 address ${quoted(address)}: Tor has retired v2 onion services`;
  }
  if (!V3.test(address)) {
    return `expected a v3 onion address (56 characters of a-z and 2-7, then .onion), got ${quoted(address)}`;
  }
  const raw = base32Decode(address.slice(0, 56));
  const pubkey = raw.subarray(0, 32);
  const checksum = raw.subarray(32, 34);
  const version = raw[34];
  if (version !== 3)
    return `${quoted(address)} is not a valid v3 onion address: its version byte is ${version}, expected 3`;
  const expected = onionChecksum(pubkey);
  if (expected[0] !== checksum[0] || expected[1] !== checksum[1]) {
    return `${quoted(address)} is not a valid v3 onion address: its checksum does not match (a typo?)`;
  }
  return undefined;
}

/** Builds the v3 address of an Ed25519 public key (used for examples and tests). */
export function onionAddressOf(pubkey: Uint8Array): string {
  const checksum = onionChecksum(pubkey);
  const bytes = Buffer.concat([pubkey, checksum, Uint8Array.of(3)]);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return `${out}.onion`;
}
