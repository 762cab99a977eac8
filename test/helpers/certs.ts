import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './tmp.ts';

export type KeySpec = 'ec-p256' | 'ec-p384' | 'ec-secp256k1' | 'ed25519' | 'rsa-2048' | 'rsa-1024' | 'dsa';

export interface CertOptions {
  key?: KeySpec;
  /** Days of validity from now (openssl 3.0 cannot backdate). */
  days?: number;
  digest?: 'sha256' | 'sha1' | 'md5';
  cn?: string;
}

export interface MadeCert {
  pem: string;
  keyPem: string;
  /** SHA-256 fingerprint as openssl prints it (uppercase, colons). */
  fingerprint: string;
}

const work = tempDir('smtpfp-certs-');
let dsaParams: string | undefined;

function newkeyArgs(key: KeySpec): string[] {
  switch (key) {
    case 'ec-p256':
      return ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
    case 'ec-p384':
      return ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'];
    case 'ec-secp256k1':
      return ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp256k1'];
    case 'ed25519':
      return ['-newkey', 'ed25519'];
    case 'rsa-2048':
      return ['-newkey', 'rsa:2048'];
    case 'rsa-1024':
      return ['-newkey', 'rsa:1024'];
    case 'dsa': {
      if (!dsaParams) {
        dsaParams = join(work, 'dsa-params.pem');
        if (!existsSync(dsaParams))
          execFileSync('openssl', ['dsaparam', '-out', dsaParams, '2048'], { stdio: 'ignore' });
      }
      return ['-newkey', `dsa:${dsaParams}`];
    }
  }
}

let counter = 0;

/** A self-signed certificate made by the real openssl. */
export function makeCert(opts: CertOptions = {}): MadeCert {
  const n = counter++;
  const certPath = join(work, `c${n}.pem`);
  const keyPath = join(work, `k${n}.pem`);
  const args = [
    'req',
    '-x509',
    ...newkeyArgs(opts.key ?? 'ec-p256'),
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-subj',
    `/CN=${opts.cn ?? 'mail.example.org'}`,
    '-days',
    String(opts.days ?? 365),
  ];
  if (opts.digest && opts.key !== 'ed25519') args.push(`-${opts.digest}`);
  execFileSync('openssl', args, { stdio: 'ignore' });
  const fp = execFileSync('openssl', ['x509', '-in', certPath, '-noout', '-fingerprint', '-sha256'], {
    encoding: 'utf8',
  });
  return {
    pem: readFileSync(certPath, 'utf8'),
    keyPem: readFileSync(keyPath, 'utf8'),
    fingerprint: fp.trim().replace(/^.*=/, ''),
  };
}

/** A renewal of `of`: a new self-signed certificate (new serial, new dates) made from the same key. */
export function renewCert(of: MadeCert, opts: { days?: number; cn?: string } = {}): MadeCert {
  const n = counter++;
  const certPath = join(work, `c${n}.pem`);
  const keyPath = join(work, `k${n}.pem`);
  writeFileSync(keyPath, of.keyPem, { mode: 0o600 });
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-key',
      keyPath,
      '-out',
      certPath,
      '-subj',
      `/CN=${opts.cn ?? 'mail.example.org'}`,
      '-days',
      String(opts.days ?? 400),
    ],
    { stdio: 'ignore' },
  );
  const fp = execFileSync('openssl', ['x509', '-in', certPath, '-noout', '-fingerprint', '-sha256'], {
    encoding: 'utf8',
  });
  return {
    pem: readFileSync(certPath, 'utf8'),
    keyPem: of.keyPem,
    fingerprint: fp.trim().replace(/^.*=/, ''),
  };
}

/** SHA-256 of a certificate's SubjectPublicKeyInfo computed by openssl (NOTES.md), uppercase with colons. */
export function spkiDigest(pem: string): string {
  const pub = execFileSync('openssl', ['x509', '-noout', '-pubkey'], { input: pem });
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], { input: pub });
  const hex = execFileSync('openssl', ['dgst', '-sha256', '-hex'], { input: der, encoding: 'utf8' });
  return hex
    .trim()
    .replace(/^.*= */, '')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1:');
}
