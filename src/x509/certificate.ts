import { createHash, X509Certificate } from 'node:crypto';
import type { RuleId, Severity } from '../model/finding.ts';
import { readCertificate, trailingBytes } from './der.ts';

export const MAX_CERT_BYTES = 64 * 1024;

export interface CertificateProblem {
  rule: RuleId;
  severity: Severity;
  message: string;
}

/** What peers pin: the leaf certificate of a PEM file. */
export interface Leaf {
  /** SHA-256 of the certificate DER, uppercase hex with colons. */
  fingerprint: string;
  /** SHA-256 of the SubjectPublicKeyInfo DER, uppercase hex with colons. */
  spki: string;
  subject: string;
  notBefore: number;
  notAfter: number;
}

export interface CertificateAnalysis {
  leaf?: Leaf;
  /** Problems of the file itself, whatever configuration names it. */
  problems: CertificateProblem[];
}

const WEAK_SIGNATURES: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'MD2 with RSA',
  '1.2.840.113549.1.1.3': 'MD4 with RSA',
  '1.2.840.113549.1.1.4': 'MD5 with RSA',
  '1.2.840.113549.1.1.5': 'SHA-1 with RSA',
  '1.2.840.10045.4.1': 'ECDSA with SHA-1',
  '1.2.840.10040.4.3': 'DSA with SHA-1',
  '1.3.14.3.2.29': 'SHA-1 with RSA (OIW)',
};
const WEAK_HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  '1.2.840.113549.2.5': 'MD5',
};
const GOOD_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

/** The labels of every PEM block, and the bodies of the CERTIFICATE ones, in file order. */
function pemBlocks(text: string): { labels: string[]; certificates: string[] } {
  // Labels in a pass of their own: a broken block must not hide a private key after it.
  const labels = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]{1,64})-----/g)].map((m) => m[1]!);
  const certificates: string[] = [];
  const begin = /-----BEGIN CERTIFICATE-----/g;
  for (let m = begin.exec(text); m; m = begin.exec(text)) {
    const endMarker = '-----END CERTIFICATE-----';
    const end = text.indexOf(endMarker, begin.lastIndex);
    if (end < 0) {
      certificates.push('');
      break;
    }
    certificates.push(text.slice(begin.lastIndex, end));
    begin.lastIndex = end + endMarker.length;
  }
  return { labels, certificates };
}

function hexColons(digest: Buffer): string {
  return digest
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');
}

function decodeBase64Strict(body: string): Buffer | undefined {
  const compact = body.replace(/[\r\n\t ]/g, '');
  if (compact.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0)
    return undefined;
  return Buffer.from(compact, 'base64');
}

/** Bytes after the DER's outer element; 0 when the DER cannot even be framed (judged later). */
function trailingOf(der: Buffer): number {
  try {
    return trailingBytes(der);
  } catch {
    return 0;
  }
}

function keyProblem(cert: X509Certificate): string | undefined {
  let key: X509Certificate['publicKey'];
  try {
    key = cert.publicKey;
  } catch {
    return 'expected an RSA, EC or EdDSA key, got a key algorithm this system does not know';
  }
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  switch (type) {
    case 'rsa':
    case 'rsa-pss': {
      const bits = details.modulusLength ?? 0;
      return bits < 2048 ? `expected an RSA key of at least 2048 bits, got ${bits} bits` : undefined;
    }
    case 'ec': {
      const curve = details.namedCurve ?? 'an unnamed curve';
      return GOOD_CURVES.has(curve) ? undefined : `expected an EC key on P-256, P-384 or P-521, got ${curve}`;
    }
    case 'ed25519':
    case 'ed448':
      return undefined;
    case 'dsa':
      return 'expected an RSA, EC or EdDSA key, got DSA (deprecated for TLS)';
    default:
      return `expected an RSA, EC or EdDSA key, got ${type ?? 'an unknown key type'}`;
  }
}

/** Parses and judges one certificate file's bytes. Never echoes file content (it may be a secret). */
export function analyzeCertificateFile(bytes: Uint8Array): CertificateAnalysis {
  const problems: CertificateProblem[] = [];
  const text = Buffer.from(bytes).toString('latin1');
  const { labels, certificates } = pemBlocks(text);
  const secret = labels.find((l) => l.includes('PRIVATE KEY'));
  if (secret) {
    problems.push({
      rule: 'private-key',
      severity: 'error',
      message: `the file holds a ${secret} block: a private key must never be committed (remove it from the history and replace the key)`,
    });
  }
  if (certificates.length === 0) {
    problems.push({
      rule: 'cert-parse',
      severity: 'error',
      message: labels.length
        ? `expected a PEM CERTIFICATE block, found only ${labels.map((l) => `'${l}'`).join(', ')}`
        : 'expected a PEM CERTIFICATE block (-----BEGIN CERTIFICATE-----), found none',
    });
    return { problems };
  }
  let leaf: Leaf | undefined;
  for (const [i, body] of certificates.entries()) {
    const which = i === 0 ? 'the leaf (first) certificate' : `certificate ${i + 1} of the chain`;
    const der = decodeBase64Strict(body);
    if (!der) {
      problems.push({
        rule: 'cert-parse',
        severity: 'error',
        message: `${which} is not valid PEM: expected base64 between BEGIN and END lines`,
      });
      continue;
    }
    // A PEM block holds one DER certificate and nothing else: bytes after it would make the
    // fingerprint disagree with every other tool's (and with what the server presents).
    const extra = trailingOf(der);
    if (extra > 0) {
      problems.push({
        rule: 'cert-parse',
        severity: 'error',
        message: `${which} has ${extra} byte${extra === 1 ? '' : 's'} after its DER: expected the block to hold exactly one certificate`,
      });
      continue;
    }
    let cert: X509Certificate;
    let fields: ReturnType<typeof readCertificate>;
    try {
      cert = new X509Certificate(der);
      fields = readCertificate(der);
    } catch {
      problems.push({
        rule: 'cert-parse',
        severity: 'error',
        message: `${which} is not a parseable X.509 certificate`,
      });
      continue;
    }
    if (i > 0) continue; // the chain is carried along, only the leaf is pinned and judged
    const weakKey = keyProblem(cert);
    if (weakKey) problems.push({ rule: 'weak-key', severity: 'error', message: weakKey });
    const weakSig =
      WEAK_SIGNATURES[fields.signatureOid] ??
      (fields.pssHashOid ? WEAK_HASHES[fields.pssHashOid] : undefined);
    if (weakSig) {
      problems.push({
        rule: 'weak-signature',
        severity: 'warning',
        message: `the certificate is signed with ${weakSig}; expected SHA-256 or stronger`,
      });
    }
    leaf = {
      fingerprint: hexColons(createHash('sha256').update(fields.der).digest()),
      spki: hexColons(createHash('sha256').update(fields.spki).digest()),
      subject: cert.subject.replace(/\n/g, ', '),
      notBefore: fields.notBefore,
      notAfter: fields.notAfter,
    };
  }
  return leaf ? { leaf, problems } : { problems };
}

/** The digests and dates of one DER certificate, e.g. the leaf a server presented. Throws on bad DER. */
export function leafOfDer(der: Uint8Array): Leaf {
  const bytes = Buffer.from(der);
  const cert = new X509Certificate(bytes);
  const fields = readCertificate(bytes);
  return {
    fingerprint: hexColons(createHash('sha256').update(fields.der).digest()),
    spki: hexColons(createHash('sha256').update(fields.spki).digest()),
    subject: cert.subject.replace(/\n/g, ', '),
    notBefore: fields.notBefore,
    notAfter: fields.notAfter,
  };
}
