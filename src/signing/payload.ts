/**
 * Splitting signed git objects into the signed bytes and the signature, byte for byte as git does
 * (`parse_buffer_signed_by_header` for commits, `parse_signature` for tags). The payload is never
 * decoded to text: `encoding` headers, CRLF messages and non-UTF-8 bytes must reach the hash as
 * they are stored.
 */
import { printable } from '../model/text.ts';

export type SignatureKind = 'openpgp' | 'ssh' | 'x509' | 'unknown';

export interface SignedObject {
  /** The bytes the signature covers. */
  payload: Uint8Array;
  /** The signature text (armored), or null when the object is not signed. */
  signature: string | null;
  /** The signature's format, from its first line; null when not signed. */
  kind: SignatureKind | null;
}

const LF = 0x0a;
const SP = 0x20;

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

const GPGSIG = ascii('gpgsig');
const GPGSIG_SHA1 = ascii('gpgsig ');
const GPGSIG_SHA256 = ascii('gpgsig-sha256 ');

/** First lines git recognizes as the start of a signature (gpg-interface.c `sigs`). */
const SIGNATURE_STARTS: ReadonlyArray<readonly [Uint8Array, SignatureKind]> = [
  [ascii('-----BEGIN PGP SIGNATURE-----'), 'openpgp'],
  [ascii('-----BEGIN PGP MESSAGE-----'), 'openpgp'],
  [ascii('-----BEGIN SIGNED MESSAGE-----'), 'x509'],
  [ascii('-----BEGIN SSH SIGNATURE-----'), 'ssh'],
];

const latin1 = new TextDecoder('latin1');

function startsWithAt(raw: Uint8Array, pos: number, prefix: Uint8Array): boolean {
  if (pos + prefix.length > raw.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    if (raw[pos + i] !== prefix[i]) return false;
  }
  return true;
}

function lineEnd(raw: Uint8Array, pos: number): number {
  const eol = raw.indexOf(LF, pos);
  return eol < 0 ? raw.length : eol + 1;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The signature format named by its first line (armor header), as git tells them apart. */
export function signatureKind(signature: string): SignatureKind {
  const head = ascii(signature.slice(0, 40));
  for (const [start, kind] of SIGNATURE_STARTS) {
    if (startsWithAt(head, 0, start)) return kind;
  }
  return 'unknown';
}

/**
 * The header that carries the signature for the object's own hash function: `gpgsig` in SHA-1
 * repositories, `gpgsig-sha256` in SHA-256 ones. A commit may carry both (one per object format
 * of an interoperating repository); the other one signs a different rendering of the commit.
 */
function ownSignatureHeader(raw: Uint8Array): Uint8Array {
  if (startsWithAt(raw, 0, ascii('tree '))) {
    const end = lineEnd(raw, 0);
    const idLength = end - 'tree '.length - (raw[end - 1] === LF ? 1 : 0);
    if (idLength === 64) return GPGSIG_SHA256;
  }
  return GPGSIG_SHA1;
}

/** What becomes of a header field: kept in the payload, dropped, or captured as the signature. */
type FieldFate = 'keep' | 'drop' | 'capture';

/**
 * Walks the header section of an object (up to its first empty line; the rest is kept whole).
 * `fateOf` decides each field from the position of its first line and, for a captured field, how
 * many bytes its name takes; continuation lines (starting with a space) share their field's fate.
 * A captured field gives its value: the rest of the first line, then each continuation line
 * without its leading space.
 */
function walkHeader(
  raw: Uint8Array,
  fateOf: (pos: number) => readonly [FieldFate, number],
): { kept: Uint8Array[]; captured: Uint8Array[]; changed: boolean } {
  const kept: Uint8Array[] = [];
  const captured: Uint8Array[] = [];
  let fate: FieldFate = 'keep';
  let changed = false;
  let pos = 0;
  while (pos < raw.length) {
    const next = lineEnd(raw, pos);
    let valueStart = pos + 1;
    if (raw[pos] !== SP) {
      if (raw[pos] === LF) {
        kept.push(raw.subarray(pos));
        break;
      }
      const [f, nameLength] = fateOf(pos);
      fate = f;
      valueStart = pos + nameLength;
    }
    if (fate === 'keep') kept.push(raw.subarray(pos, next));
    else {
      changed = true;
      if (fate === 'capture') captured.push(raw.subarray(valueStart, next));
    }
    pos = next;
  }
  return { kept, captured, changed };
}

/**
 * Splits a raw commit object (`git cat-file commit OID`) into payload and signature. Every header
 * field whose name starts with `gpgsig` (first line and continuation lines) is left out of the
 * payload, as git does; only the header section (up to the first empty line) is searched.
 */
export function splitCommit(raw: Uint8Array): SignedObject {
  const own = ownSignatureHeader(raw);
  const { kept, captured } = walkHeader(raw, (pos) => {
    if (startsWithAt(raw, pos, own)) return ['capture', own.length];
    // A signature for the other object format: dropped with its field.
    if (startsWithAt(raw, pos, GPGSIG)) return ['drop', 0];
    return ['keep', 0];
  });
  if (captured.length === 0) return { payload: raw, signature: null, kind: null };
  const text = latin1.decode(concat(captured));
  return { payload: concat(kept), signature: text, kind: signatureKind(text) };
}

/** Removes `gpgsig`/`gpgsig-sha256` header fields (git's `remove_signature`), keeping every other byte. */
function removeSignatureHeaders(raw: Uint8Array): Uint8Array {
  const { kept, changed } = walkHeader(raw, (pos) =>
    startsWithAt(raw, pos, GPGSIG_SHA1) || startsWithAt(raw, pos, GPGSIG_SHA256) ? ['drop', 0] : ['keep', 0],
  );
  return changed ? concat(kept) : raw;
}

/**
 * Splits a raw tag object (`git cat-file tag OID`). The signature is appended to the tag message:
 * it starts at the last line that begins a signature block, anywhere in the object, as in git's
 * `parse_signed_buffer`. The payload is everything before it, minus any `gpgsig*` header field.
 */
export function splitTag(raw: Uint8Array): SignedObject {
  let match = -1;
  let kind: SignatureKind | null = null;
  for (let pos = 0; pos < raw.length; pos = lineEnd(raw, pos)) {
    for (const [start, k] of SIGNATURE_STARTS) {
      if (startsWithAt(raw, pos, start)) {
        match = pos;
        kind = k;
      }
    }
  }
  if (match < 0) return { payload: raw, signature: null, kind: null };
  return {
    payload: removeSignatureHeaders(raw.subarray(0, match)),
    signature: latin1.decode(raw.subarray(match)),
    kind,
  };
}

/** The value of the `encoding` header, if any (the message's declared character set). */
function messageEncoding(raw: Uint8Array, headerEnd: number): string | null {
  const name = ascii('encoding ');
  for (let pos = 0; pos < headerEnd; pos = lineEnd(raw, pos)) {
    if (startsWithAt(raw, pos, name)) {
      const end = lineEnd(raw, pos);
      return latin1.decode(raw.subarray(pos + name.length, end)).trim();
    }
  }
  return null;
}

function decodeMessage(bytes: Uint8Array, encoding: string | null): string {
  if (encoding) {
    try {
      return new TextDecoder(encoding).decode(bytes);
    } catch {
      // an encoding name TextDecoder does not know: fall back to UTF-8
    }
  }
  return new TextDecoder().decode(bytes);
}

/**
 * The first non-empty line of a commit's (or tag's) message, for display. Decoding honours the
 * `encoding` header and is lossy: it is never used for verification.
 */
export function commitSubject(raw: Uint8Array): string {
  let pos = 0;
  while (pos < raw.length && raw[pos] !== LF) pos = lineEnd(raw, pos);
  const encoding = messageEncoding(raw, pos);
  for (pos += 1; pos < raw.length; pos = lineEnd(raw, pos)) {
    const line = raw.subarray(pos, lineEnd(raw, pos));
    if (SIGNATURE_STARTS.some(([start]) => startsWithAt(line, 0, start))) return '';
    const text = decodeMessage(line, encoding).replace(/[\r\n]+$/, '');
    if (text.trim() !== '') return printable(text);
  }
  return '';
}
