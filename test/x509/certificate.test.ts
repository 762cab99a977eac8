/**
 * The fingerprint smtpfp pins is the SHA-256 of exactly the certificate DER, the digest
 * `openssl x509 -fingerprint -sha256` prints for the same file (and a server's certificate has).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeCertificateFile } from '../../src/x509/certificate.ts';
import { makeCert } from '../helpers/certs.ts';
import { tempDir } from '../helpers/tmp.ts';

const LEAF = makeCert({ key: 'ec-p256', cn: 'mail.example.org' });
const ISSUER = makeCert({ key: 'rsa-2048', cn: 'ca.example.org' });
const work = tempDir('smtpfp-x509-');

const derOf = (pem: string): Buffer =>
  Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
const pemOf = (der: Buffer): string =>
  `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;

/** What openssl says the file's (first) certificate's SHA-256 fingerprint is. */
function opensslFingerprint(pem: string): string {
  const path = join(work, `c${Math.random().toString(36).slice(2)}.pem`);
  writeFileSync(path, pem);
  const out = execFileSync('openssl', ['x509', '-in', path, '-noout', '-fingerprint', '-sha256'], {
    encoding: 'utf8',
  });
  const m = /Fingerprint=([0-9A-F:]+)/i.exec(out);
  assert.ok(m, out);
  return m[1]!.toUpperCase();
}

describe('certificate fingerprints agree with openssl', () => {
  it('for one certificate and for a chain (the leaf is pinned)', () => {
    for (const pem of [LEAF.pem, `${LEAF.pem}${ISSUER.pem}`, ISSUER.pem]) {
      const a = analyzeCertificateFile(Buffer.from(pem));
      assert.deepEqual(a.problems, []);
      assert.equal(a.leaf?.fingerprint, opensslFingerprint(pem));
    }
  });

  for (const extra of [Buffer.from([0]), Buffer.from('trailing garbage'), derOf(ISSUER.pem)]) {
    it(`refuses ${extra.length} bytes after the DER inside the block, pinning nothing`, () => {
      const pem = pemOf(Buffer.concat([derOf(LEAF.pem), extra]));
      const a = analyzeCertificateFile(Buffer.from(pem));
      assert.equal(a.leaf, undefined, 'no fingerprint that openssl and the server would not agree with');
      assert.deepEqual(
        a.problems.map((p) => [p.rule, p.severity]),
        [['cert-parse', 'error']],
      );
      assert.match(a.problems[0]!.message, new RegExp(`${extra.length} bytes? after its DER`));
      // openssl reads the certificate alone: the digest of the whole block would be a pin no server matches.
      assert.equal(opensslFingerprint(pem), opensslFingerprint(LEAF.pem));
    });
  }

  it('refuses trailing bytes in a chain certificate too, keeping the leaf pin', () => {
    const pem = `${LEAF.pem}${pemOf(Buffer.concat([derOf(ISSUER.pem), Buffer.from([5, 0])]))}`;
    const a = analyzeCertificateFile(Buffer.from(pem));
    assert.equal(a.problems.length, 1);
    assert.match(a.problems[0]!.message, /^certificate 2 of the chain has 2 bytes after its DER/);
    assert.equal(a.leaf?.fingerprint, opensslFingerprint(LEAF.pem));
  });
});
