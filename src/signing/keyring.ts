/**
 * Public keys from key files, parsed once, with each key's self-signed history (self-signatures,
 * subkey bindings, revocations) checked once and kept for judging signatures at any time.
 */

import type { AnyKeyPacket, Key, SignaturePacket, Subkey, User } from 'openpgp';
import * as openpgp from 'openpgp';
import { printable } from '../model/text.ts';
import { createVerifier, type SignatureVerifier } from './crypto.ts';
import { SigningError } from './errors.ts';

const { enums } = openpgp;

export interface KeyFile {
  /** Shown in errors: a path relative to the repository, or as given on the command line. */
  name: string;
  data: Uint8Array;
}

/** What one valid self-signature (or subkey binding) states about a key, from its creation on. */
export interface KeyStatement {
  /** Creation time of the self-signature, ms since the epoch. */
  created: number;
  /** When the key expires according to this statement (ms), or null for never. */
  expires: number | null;
  /** Whether the key flags allow signing data (no flags: allowed). */
  canSign: boolean;
}

export interface KeyRevocation {
  created: number;
  /** The reason code (RFC 9580 §5.2.3.31), null when none is given. */
  reason: number | null;
  /** Hard revocations invalidate every signature, soft ones only those made after them. */
  hard: boolean;
  /** Made by a designated revocation key rather than the key itself (not checked: trusted as is). */
  designated?: boolean;
}

/** A (sub)key's checked history: the input to judging it at a signature's creation time. */
export interface KeyHistory {
  fingerprint: string;
  created: number;
  /**
   * Valid self-signatures (subkey binding signatures for a subkey), oldest first. A binding
   * without a valid back-signature does not allow signing.
   */
  statements: KeyStatement[];
  revocations: KeyRevocation[];
}

/** A key that can have made a signature: the primary key itself or one of its subkeys. */
export interface SigningKey {
  /** Uppercase hex fingerprint of the primary key: the signer's identity. */
  primaryFingerprint: string;
  /** Uppercase hex fingerprint of this (sub)key. */
  fingerprint: string;
  isPrimary: boolean;
  /** The primary key's first self-certified user ID, for messages. */
  userId: string | null;
  primary: KeyHistory;
  /** This key's own history: the same object as `primary` for a primary key. */
  own: KeyHistory;
  verifier: SignatureVerifier;
}

/** Signature subpacket 29 reasons that only retire a key from their date on (SPEC §3.2). */
const SOFT_REASONS: ReadonlySet<number> = new Set([
  enums.reasonForRevocation.keySuperseded,
  enums.reasonForRevocation.keyRetired,
  enums.reasonForRevocation.userIDInvalid,
]);

const SIGN_DATA_FLAG = 0x02;

type KeyWithDirect = Key & { directSignatures?: SignaturePacket[] };

const upperHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();

/**
 * openpgp.js refuses any self-signature naming a designated revocation key; the signature is
 * otherwise sound, so it is checked without that subpacket. Revocations by the designated key
 * are then honoured without checking them (the keyring is trusted material; failing closed).
 */
function checkable(sig: SignaturePacket): SignaturePacket {
  if (sig.revocationKeyClass === null) return sig;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(sig)) as SignaturePacket, sig);
  copy.revocationKeyClass = null;
  return copy;
}

async function valid(
  sig: SignaturePacket,
  signer: AnyKeyPacket,
  type: openpgp.enums.signature,
  data: object,
): Promise<boolean> {
  if (sig.signatureType !== type || !sig.created) return false;
  try {
    // Dated at its own creation: when a self-signature applies is decided by the caller.
    await checkable(sig).verify(signer, type, data, sig.created);
    return true;
  } catch {
    return false;
  }
}

function statementOf(sig: SignaturePacket, keyCreated: number): KeyStatement {
  const flags = sig.keyFlags?.[0];
  return {
    created: sig.created!.getTime(),
    expires:
      sig.keyNeverExpires === false && sig.keyExpirationTime
        ? keyCreated + sig.keyExpirationTime * 1000
        : null,
    canSign: flags === undefined || (flags & SIGN_DATA_FLAG) !== 0,
  };
}

function revocationOf(sig: SignaturePacket, designated = false): KeyRevocation {
  const reason = sig.reasonForRevocationFlag;
  return {
    created: sig.created?.getTime() ?? 0,
    reason,
    hard: reason === null || !SOFT_REASONS.has(reason),
    ...(designated ? { designated } : {}),
  };
}

function byDesignatedRevoker(sig: SignaturePacket, revokers: ReadonlySet<string>): boolean {
  if (sig.issuerFingerprint?.length) return revokers.has(upperHex(sig.issuerFingerprint));
  const keyId = sig.issuerKeyID.toHex().toUpperCase();
  return [...revokers].some((fpr) => fpr.endsWith(keyId));
}

const byCreation = (a: { created: number }, b: { created: number }): number => a.created - b.created;

/** One primary key, possibly read from several files (e.g. the key and, later, its revocation). */
class Certificate {
  private analysis: Promise<Map<string, SigningKey>> | undefined;

  constructor(
    readonly fingerprint: string,
    readonly copies: Key[],
  ) {}

  /** Signing candidates by (sub)key fingerprint; computed on first use, then kept. */
  keys(): Promise<Map<string, SigningKey>> {
    this.analysis ??= this.analyze();
    return this.analysis;
  }

  userIds(): string[] {
    return [...new Set(this.copies.flatMap((k) => k.getUserIDs()).map(printable))];
  }

  private async analyze(): Promise<Map<string, SigningKey>> {
    const first = this.copies[0]!;
    const primaryPacket = first.keyPacket;
    const created = primaryPacket.created.getTime();
    const statements: KeyStatement[] = [];
    const revocations: KeyRevocation[] = [];
    const revokers = new Set<string>();
    let userId: string | null = null;

    for (const copy of this.copies) {
      for (const user of copy.users) {
        const data = { userID: user.userID, userAttribute: user.userAttribute, key: primaryPacket };
        for (const sig of user.selfCertifications) {
          if (sig.signatureType !== null && (await valid(sig, primaryPacket, sig.signatureType, data))) {
            statements.push(statementOf(sig, created));
            if (sig.revocationKeyFingerprint) revokers.add(upperHex(sig.revocationKeyFingerprint));
            userId ??= userIdOf(user);
          }
        }
      }
      for (const sig of (copy as KeyWithDirect).directSignatures ?? []) {
        if (await valid(sig, primaryPacket, enums.signature.key, { key: primaryPacket })) {
          statements.push(statementOf(sig, created));
          if (sig.revocationKeyFingerprint) revokers.add(upperHex(sig.revocationKeyFingerprint));
        }
      }
    }
    for (const copy of this.copies) {
      for (const sig of copy.revocationSignatures) {
        if (await valid(sig, primaryPacket, enums.signature.keyRevocation, { key: primaryPacket })) {
          revocations.push(revocationOf(sig));
        } else if (byDesignatedRevoker(sig, revokers)) {
          revocations.push(revocationOf(sig, true));
        }
      }
    }
    const primary: KeyHistory = {
      fingerprint: this.fingerprint,
      created,
      statements: statements.sort(byCreation),
      revocations: revocations.sort(byCreation),
    };
    const keys = new Map<string, SigningKey>();
    keys.set(this.fingerprint, {
      primaryFingerprint: this.fingerprint,
      fingerprint: this.fingerprint,
      isPrimary: true,
      userId,
      primary,
      own: primary,
      verifier: createVerifier(primaryPacket),
    });

    const subkeys = new Map<string, Subkey[]>();
    for (const copy of this.copies) {
      for (const subkey of copy.subkeys) {
        const fpr = subkey.getFingerprint().toUpperCase();
        subkeys.set(fpr, [...(subkeys.get(fpr) ?? []), subkey]);
      }
    }
    for (const [fpr, versions] of subkeys) {
      const subkeyPacket = versions[0]!.keyPacket;
      const subCreated = subkeyPacket.created.getTime();
      const data = { key: primaryPacket, bind: subkeyPacket };
      const subStatements: KeyStatement[] = [];
      const subRevocations: KeyRevocation[] = [];
      for (const version of versions) {
        for (const sig of version.bindingSignatures) {
          if (!(await valid(sig, primaryPacket, enums.signature.subkeyBinding, data))) continue;
          const statement = statementOf(sig, subCreated);
          // A signing subkey must certify its primary (back-signature), or anyone could claim it.
          const back = sig.embeddedSignature;
          const crossCertified =
            back !== null && (await valid(back, subkeyPacket, enums.signature.keyBinding, data));
          subStatements.push(crossCertified ? statement : { ...statement, canSign: false });
        }
        for (const sig of version.revocationSignatures) {
          if (await valid(sig, primaryPacket, enums.signature.subkeyRevocation, data)) {
            subRevocations.push(revocationOf(sig));
          }
        }
      }
      keys.set(fpr, {
        primaryFingerprint: this.fingerprint,
        fingerprint: fpr,
        isPrimary: false,
        userId,
        primary,
        own: {
          fingerprint: fpr,
          created: subCreated,
          statements: subStatements.sort(byCreation),
          revocations: subRevocations.sort(byCreation),
        },
        verifier: createVerifier(subkeyPacket),
      });
    }
    return keys;
  }
}

function userIdOf(user: User): string | null {
  const id = user.userID?.userID;
  return id ? printable(id) : null;
}

const ARMOR_BLOCK = /-----BEGIN PGP (PUBLIC|PRIVATE) KEY BLOCK-----[\s\S]*?-----END PGP \1 KEY BLOCK-----/g;

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Reads every key of one file: several armored blocks, or a binary stream of many keys. A block
 * without a usable key (a lone revocation certificate for an absent key, a damaged block) is
 * skipped with a warning, as gpg skips it; only a file that yields no key at all is an error.
 */
async function readKeyFile(file: KeyFile, warnings: string[]): Promise<Key[]> {
  const text = new TextDecoder('latin1').decode(file.data);
  if (text.includes('-----BEGIN PGP ')) {
    const blocks = text.match(ARMOR_BLOCK) ?? [];
    if (blocks.length === 0) {
      if (/-----BEGIN PGP (PUBLIC|PRIVATE) KEY BLOCK-----/.test(text)) {
        throw new SigningError('BAD_KEYRING', `${file.name}: a key block has no END line`, file.name);
      }
      throw new SigningError(
        'NO_KEYS',
        `${file.name}: expected an OpenPGP public key block, got only other armored data`,
        file.name,
      );
    }
    const keys: Key[] = [];
    const skipped: string[] = [];
    for (const [index, block] of blocks.entries()) {
      try {
        // gpg reads armor lines with leading whitespace (keys pasted indented into a file).
        keys.push(...(await openpgp.readKeys({ armoredKeys: block.replace(/^[ \t]+/gm, '') })));
      } catch (e) {
        skipped.push(`${file.name}: armored key block ${index + 1} cannot be read: ${describeError(e)}`);
      }
    }
    if (keys.length === 0) throw new SigningError('BAD_KEYRING', skipped[0]!, file.name);
    for (const reason of skipped) warnings.push(`${reason} (block skipped)`);
    return keys;
  }
  const firstByte = file.data[0];
  if (firstByte === undefined || text.trim() === '') {
    throw new SigningError(
      'NO_KEYS',
      `${file.name}: expected OpenPGP public keys, got an empty file`,
      file.name,
    );
  }
  // Every OpenPGP packet header has its top bit set; text without armor holds no key.
  if ((firstByte & 0x80) === 0) {
    throw new SigningError(
      'NO_KEYS',
      `${file.name}: expected OpenPGP public keys (armored or binary), got text without a key block`,
      file.name,
    );
  }
  try {
    return await openpgp.readKeys({ binaryKeys: file.data });
  } catch (e) {
    const message = describeError(e);
    if (/no key packet/i.test(message)) {
      throw new SigningError('NO_KEYS', `${file.name}: binary OpenPGP data without any key`, file.name);
    }
    throw new SigningError(
      'BAD_KEYRING',
      `${file.name}: expected binary OpenPGP keys, could not read them: ${message}`,
      file.name,
    );
  }
}

interface Entry {
  certificate: Certificate;
  fingerprint: string;
}

/** Issuer of a signature as it names itself: fingerprint (preferred) and/or key id, uppercase hex. */
export interface Issuer {
  fingerprint: string | null;
  keyId: string | null;
}

/** A set of public keys, looked up by the issuer of a signature. Immutable. */
export class Keyring {
  private readonly byFingerprint = new Map<string, Entry[]>();
  private readonly byKeyId = new Map<string, Entry[]>();

  private constructor(private readonly certificates: ReadonlyMap<string, Certificate>) {
    for (const certificate of certificates.values()) {
      for (const copy of certificate.copies) {
        for (const key of copy.getKeys()) {
          const fingerprint = key.getFingerprint().toUpperCase();
          const entry = { certificate, fingerprint };
          addOnce(this.byFingerprint, fingerprint, entry);
          addOnce(this.byKeyId, key.getKeyID().toHex().toUpperCase(), entry);
        }
      }
    }
  }

  /**
   * Reads key files: armored (every block in the file) or binary (`gpg --export`, many keys).
   * Throws SigningError NO_KEYS for a file without any key, BAD_KEYRING for unreadable data; an
   * armored block skipped beside usable ones adds a line to `warnings`.
   */
  static async fromFiles(files: readonly KeyFile[], warnings: string[] = []): Promise<Keyring> {
    const grouped = new Map<string, Key[]>();
    for (const file of files) {
      for (const key of await readKeyFile(file, warnings)) {
        const publicKey = key.isPrivate() ? key.toPublic() : key;
        const fpr = publicKey.getFingerprint().toUpperCase();
        grouped.set(fpr, [...(grouped.get(fpr) ?? []), publicKey]);
      }
    }
    return new Keyring(new Map([...grouped].map(([fpr, copies]) => [fpr, new Certificate(fpr, copies)])));
  }

  static empty(): Keyring {
    return new Keyring(new Map());
  }

  /** The union of several keyrings (a key present in several is the union of its copies). */
  static merge(...keyrings: Keyring[]): Keyring {
    const copies = new Map<string, Key[]>();
    for (const ring of keyrings) {
      for (const [fpr, certificate] of ring.certificates) {
        copies.set(fpr, [...(copies.get(fpr) ?? []), ...certificate.copies]);
      }
    }
    const merged = new Map<string, Certificate>();
    for (const [fpr, list] of copies) {
      const owners = keyrings.flatMap((r) => {
        const c = r.certificates.get(fpr);
        return c ? [c] : [];
      });
      // Keep the already analysed certificate when only one keyring holds the key.
      merged.set(fpr, owners.length === 1 ? owners[0]! : new Certificate(fpr, list));
    }
    return new Keyring(merged);
  }

  /** The keys whose primary fingerprint is among `fingerprints` (normalized, uppercase). */
  select(fingerprints: Iterable<string>): Keyring {
    const wanted = new Set(fingerprints);
    return new Keyring(new Map([...this.certificates].filter(([fpr]) => wanted.has(fpr))));
  }

  /** Primary-key fingerprints, uppercase hex, sorted. */
  primaryFingerprints(): string[] {
    return [...this.certificates.keys()].sort();
  }

  /** Whether the keyring holds the primary key with this (uppercase) fingerprint. */
  has(primaryFingerprint: string): boolean {
    return this.certificates.has(primaryFingerprint);
  }

  /** User IDs of a primary key, for reports. */
  userIds(primaryFingerprint: string): string[] {
    return this.certificates.get(primaryFingerprint)?.userIds() ?? [];
  }

  /** The (sub)keys that may have made a signature by this issuer, best match first. */
  async signingKeys(issuer: Issuer): Promise<SigningKey[]> {
    const entries = issuer.fingerprint
      ? (this.byFingerprint.get(issuer.fingerprint) ?? [])
      : issuer.keyId
        ? (this.byKeyId.get(issuer.keyId) ?? [])
        : [];
    const found: SigningKey[] = [];
    for (const { certificate, fingerprint } of entries) {
      const key = (await certificate.keys()).get(fingerprint);
      if (key) found.push(key);
    }
    return found;
  }
}

function addOnce(map: Map<string, Entry[]>, id: string, entry: Entry): void {
  const list = map.get(id);
  if (!list) map.set(id, [entry]);
  else if (!list.some((e) => e.certificate === entry.certificate && e.fingerprint === entry.fingerprint)) {
    list.push(entry);
  }
}
