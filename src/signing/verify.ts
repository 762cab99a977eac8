/**
 * Commit and tag signatures -> verdicts (SPEC §3.2). Each object gets exactly one status: after
 * `unsigned`, the first of unsupported, weak-hash, unknown-key, weak-key, bad-signature,
 * revoked-key, expired-key, not-allowed that applies; else good.
 */

import type { SignaturePacket } from 'openpgp';
import * as openpgp from 'openpgp';
import { normalizeFingerprint } from '../model/fingerprint.ts';
import type { CommitStatus, CommitVerdict } from '../model/verdict.ts';

export { normalizeFingerprint };

import { printable } from '../model/text.ts';
import { hashLabel, WEAK_HASHES } from './crypto.ts';
import type { Keyring, SigningKey } from './keyring.ts';
import { commitSubject, type SignedObject, splitCommit, splitTag } from './payload.ts';
import { readSignatureBlock } from './signature-block.ts';
import { judgeKey } from './validity.ts';

const { enums } = openpgp;

export interface Trust {
  keyring: Keyring;
  /** Allowed signers: primary-key fingerprints, uppercase hex without spaces (see normalizeFingerprint). */
  allowed: ReadonlySet<string>;
}

export interface SignatureCheck {
  status: CommitStatus;
  /** Primary-key fingerprint of the signing key whenever that key is known, else null. */
  signer: string | null;
  message: string;
}

export interface ObjectToVerify {
  oid: string;
  raw: Uint8Array;
  kind: 'commit' | 'tag';
  /** The object was not read because it is over the reader's size cap (bytes). */
  tooLarge?: { size: number; cap: number };
}

const iso = (d: Date | null): string => (d ? d.toISOString().replace('.000Z', 'Z') : 'an unknown date');
const upperHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();

function issuerOf(sig: SignaturePacket): { fingerprint: string | null; keyId: string | null; label: string } {
  const fingerprint = sig.issuerFingerprint?.length ? upperHex(sig.issuerFingerprint) : null;
  const keyId = sig.issuerKeyID.toHex().toUpperCase();
  return { fingerprint, keyId: /^0+$/.test(keyId) ? null : keyId, label: fingerprint ?? keyId };
}

function who(key: SigningKey): string {
  const via = key.isPrimary ? '' : ` (subkey ${key.fingerprint})`;
  return key.userId ? `${key.userId} ${key.primaryFingerprint}${via}` : `${key.primaryFingerprint}${via}`;
}

/** The signer's identity is only claimed once the key is known to belong to its primary. */
function signerOf(key: SigningKey): string | null {
  return key.isPrimary || key.own.statements.length > 0 ? key.primaryFingerprint : null;
}

/** RFC 9580 §5.2.3.7: a signature with a critical part the verifier does not understand is invalid. */
function criticalUnknown(sig: SignaturePacket): string | null {
  const subpacket = sig.unknownSubpackets.find((p) => p.critical);
  if (subpacket) return `the signature has an unknown critical subpacket (type ${subpacket.type})`;
  const notation = sig.rawNotations.find((n) => n.critical);
  if (notation) return `the signature has an unknown critical notation (${printable(notation.name)})`;
  return null;
}

async function checkPacket(sig: SignaturePacket, payload: Uint8Array, trust: Trust): Promise<SignatureCheck> {
  const issuer = issuerOf(sig);
  const candidates = await trust.keyring.signingKeys(issuer);
  const first = candidates[0];

  // Until the maths verifies, the issuer is only a claim anyone can write: no signer is named.
  if (sig.hashAlgorithm !== null && WEAK_HASHES.has(sig.hashAlgorithm)) {
    return {
      status: 'weak-hash',
      signer: null,
      message: `expected a SHA-2 (or stronger) digest, got ${hashLabel(sig.hashAlgorithm)} (the signature names the issuer ${issuer.label})`,
    };
  }
  if (!first) {
    return { status: 'unknown-key', signer: null, message: `no public key for the issuer ${issuer.label}` };
  }
  // A key too weak to trust is refused as such, whether or not its signature would match: the
  // report says what is wrong rather than calling a sound signature bad.
  const strong = candidates.filter((c) => c.verifier.weakness === null);
  if (strong.length === 0) {
    return {
      status: 'weak-key',
      signer: null,
      message: `${first.verifier.weakness} (the signature names the issuer key ${who(first)}; not checked further)`,
    };
  }
  if (sig.signatureType !== enums.signature.binary && sig.signatureType !== enums.signature.text) {
    return {
      status: 'bad-signature',
      signer: null,
      message: `expected a document signature (type 0x00 or 0x01), got type 0x${(sig.signatureType ?? 0).toString(16)}`,
    };
  }

  let key: SigningKey | undefined;
  let failure = '';
  for (const candidate of strong) {
    const reason = await candidate.verifier.check(sig, payload);
    if (reason === null) {
      key = candidate;
      break;
    }
    failure ||= reason;
  }
  if (!key) {
    return {
      status: 'bad-signature',
      signer: null,
      message: `${failure} (claimed issuer: key ${who(first)})`,
    };
  }

  const made = sig.created;
  const signer = signerOf(key);
  if (!made) return { status: 'bad-signature', signer, message: 'the signature has no creation time' };
  const critical = criticalUnknown(sig);
  if (critical) return { status: 'bad-signature', signer, message: `${critical} (${who(key)})` };
  const judgement = judgeKey(key, made.getTime());
  const against: Array<[CommitStatus, string | null]> = [
    ['bad-signature', judgement.unusable],
    ['revoked-key', judgement.revoked],
    ['expired-key', judgement.expired],
  ];
  for (const [status, reason] of against) {
    if (reason) return { status, signer, message: `${reason} (${who(key)})` };
  }
  if (!trust.allowed.has(key.primaryFingerprint)) {
    return {
      status: 'not-allowed',
      signer,
      message: `valid signature made ${iso(made)} by ${who(key)}, which is not an allowed signer`,
    };
  }
  return { status: 'good', signer, message: `good signature made ${iso(made)} by ${who(key)}` };
}

/** Verifies one split object (see splitCommit / splitTag) against the trusted keys. Never throws. */
export async function verifySignedObject(obj: SignedObject, trust: Trust): Promise<SignatureCheck> {
  if (obj.signature === null) return { status: 'unsigned', signer: null, message: 'no signature' };
  switch (obj.kind) {
    case 'ssh':
      return {
        status: 'unsupported',
        signer: null,
        message: 'an SSH signature (gpg.format=ssh): only OpenPGP signatures are supported',
      };
    case 'x509':
      return {
        status: 'unsupported',
        signer: null,
        message: 'an X.509 (CMS) signature (gpg.format=x509): only OpenPGP signatures are supported',
      };
    case 'openpgp':
      break;
    default:
      return {
        status: 'bad-signature',
        signer: null,
        message: 'expected an OpenPGP signature, got unknown data',
      };
  }
  // git hands gpg every signature field at once, and gpg refuses more than one armored block.
  const blocks = obj.signature.split('-----BEGIN PGP SIGNATURE-----').length - 1;
  if (blocks > 1) {
    return {
      status: 'bad-signature',
      signer: null,
      message: `expected one signature block, got ${blocks} (several gpgsig fields)`,
    };
  }
  let packets: SignaturePacket[];
  try {
    packets = await readSignatureBlock(obj.signature);
  } catch (e) {
    return {
      status: 'bad-signature',
      signer: null,
      message: `the signature cannot be read: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  // git hands the block to gpg, which refuses more than one signature (GOODSIG needs exactly one):
  // otherwise an unknown key's packet beside a good one would pass here and fail in git.
  if (packets.length !== 1) {
    return {
      status: 'bad-signature',
      signer: null,
      message:
        packets.length === 0
          ? 'the signature block holds no signature'
          : `expected exactly one signature packet, got ${packets.length}`,
    };
  }
  try {
    const checks = await Promise.all(packets.map((p) => checkPacket(p, obj.payload, trust)));
    return checks.find((c) => c.status === 'good') ?? checks[0]!;
  } catch (e) {
    return {
      status: 'bad-signature',
      signer: null,
      message: `the signature cannot be checked: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

async function verdictFor(object: ObjectToVerify, trust: Trust): Promise<CommitVerdict> {
  if (object.tooLarge !== undefined) {
    // Hostile content, not a broken environment: the rest of the range is still judged.
    return {
      oid: object.oid,
      status: 'bad-signature',
      signer: null,
      message: `expected a ${object.kind} object of at most ${object.tooLarge.cap} bytes, got ${object.tooLarge.size} bytes: not read, not verified`,
      kind: object.kind,
    };
  }
  const split = object.kind === 'tag' ? splitTag(object.raw) : splitCommit(object.raw);
  const check = await verifySignedObject(split, trust);
  return { oid: object.oid, ...check, subject: commitSubject(object.raw), kind: object.kind };
}

/**
 * Verifies many objects, keeping up to `concurrency` verifications in flight while the next
 * objects are read. Verdicts come back in input order.
 */
export async function verifyObjects(
  objects: AsyncIterable<ObjectToVerify> | Iterable<ObjectToVerify>,
  trust: Trust,
  opts: { concurrency?: number } = {},
): Promise<CommitVerdict[]> {
  const limit = Math.max(1, opts.concurrency ?? 16);
  const verdicts: Promise<CommitVerdict>[] = [];
  const inFlight = new Set<Promise<void>>();
  for await (const object of objects) {
    const verdict = verdictFor(object, trust);
    verdicts.push(verdict);
    const settled: Promise<void> = verdict.then(
      () => {
        inFlight.delete(settled);
      },
      () => {
        inFlight.delete(settled);
      },
    );
    inFlight.add(settled);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  return Promise.all(verdicts);
}
