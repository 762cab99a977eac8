/**
 * Reading the signature block of a git object into signature packets.
 *
 * openpgp.js's readSignature goes through web streams and several event-loop turns, which cost
 * more than checking the signature itself. A git signature is one small armored block, so the
 * plain case is decoded here synchronously and each packet parsed by openpgp.js's own
 * SignaturePacket; anything unusual goes to readSignature, which also produces the error text.
 */

import type { SignaturePacket } from 'openpgp';
import * as openpgp from 'openpgp';

const BEGIN = '-----BEGIN PGP SIGNATURE-----';
const END = '-----END PGP SIGNATURE-----';
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;
const ARMOR_HEADER = /^[A-Za-z][A-Za-z0-9-]*: /;

/** The binary content of a plain armored `PGP SIGNATURE` block, or null when it is not one. */
export function dearmorSignature(text: string): Uint8Array | null {
  const lines = text.split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  if (lines[i]?.trimEnd() !== BEGIN) return null;
  // Armor headers (`Comment: ...`) end at the first empty line.
  for (i++; i < lines.length && lines[i]!.trim() !== ''; i++) {
    if (!ARMOR_HEADER.test(lines[i]!)) return null;
  }
  let body = '';
  for (i++; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === END) {
      for (let rest = i + 1; rest < lines.length; rest++) if (lines[rest]!.trim() !== '') return null;
      if (body.length === 0 || body.length % 4 !== 0 || /=[^=]/.test(body)) return null;
      return new Uint8Array(Buffer.from(body, 'base64'));
    }
    // The CRC-24 line: integrity comes from the signature check itself.
    if (line.length === 5 && line.startsWith('=')) continue;
    if (!BASE64_LINE.test(line)) return null;
    body += line;
  }
  return null;
}

const SIGNATURE_TAG = 2;

/** Splits binary OpenPGP data into signature packet bodies; null on anything but definite-length signature packets. */
function signatureBodies(data: Uint8Array): Uint8Array[] | null {
  const bodies: Uint8Array[] = [];
  let pos = 0;
  while (pos < data.length) {
    const header = data[pos]!;
    if ((header & 0x80) === 0) return null;
    let tag: number;
    let length: number;
    let start: number;
    if (header & 0x40) {
      tag = header & 0x3f;
      const first = data[pos + 1];
      if (first === undefined) return null;
      if (first < 192) {
        length = first;
        start = pos + 2;
      } else if (first < 224) {
        length = ((first - 192) << 8) + (data[pos + 2] ?? 0) + 192;
        start = pos + 3;
      } else if (first === 255) {
        length = new DataView(data.buffer, data.byteOffset + pos + 2, 4).getUint32(0);
        start = pos + 6;
      } else {
        return null; // partial body lengths never occur in signatures
      }
    } else {
      tag = (header >> 2) & 0x0f;
      const type = header & 0x03;
      if (type === 3) return null;
      const size = 1 << type;
      start = pos + 1 + size;
      if (start > data.length) return null;
      length = 0;
      for (let b = pos + 1; b < start; b++) length = length * 256 + data[b]!;
    }
    if (tag !== SIGNATURE_TAG || start + length > data.length) return null;
    bodies.push(data.subarray(start, start + length));
    pos = start + length;
  }
  return bodies.length > 0 ? bodies : null;
}

function readFast(text: string): SignaturePacket[] | null {
  const binary = dearmorSignature(text);
  const bodies = binary && signatureBodies(binary);
  if (!bodies) return null;
  try {
    return bodies.map((body) => {
      const packet = new openpgp.SignaturePacket();
      packet.read(body);
      return packet;
    });
  } catch {
    return null;
  }
}

/** The signature packets of an armored signature; throws with openpgp.js's reason when unreadable. */
export async function readSignatureBlock(text: string): Promise<SignaturePacket[]> {
  const fast = readFast(text);
  if (fast) return fast;
  const signature = await openpgp.readSignature({ armoredSignature: text });
  return [...signature.packets];
}
