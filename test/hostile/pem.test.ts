/**
 * Hostile certificate files (SPEC §3.1, §5): the file a `cert:` line names is input from the
 * publisher's repository, read from HEAD's tree and parsed by smtpfp's own DER code.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { makeCert } from '../helpers/certs.ts';
import { GOOD_CERT, serviceYaml } from '../publisher/fixtures.ts';
import { checkCorpus } from './check-runner.ts';
import type { CheckCase } from './harness.ts';

const OTHER = makeCert({ key: 'ec-p256', cn: 'other.example.org' });
const RSA = makeCert({ key: 'rsa-2048', cn: 'rsa.example.org' });

const body = (pem: string): string => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
const block = (label: string, base64: string): string =>
  `-----BEGIN ${label}-----\n${base64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
const der = (pem: string): Buffer => Buffer.from(body(pem), 'base64');

/** DER: a tag, a length (short or long form) and the content. */
function tlv(tag: number, content: Uint8Array): Buffer {
  const n = content.length;
  const len =
    n < 0x80
      ? Buffer.from([n])
      : n < 0x100
        ? Buffer.from([0x81, n])
        : n < 0x10000
          ? Buffer.from([0x82, n >> 8, n & 0xff])
          : Buffer.from([0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, content]);
}

/** SEQUENCE inside SEQUENCE, `depth` times: an ASN.1 nesting bomb that fits in 64 KiB. */
function nestedSequences(depth: number): Buffer {
  let inner: Buffer = Buffer.alloc(0);
  for (let i = 0; i < depth; i++) inner = tlv(0x30, inner);
  return inner;
}

const withCert = (content: string | Uint8Array): Record<string, string | Uint8Array> => ({
  'smtp.yml': serviceYaml(),
  'certs/mail.pem': content,
});

const goodDer = der(GOOD_CERT.pem);
const keyBody = body(GOOD_CERT.keyPem);
/** The private key's text must never be echoed, whatever else is printed. */
const keyNotEchoed = (_: unknown, text: { stdout: string; stderr: string }) => {
  for (const piece of [keyBody.slice(10, 40), keyBody.slice(-40, -10)]) {
    assert.ok(
      !text.stdout.includes(piece) && !text.stderr.includes(piece),
      'the private key text was printed',
    );
  }
};

const cases: CheckCase[] = [
  { name: 'baseline: one good certificate', files: withCert(GOOD_CERT.pem), exit: 0, rules: [] },
  { name: 'an empty file', files: withCert(''), exit: 1, rules: ['cert-parse'] },
  {
    name: 'truncated in the middle of the base64',
    files: withCert(GOOD_CERT.pem.slice(0, GOOD_CERT.pem.length / 2)),
    exit: 1,
    rules: ['cert-parse'],
  },
  {
    name: 'the END line missing',
    files: withCert(GOOD_CERT.pem.replace(/-----END CERTIFICATE-----\n?$/, '')),
    exit: 1,
    rules: ['cert-parse'],
  },
  {
    name: 'BEGIN and END labels differ',
    files: withCert(GOOD_CERT.pem.replace('END CERTIFICATE', 'END X509 CRL')),
    exit: 1,
    rules: ['cert-parse'],
  },
  {
    name: 'DER cut short inside a valid PEM block',
    files: withCert(block('CERTIFICATE', goodDer.subarray(0, goodDer.length - 20).toString('base64'))),
    exit: 1,
    rules: ['cert-parse'],
  },
  {
    // openssl reads the certificate alone; a digest of the whole block would pin no server.
    name: 'bytes after the DER inside a valid PEM block',
    files: withCert(block('CERTIFICATE', Buffer.concat([goodDer, Buffer.from('tail')]).toString('base64'))),
    exit: 1,
    rules: ['cert-parse'],
    also: (findings) => assert.match(findings[0]!.message, /has 4 bytes after its DER/),
  },
  {
    name: 'wrong block type: PUBLIC KEY',
    files: withCert(block('PUBLIC KEY', goodDer.toString('base64'))),
    exit: 1,
    rules: ['cert-parse'],
  },
  {
    name: 'wrong block type: CERTIFICATE REQUEST',
    files: withCert(block('CERTIFICATE REQUEST', goodDer.toString('base64'))),
    exit: 1,
    rules: ['cert-parse'],
  },
  {
    name: 'wrong block type: TRUSTED CERTIFICATE',
    files: withCert(block('TRUSTED CERTIFICATE', goodDer.toString('base64'))),
    exit: 1,
    rules: ['cert-parse'],
  },
  {
    name: 'base64 garbage in a CERTIFICATE block',
    files: withCert(block('CERTIFICATE', '!!!!not*base64@@@@'.repeat(8))),
    exit: 1,
    rules: ['cert-parse'],
  },
  {
    name: 'valid base64 of random bytes',
    files: withCert(
      block(
        'CERTIFICATE',
        Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 131 + 7) & 0xff)).toString('base64'),
      ),
    ),
    exit: 1,
    rules: ['cert-parse'],
  },
  { name: 'binary DER instead of PEM', files: withCert(goodDer), exit: 1, rules: ['cert-parse'] },
  {
    name: 'NUL bytes and binary noise',
    files: withCert(Buffer.concat([Buffer.alloc(100), Buffer.from([0xff, 0xfe, 0x1b, 0x07])])),
    exit: 1,
    rules: ['cert-parse'],
  },
  {
    name: 'an ASN.1 nesting bomb: 11,000 nested SEQUENCEs (under 64 KiB)',
    files: withCert(block('CERTIFICATE', nestedSequences(11_000).toString('base64'))),
    exit: 1,
    rules: ['cert-parse'],
  },
  {
    name: 'a DER length that claims 2 GiB',
    files: withCert(
      block(
        'CERTIFICATE',
        Buffer.concat([Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff]), goodDer.subarray(4)]).toString(
          'base64',
        ),
      ),
    ),
    exit: 1,
    rules: ['cert-parse'],
  },
  {
    name: 'a DER length of 9 length bytes',
    files: withCert(
      block(
        'CERTIFICATE',
        Buffer.concat([Buffer.from([0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9]), goodDer.subarray(4)]).toString(
          'base64',
        ),
      ),
    ),
    exit: 1,
    rules: ['cert-parse'],
  },
  {
    name: 'over 64 KiB (a huge bundle appended)',
    files: withCert(`${GOOD_CERT.pem}${OTHER.pem.repeat(120)}`),
    exit: 1,
    rules: ['cert-too-large'],
  },
  {
    name: 'exactly 64 KiB is read',
    files: withCert(`${GOOD_CERT.pem}${'#'.repeat(65_536 - GOOD_CERT.pem.length - 1)}\n`),
    exit: 0,
    rules: [],
  },
  {
    name: 'several leaves: the first block is pinned, the others are parsed',
    files: withCert(`${GOOD_CERT.pem}${OTHER.pem}${RSA.pem}`),
    exit: 0,
    rules: [],
  },
  {
    name: 'a chain whose second block is broken',
    files: withCert(`${GOOD_CERT.pem}${block('CERTIFICATE', 'AAAA')}`),
    exit: 1,
    rules: ['cert-parse'],
  },
  { name: 'CRLF line ends', files: withCert(GOOD_CERT.pem.replace(/\n/g, '\r\n')), exit: 0, rules: [] },
  {
    name: 'text before and after the block (openssl x509 -text style)',
    files: withCert(`subject=CN = mail\n${GOOD_CERT.pem}trailer text\n`),
    exit: 0,
    rules: [],
  },
  {
    name: 'a private key after the certificate',
    files: withCert(`${GOOD_CERT.pem}${GOOD_CERT.keyPem}`),
    exit: 1,
    rules: ['private-key'],
    also: keyNotEchoed,
  },
  {
    name: 'a private key alone',
    files: withCert(GOOD_CERT.keyPem),
    exit: 1,
    rules: ['cert-parse', 'private-key'],
    also: keyNotEchoed,
  },
  {
    name: 'a private key behind a broken block (no END line before it)',
    files: withCert(`-----BEGIN CERTIFICATE-----\nAAAA\n${GOOD_CERT.keyPem}${GOOD_CERT.pem}`),
    exit: 1,
    rules: ['cert-parse', 'private-key'],
    also: keyNotEchoed,
  },
  {
    name: 'a private key inside a CERTIFICATE block label',
    files: withCert(
      GOOD_CERT.keyPem
        .replace(/PRIVATE KEY/g, 'CERTIFICATE')
        .replace('BEGIN CERTIFICATE', 'BEGIN CERTIFICATE')
        .concat(GOOD_CERT.keyPem),
    ),
    exit: 1,
    rules: ['cert-parse', 'private-key'],
    also: keyNotEchoed,
  },
  {
    name: 'an RSA PRIVATE KEY and an OPENSSH PRIVATE KEY block',
    files: withCert(
      `${GOOD_CERT.pem}${block('RSA PRIVATE KEY', keyBody)}${block('OPENSSH PRIVATE KEY', keyBody)}`,
    ),
    exit: 1,
    rules: ['private-key'],
    also: keyNotEchoed,
  },
  {
    name: 'an encrypted private key',
    files: withCert(
      `${GOOD_CERT.pem}${execFileSync('openssl', ['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-passout', 'pass:x'], { input: GOOD_CERT.keyPem, encoding: 'utf8' })}`,
    ),
    exit: 1,
    rules: ['private-key'],
  },
  {
    name: 'PEM headers (Proc-Type) inside the block',
    files: withCert(
      GOOD_CERT.pem.replace(
        '-----BEGIN CERTIFICATE-----\n',
        '-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n\n',
      ),
    ),
    exit: 1,
    rules: ['cert-parse'],
  },
  {
    name: 'an ESC sequence inside the block',
    files: withCert(GOOD_CERT.pem.replace(/\n(.{10})/, '\n\u001b]0;pwned\u0007$1')),
    exit: 1,
    rules: ['cert-parse'],
  },
];

checkCorpus('hostile PEM: check answers with a rule, in bounded time, writing nothing', cases);
