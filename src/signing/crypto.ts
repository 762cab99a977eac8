/**
 * Checking the mathematics of an OpenPGP document signature over a payload.
 *
 * openpgp.js rebuilds a WebCrypto key on every verification; here each public key becomes a
 * node:crypto KeyObject once, and the digest input (payload, hashed signature fields, trailer;
 * RFC 9580 §5.2.4) is fed to node:crypto directly. Algorithms without a fast path go through
 * openpgp.js's own signature packet verification.
 */
import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import type { AnyKeyPacket, SignaturePacket } from 'openpgp';
import * as openpgp from 'openpgp';

const { enums } = openpgp;

/** The OpenPGP hash algorithms known here: node:crypto name, label for messages, digest bytes. */
const HASHES: ReadonlyArray<readonly [algorithm: number, node: string, label: string, digestLength: number]> =
  [
    [enums.hash.md5, 'md5', 'MD5', 16],
    [enums.hash.sha1, 'sha1', 'SHA-1', 20],
    [enums.hash.ripemd, 'ripemd160', 'RIPEMD-160', 20],
    [enums.hash.sha256, 'sha256', 'SHA-256', 32],
    [enums.hash.sha384, 'sha384', 'SHA-384', 48],
    [enums.hash.sha512, 'sha512', 'SHA-512', 64],
    [enums.hash.sha224, 'sha224', 'SHA-224', 28],
    [enums.hash.sha3_256, 'sha3-256', 'SHA3-256', 32],
    [enums.hash.sha3_512, 'sha3-512', 'SHA3-512', 64],
  ];
const NODE_HASH = new Map(HASHES.map(([id, node]) => [id, node]));
const HASH_LABEL = new Map(HASHES.map(([id, , label]) => [id, label]));
const DIGEST_LENGTH = new Map(HASHES.map(([id, , , length]) => [id, length]));

/** Salt sizes of v6 signatures (RFC 9580 §9.5). */
const V6_SALT_LENGTH = new Map<number, number>([
  [enums.hash.sha256, 16],
  [enums.hash.sha384, 24],
  [enums.hash.sha512, 32],
  [enums.hash.sha224, 16],
  [enums.hash.sha3_256, 16],
  [enums.hash.sha3_512, 32],
]);

/** MD5, SHA-1 and RIPEMD-160: collisions are practical or near enough (SPEC §3.2 `weak-hash`). */
export const WEAK_HASHES: ReadonlySet<number> = new Set([enums.hash.md5, enums.hash.sha1, enums.hash.ripemd]);

export function hashLabel(algorithm: number | null): string {
  return (algorithm !== null && HASH_LABEL.get(algorithm)) || `hash algorithm ${algorithm}`;
}

/** openpgp.js keeps these on the packet without declaring them. */
interface SignatureInternals {
  salt?: Uint8Array | null;
  params?: unknown;
}

interface CurveParams {
  oid?: { getName(): string };
  Q?: Uint8Array;
  A?: Uint8Array;
  n?: Uint8Array;
  e?: Uint8Array;
  p?: Uint8Array;
}

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

function leftPad(bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length >= length) return bytes;
  const out = new Uint8Array(length);
  out.set(bytes, length - bytes.length);
  return out;
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  const first = bytes[i];
  if (first === undefined) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(first));
}

/**
 * Text-mode (0x01) signatures cover the data with every line ending as CR LF. Built in one Buffer
 * of the final size: the payload may be megabytes.
 */
function canonicalLineEndings(data: Uint8Array): Uint8Array {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.length);
  let bare = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) {
    if (at === 0 || bytes[at - 1] !== 0x0d) bare++;
  }
  if (bare === 0) return data;
  const out = Buffer.allocUnsafe(bytes.length + bare);
  let from = 0;
  let to = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) {
    if (at !== 0 && bytes[at - 1] === 0x0d) continue;
    to += bytes.copy(out, to, from, at);
    out[to++] = 0x0d;
    from = at; // the LF itself is copied with the next part
  }
  bytes.copy(out, to, from);
  return out;
}

/** The byte strings hashed for a document signature, in order (RFC 9580 §5.2.4). */
function hashInput(sig: SignaturePacket, payload: Uint8Array): Uint8Array[] {
  const data = sig.signatureType === enums.signature.text ? canonicalLineEndings(payload) : payload;
  const hashed = sig.signatureData ?? new Uint8Array(0);
  const trailer = new Uint8Array(6);
  trailer[0] = sig.version;
  trailer[1] = 0xff;
  new DataView(trailer.buffer).setUint32(2, hashed.length);
  const salt = (sig as SignaturePacket & SignatureInternals).salt;
  return sig.version === 6 && salt ? [salt, data, hashed, trailer] : [data, hashed, trailer];
}

function joined(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

function digest(hash: string, parts: Uint8Array[]): Buffer {
  const h = createHash(hash);
  for (const p of parts) h.update(p);
  return h.digest();
}

function signatureParams(sig: SignaturePacket): Record<string, Uint8Array> | null {
  const params = (sig as SignaturePacket & SignatureInternals).params;
  if (params === null || typeof params !== 'object' || params instanceof Promise) return null;
  return params as Record<string, Uint8Array>;
}

/** Why a signature does not verify, or null when it does. */
export type CryptoCheck = (
  sig: SignaturePacket,
  payload: Uint8Array,
) => Promise<string | null> | string | null;

export interface SignatureVerifier {
  /** Checks a binary (0x00) or text (0x01) document signature made by this key. */
  check: CryptoCheck;
  /**
   * Why this key is too weak to be trusted at all (RSA or DSA under 2048 bits, ElGamal), or null:
   * the `weak-key` status, decided before the signature is checked.
   */
  weakness: string | null;
  /** Why this key cannot make signatures at all (an encryption-only key), or null. */
  unusable?: string;
}

/** As openpgp.js (minRSABits): RSA and DSA moduli below 2048 bits are factorable or close to it. */
const MIN_MODULUS_BITS = 2047;

function fastCheck(
  keyPacket: AnyKeyPacket,
  expectedAlgorithm: number,
  verifyDigest: (
    hashAlgorithm: number,
    parts: Uint8Array[],
    sig: Record<string, Uint8Array>,
  ) => string | null,
): CryptoCheck {
  return (sig, payload) => {
    if (sig.publicKeyAlgorithm !== expectedAlgorithm) {
      return `the signature algorithm (${sig.publicKeyAlgorithm}) does not match the key's (${keyPacket.algorithm})`;
    }
    const hashAlgorithm = sig.hashAlgorithm ?? -1;
    if (!NODE_HASH.has(hashAlgorithm)) return `unknown hash algorithm ${hashAlgorithm}`;
    if (sig.version === 6) {
      const salt = (sig as SignaturePacket & SignatureInternals).salt;
      if (!salt || salt.length !== V6_SALT_LENGTH.get(hashAlgorithm))
        return 'the signature salt has the wrong size';
    }
    const params = signatureParams(sig);
    if (!params) return 'the signature values could not be read';
    try {
      return verifyDigest(hashAlgorithm, hashInput(sig, payload), params);
    } catch (e) {
      return `the signature could not be checked: ${(e as Error).message}`;
    }
  };
}

/** EdDSA signs the digest itself, which must be at least as long as the curve asks (RFC 9580 §5.2.3.4). */
function eddsaCheck(
  keyPacket: AnyKeyPacket,
  key: KeyObject,
  algorithm: number,
  minDigest: number,
  rs: (params: Record<string, Uint8Array>) => Uint8Array | null,
): CryptoCheck {
  return fastCheck(keyPacket, algorithm, (hashAlgorithm, parts, params) => {
    if ((DIGEST_LENGTH.get(hashAlgorithm) ?? 0) < minDigest) {
      return `${hashLabel(hashAlgorithm)} is too short a digest for this EdDSA key`;
    }
    const signature = rs(params);
    if (!signature) return 'the signature values have the wrong size';
    const hashed = digest(NODE_HASH.get(hashAlgorithm)!, parts);
    return cryptoVerify(null, hashed, key, signature) ? null : 'the signature does not match the signed data';
  });
}

function concatPadded(params: Record<string, Uint8Array>, size: number): Uint8Array | null {
  const { r, s } = params;
  if (!r || !s || r.length > size || s.length > size) return null;
  return Buffer.concat([leftPad(r, size), leftPad(s, size)]);
}

const ECDSA_CURVES = new Map<string, { crv: string; size: number }>([
  ['nistP256', { crv: 'P-256', size: 32 }],
  ['nistP384', { crv: 'P-384', size: 48 }],
  ['nistP521', { crv: 'P-521', size: 66 }],
]);

function curveName(params: CurveParams): string | null {
  try {
    return params.oid?.getName() ?? null;
  } catch {
    return null;
  }
}

/** Verification through openpgp.js, for algorithms without a fast path (DSA, brainpool, ...). */
function openpgpCheck(keyPacket: AnyKeyPacket): CryptoCheck {
  return async (sig, payload) => {
    try {
      const message = await openpgp.createMessage({ binary: payload });
      const literal = message.packets.findPacket(enums.packet.literalData);
      if (!literal) return 'the payload could not be prepared';
      // Dated at the signature's own creation: key validity is judged by the caller.
      await sig.verify(
        keyPacket,
        sig.signatureType ?? enums.signature.binary,
        literal,
        sig.created ?? undefined,
        true,
      );
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  };
}

/** Builds the verifier for one public (sub)key packet, once. */
export function createVerifier(keyPacket: AnyKeyPacket): SignatureVerifier {
  const params = keyPacket.publicParams as CurveParams;
  const algorithm = keyPacket.algorithm;
  try {
    switch (algorithm) {
      case enums.publicKey.rsaEncryptSign:
      case enums.publicKey.rsaSign: {
        const { n, e } = params;
        if (!n || !e) break;
        const bits = bitLength(n);
        const key = createPublicKey({ key: { kty: 'RSA', n: b64url(n), e: b64url(e) }, format: 'jwk' });
        return {
          weakness:
            bits < MIN_MODULUS_BITS
              ? `an RSA key of ${bits} bits is too weak (expected at least 2048)`
              : null,
          check: fastCheck(keyPacket, algorithm, (hashAlgorithm, parts, sig) => {
            const s = sig.s;
            if (!s || s.length > n.length) return 'the signature value has the wrong size';
            const ok = cryptoVerify(NODE_HASH.get(hashAlgorithm)!, joined(parts), key, leftPad(s, n.length));
            return ok ? null : 'the signature does not match the signed data';
          }),
        };
      }
      case enums.publicKey.eddsaLegacy: {
        const { Q } = params;
        if (curveName(params) !== 'ed25519Legacy' || !Q || Q.length !== 33 || Q[0] !== 0x40) break;
        const key = createPublicKey({
          key: { kty: 'OKP', crv: 'Ed25519', x: b64url(Q.subarray(1)) },
          format: 'jwk',
        });
        return {
          weakness: null,
          check: eddsaCheck(keyPacket, key, algorithm, 32, (p) => concatPadded(p, 32)),
        };
      }
      case enums.publicKey.ed25519:
      case enums.publicKey.ed448: {
        const { A } = params;
        const ed448 = algorithm === enums.publicKey.ed448;
        if (!A || A.length !== (ed448 ? 57 : 32)) break;
        const key = createPublicKey({
          key: { kty: 'OKP', crv: ed448 ? 'Ed448' : 'Ed25519', x: b64url(A) },
          format: 'jwk',
        });
        const size = ed448 ? 114 : 64;
        return {
          weakness: null,
          check: eddsaCheck(keyPacket, key, algorithm, ed448 ? 64 : 32, (p) =>
            p.RS && p.RS.length === size ? p.RS : null,
          ),
        };
      }
      case enums.publicKey.ecdsa: {
        const curve = ECDSA_CURVES.get(curveName(params) ?? '');
        const { Q } = params;
        if (!curve || !Q || Q.length !== 1 + 2 * curve.size || Q[0] !== 0x04) break;
        const key = createPublicKey({
          key: {
            kty: 'EC',
            crv: curve.crv,
            x: b64url(Q.subarray(1, 1 + curve.size)),
            y: b64url(Q.subarray(1 + curve.size)),
          },
          format: 'jwk',
        });
        return {
          weakness: null,
          check: fastCheck(keyPacket, algorithm, (hashAlgorithm, parts, sig) => {
            const signature = concatPadded(sig, curve.size);
            if (!signature) return 'the signature values have the wrong size';
            const ok = cryptoVerify(
              NODE_HASH.get(hashAlgorithm)!,
              joined(parts),
              { key, dsaEncoding: 'ieee-p1363' },
              signature,
            );
            return ok ? null : 'the signature does not match the signed data';
          }),
        };
      }
      case enums.publicKey.dsa: {
        const bits = params.p ? bitLength(params.p) : 0;
        return {
          weakness:
            bits < MIN_MODULUS_BITS ? `a DSA key of ${bits} bits is too weak (expected at least 2048)` : null,
          check: openpgpCheck(keyPacket),
        };
      }
      case enums.publicKey.elgamal:
        return {
          weakness: 'an ElGamal key is too weak to trust for signatures',
          check: () => 'an ElGamal key',
        };
      case enums.publicKey.rsaEncrypt:
      case enums.publicKey.ecdh:
      case enums.publicKey.x25519:
      case enums.publicKey.x448:
        return {
          weakness: null,
          unusable: 'the key is an encryption-only key and cannot make signatures',
          check: () => 'the key is an encryption-only key',
        };
    }
  } catch {
    // node:crypto refused the key material: let openpgp.js judge it
  }
  return { weakness: null, check: openpgpCheck(keyPacket) };
}
