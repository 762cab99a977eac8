import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { onionAddressOf } from '../../src/format/onion.ts';
import type { DomainPin, PinnedCertificate, PinSet, RenderOptions } from '../../src/model/pins.ts';
import { analyzeCertificateFile } from '../../src/x509/certificate.ts';
import { type CertOptions, type MadeCert, makeCert } from '../helpers/certs.ts';

export const OPTS: RenderOptions = { generator: 'smtpfp 0.0.0-test', torTransport: 'smtptor' };
export const COMMIT = 'a'.repeat(40);

export const colons = (hex: string) => hex.toUpperCase().match(/../g)!.join(':');

/** The public key's SHA-256 by the openssl pipeline of NOTES.md (no shell: each step's output is piped by hand). */
export function opensslSpki(pem: string): string {
  const pub = execFileSync('openssl', ['x509', '-noout', '-pubkey'], { input: pem });
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], { input: pub });
  const out = execFileSync('openssl', ['dgst', '-sha256'], { input: der, encoding: 'utf8' });
  return colons(out.trim().replace(/^.*= */, ''));
}

/** The certificate's SHA-256 as `openssl x509 -fingerprint -sha256` prints it. */
export function opensslFingerprint(pem: string): string {
  const out = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], {
    input: pem,
    encoding: 'utf8',
  });
  return out.trim().replace(/^.*=/, '');
}

export interface RealCert extends MadeCert {
  pinned: PinnedCertificate;
}

/** A certificate made by openssl and analysed by smtpfp's own X.509 code, as the consumer pins it. */
export function realCert(validAfter: number, opts: CertOptions = {}): RealCert {
  const made = makeCert(opts);
  const leaf = analyzeCertificateFile(Buffer.from(made.pem)).leaf;
  if (!leaf) throw new Error('openssl made a certificate smtpfp cannot read');
  return {
    ...made,
    pinned: {
      fingerprint: leaf.fingerprint,
      spki: leaf.spki,
      subject: leaf.subject,
      notAfter: leaf.notAfter,
      validAfter,
      path: `certs/${opts.cn ?? 'mail'}.pem`,
    },
  };
}

export function randomOnion(): string {
  return onionAddressOf(randomBytes(32));
}

export function pin(
  domain: string,
  certificates: PinnedCertificate[],
  hiddenService: string | null = null,
  group = 'potager',
): DomainPin {
  return { domain, group, commit: COMMIT, certificates, hiddenService };
}

export function pinSet(domains: DomainPin[], service = 'smtp'): PinSet {
  return { service, domains };
}

/** A renewal of a certificate that keeps its key (certbot --reuse-key), made by openssl. */
export function renewSameKey(
  of: MadeCert,
  dir: string,
  validAfter: number,
  cn = 'mail.example.org',
): RealCert {
  const keyPath = `${dir}/renew-${Math.random().toString(36).slice(2)}.key`;
  writeFileSync(keyPath, of.keyPem, { mode: 0o600 });
  const pem = execFileSync(
    'openssl',
    ['req', '-x509', '-key', keyPath, '-subj', `/CN=${cn}`, '-days', '400'],
    {
      encoding: 'utf8',
    },
  );
  const leaf = analyzeCertificateFile(Buffer.from(pem)).leaf!;
  return {
    pem,
    keyPem: of.keyPem,
    fingerprint: opensslFingerprint(pem),
    pinned: {
      fingerprint: leaf.fingerprint,
      spki: leaf.spki,
      subject: leaf.subject,
      notAfter: leaf.notAfter,
      validAfter,
      path: 'certs/renewed.pem',
    },
  };
}
