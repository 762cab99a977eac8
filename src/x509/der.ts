/**
 * Just enough DER to read what node:crypto's X509Certificate does not give on Node 20: the
 * signature algorithm and the validity instants. Every read is bounds-checked.
 */
export interface DerNode {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

export function readNode(buf: Uint8Array, at: number, limit = buf.length): DerNode {
  if (at + 2 > limit) throw new Error('truncated DER');
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > limit) throw new Error('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i]!;
    p += n;
  }
  if (p + len > limit) throw new Error('truncated DER');
  return { tag, start: at, contentStart: p, end: p + len };
}

export function children(buf: Uint8Array, node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  let p = node.contentStart;
  while (p < node.end) {
    const c = readNode(buf, p, node.end);
    out.push(c);
    p = c.end;
  }
  return out;
}

export function oidText(buf: Uint8Array, node: DerNode): string {
  if (node.tag !== 0x06) throw new Error('expected an OID');
  const parts: number[] = [];
  let v = 0;
  for (let p = node.contentStart; p < node.end; p++) {
    const b = buf[p]!;
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** UTCTime (0x17) or GeneralizedTime (0x18) to epoch milliseconds. */
export function timeValue(buf: Uint8Array, node: DerNode): number {
  const s = Buffer.from(buf.subarray(node.contentStart, node.end)).toString('latin1');
  const m =
    node.tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) throw new Error(`bad certificate time '${s}'`);
  let year = +m[1]!;
  if (node.tag === 0x17) year += year >= 50 ? 1900 : 2000;
  const t = Date.UTC(year, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return new Date(t).setUTCFullYear(year);
}

export interface CertificateFields {
  notBefore: number;
  notAfter: number;
  signatureOid: string;
  /** For RSASSA-PSS: the hash OID from the parameters (SHA-1 when absent, per RFC 4055). */
  pssHashOid?: string;
  spki: Uint8Array;
  /** Exactly the certificate's DER: what a fingerprint is a digest of. */
  der: Uint8Array;
}

/** Bytes after the outer SEQUENCE of `der` (0 for a well-formed certificate). Throws on bad DER. */
export function trailingBytes(der: Uint8Array): number {
  return der.length - readNode(der, 0).end;
}

/** Reads a certificate's fields; throws unless `der` is exactly one certificate, nothing after it. */
export function readCertificate(der: Uint8Array): CertificateFields {
  const cert = readNode(der, 0);
  if (cert.end !== der.length) throw new Error('bytes after the certificate');
  const [tbs, sigAlg] = children(der, cert);
  if (!tbs || !sigAlg) throw new Error('not a certificate');
  const t = children(der, tbs);
  const off = t[0]?.tag === 0xa0 ? 1 : 0; // [0] version is optional
  const validity = t[off + 3];
  const spki = t[off + 5];
  if (!validity || !spki) throw new Error('not a certificate');
  const [nb, na] = children(der, validity);
  if (!nb || !na) throw new Error('certificate validity is incomplete');
  const alg = children(der, sigAlg);
  if (!alg[0]) throw new Error('certificate has no signature algorithm');
  const signatureOid = oidText(der, alg[0]);
  const fields: CertificateFields = {
    notBefore: timeValue(der, nb),
    notAfter: timeValue(der, na),
    signatureOid,
    spki: der.subarray(spki.start, spki.end),
    der: der.subarray(cert.start, cert.end),
  };
  if (signatureOid === '1.2.840.113549.1.1.10') {
    fields.pssHashOid = '1.3.14.3.2.26';
    const params = alg[1];
    if (params && params.tag === 0x30) {
      const hashField = children(der, params).find((n) => n.tag === 0xa0);
      if (hashField) {
        const hashAlg = children(der, hashField)[0];
        const oid = hashAlg && children(der, hashAlg)[0];
        if (oid) fields.pssHashOid = oidText(der, oid);
      }
    }
  }
  return fields;
}
