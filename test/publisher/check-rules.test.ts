import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeCert } from '../helpers/certs.ts';
import { checkJson, type JsonFinding } from '../helpers/cli.ts';
import { TestRepo } from '../helpers/repo.ts';
import { GOOD_CERT, goodPublisher, NOW_ARGS, ONION, serviceYaml, VALID_AFTER, yamlDate } from './fixtures.ts';

interface Case {
  rule: string;
  why: string;
  /** Turns the good publisher into a bad one (and commits). */
  spoil(repo: TestRepo): void;
  expect: Array<Partial<JsonFinding>>;
  args?: string[];
  exit?: number;
}

const bomb = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
  '',
].join('\n');

const cases: Case[] = [
  {
    rule: 'yaml-syntax',
    why: 'an unclosed flow sequence',
    spoil: (r) => r.write('smtp.yml', 'version: 1\nconfig: [\n  - a\n'),
    expect: [{ rule: 'yaml-syntax', file: 'smtp.yml', severity: 'error' }],
  },
  {
    rule: 'yaml-syntax',
    why: 'a duplicate key',
    spoil: (r) => r.write('smtp.yml', `version: 1\n${serviceYaml().replace('version: 1\n', '')}version: 1\n`),
    expect: [{ rule: 'yaml-syntax', file: 'smtp.yml', line: 7 }],
  },
  {
    rule: 'yaml-syntax',
    why: 'an alias bomb (billion laughs)',
    spoil: (r) => r.write('smtp.yml', bomb),
    expect: [{ rule: 'yaml-syntax', file: 'smtp.yml' }],
  },
  {
    rule: 'file-too-large',
    why: 'a service file over 1 MiB',
    spoil: (r) => r.write('smtp.yml', `${serviceYaml()}#${'x'.repeat(1024 * 1024)}\n`),
    expect: [{ rule: 'file-too-large', file: 'smtp.yml', line: null }],
  },
  {
    rule: 'schema',
    why: 'a misspelled key points at the key',
    spoil: (r) => r.write('smtp.yml', serviceYaml().replace('        cert:', '        certs:')),
    expect: [
      { rule: 'schema', line: 5, column: 9 }, // the entry lacks cert and hidden_service
      { rule: 'schema', line: 6, column: 9 }, // unknown key 'certs'
    ],
  },
  {
    rule: 'schema',
    why: 'an uppercase domain is refused, never lowercased',
    spoil: (r) => r.write('smtp.yml', serviceYaml({ domain: 'Example.org' })),
    expect: [{ rule: 'schema', line: 5, column: 17 }],
  },
  {
    rule: 'schema',
    why: 'a domain that would inject a line into a map',
    spoil: (r) =>
      r.write('smtp.yml', serviceYaml({ domain: '"example.org\\nevil.org fingerprint match=00"' })),
    expect: [{ rule: 'schema', line: 5, column: 17 }],
  },
  {
    rule: 'schema',
    why: 'an unknown version',
    spoil: (r) => r.write('smtp.yml', serviceYaml().replace('version: 1', 'version: 2')),
    expect: [{ rule: 'schema', line: 1, column: 10 }],
  },
  {
    rule: 'bad-date',
    why: 'a month 13',
    spoil: (r) => r.write('smtp.yml', serviceYaml({ validAfter: '2020-13-01 00:00' })),
    expect: [{ rule: 'bad-date', line: 3, column: 18 }],
  },
  {
    rule: 'bad-date',
    why: 'a day-first date',
    spoil: (r) => r.write('smtp.yml', serviceYaml({ validAfter: '04/08/2013' })),
    expect: [{ rule: 'bad-date', line: 3, column: 18 }],
  },
  {
    rule: 'duplicate-valid-after',
    why: 'the same instant written two ways',
    spoil: (r) => {
      const t = new Date(`${VALID_AFTER.replace(' ', 'T')}:00Z`).toISOString().replace('.000Z', 'Z');
      r.write(
        'smtp.yml',
        `${serviceYaml()}  - valid_after: ${t}\n    domains:\n      - domain: example.org\n        cert: certs/mail.pem\n`,
      );
    },
    expect: [{ rule: 'duplicate-valid-after', line: 7, column: 18 }],
  },
  {
    rule: 'duplicate-domain',
    why: 'a domain twice in one configuration',
    spoil: (r) =>
      r.write(
        'smtp.yml',
        serviceYaml({ extra: '      - domain: example.org\n        cert: certs/mail.pem' }),
      ),
    expect: [{ rule: 'duplicate-domain', line: 7, column: 17 }],
  },
  {
    rule: 'no-active-config',
    why: 'every configuration in the future',
    spoil: (r) => r.write('smtp.yml', serviceYaml({ validAfter: yamlDate(Date.now() + 100 * 86_400_000) })),
    expect: [{ rule: 'no-active-config', severity: 'warning', line: 2, column: 1 }],
    exit: 0,
  },
  {
    rule: 'cert-path',
    why: 'an absolute path',
    spoil: (r) => r.write('smtp.yml', serviceYaml({ cert: '/etc/ssl/certs/mail.pem' })),
    expect: [{ rule: 'cert-path', line: 6, column: 15 }],
  },
  {
    rule: 'cert-path',
    why: 'a path leaving the repository',
    spoil: (r) => r.write('smtp.yml', serviceYaml({ cert: 'certs/../../outside.pem' })),
    expect: [{ rule: 'cert-path', line: 6, column: 15 }],
  },
  {
    rule: 'cert-missing',
    why: 'no such file in the tree',
    spoil: (r) => r.write('smtp.yml', serviceYaml({ cert: 'certs/nope.pem' })),
    expect: [{ rule: 'cert-missing', line: 6, column: 15 }],
  },
  {
    rule: 'cert-not-regular',
    why: 'a symlink pointing outside the repository',
    spoil: (r) => {
      r.git('rm', '-q', 'certs/mail.pem');
      r.symlink('certs/mail.pem', '/etc/passwd');
    },
    expect: [{ rule: 'cert-not-regular', line: 6, column: 15 }],
  },
  {
    rule: 'cert-not-regular',
    why: 'a folder',
    spoil: (r) => r.write('smtp.yml', serviceYaml({ cert: 'certs' })),
    expect: [{ rule: 'cert-not-regular', line: 6, column: 15 }],
  },
  {
    rule: 'cert-not-regular',
    why: 'a path through a symlinked folder',
    spoil: (r) => {
      r.symlink('linked', 'certs');
      r.write('smtp.yml', serviceYaml({ cert: 'linked/mail.pem' }));
    },
    expect: [{ rule: 'cert-not-regular', line: 6, column: 15 }],
  },
  {
    rule: 'cert-not-regular',
    why: 'a submodule',
    spoil: (r) => {
      // A nested repository is recorded as a gitlink (mode 160000), as a submodule is.
      const nested = new TestRepo({ dir: `${r.dir}/certs/sub.pem` });
      nested.write('cert.pem', GOOD_CERT.pem).commit('nested');
      r.write('smtp.yml', serviceYaml({ cert: 'certs/sub.pem' }));
    },
    expect: [{ rule: 'cert-not-regular', line: 6, column: 15 }],
  },
  {
    rule: 'cert-too-large',
    why: 'a certificate file over 64 KiB',
    spoil: (r) => r.write('certs/mail.pem', `${GOOD_CERT.pem}${'#'.repeat(70 * 1024)}\n`),
    expect: [{ rule: 'cert-too-large', line: 6, column: 15 }],
  },
  {
    rule: 'cert-parse',
    why: 'no PEM block at all',
    spoil: (r) => r.write('certs/mail.pem', 'this is not a certificate\n'),
    expect: [{ rule: 'cert-parse', line: 6, column: 15 }],
  },
  {
    rule: 'cert-parse',
    why: 'a PEM block that is not a certificate',
    spoil: (r) =>
      r.write('certs/mail.pem', '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n'),
    expect: [{ rule: 'cert-parse', line: 6, column: 15 }],
  },
  {
    rule: 'cert-parse',
    why: 'a CERTIFICATE block holding garbage',
    spoil: (r) => r.write('certs/mail.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'),
    expect: [{ rule: 'cert-parse', line: 6, column: 15 }],
  },
  {
    rule: 'private-key',
    why: 'the key committed beside the certificate',
    spoil: (r) => r.write('certs/mail.pem', `${GOOD_CERT.pem}${GOOD_CERT.keyPem}`),
    expect: [{ rule: 'private-key', line: 6, column: 15 }],
  },
  {
    rule: 'private-key',
    why: 'a key hidden after an unterminated CERTIFICATE block',
    spoil: (r) =>
      r.write('certs/mail.pem', `${GOOD_CERT.pem}-----BEGIN CERTIFICATE-----\nMIIB\n${GOOD_CERT.keyPem}`),
    expect: [
      { rule: 'private-key', line: 6, column: 15 },
      { rule: 'cert-parse', line: 6, column: 15 },
    ],
  },
  {
    rule: 'cert-expired',
    why: 'checked as of a time past notAfter',
    spoil: () => {},
    args: ['--now', new Date(Date.now() + 400 * 86_400_000).toISOString()],
    expect: [{ rule: 'cert-expired', line: 6, column: 15 }],
  },
  {
    rule: 'cert-expires-soon',
    why: 'a certificate with 10 days left',
    spoil: (r) => r.write('certs/mail.pem', makeCert({ days: 12 }).pem),
    expect: [{ rule: 'cert-expires-soon', severity: 'warning', line: 6, column: 15 }],
    exit: 0,
  },
  {
    rule: 'cert-not-yet-valid',
    why: 'a configuration starting before the certificate',
    spoil: (r) => r.write('smtp.yml', serviceYaml({ validAfter: '2020-01-01 00:00' })),
    expect: [{ rule: 'cert-not-yet-valid', severity: 'warning', line: 6, column: 15 }],
    exit: 0,
  },
  {
    rule: 'weak-key',
    why: 'RSA 1024',
    spoil: (r) => r.write('certs/mail.pem', makeCert({ key: 'rsa-1024' }).pem),
    expect: [{ rule: 'weak-key', line: 6, column: 15 }],
  },
  {
    rule: 'weak-key',
    why: 'DSA',
    spoil: (r) => r.write('certs/mail.pem', makeCert({ key: 'dsa' }).pem),
    expect: [{ rule: 'weak-key', line: 6, column: 15 }],
  },
  {
    rule: 'weak-key',
    why: 'the secp256k1 curve',
    spoil: (r) => r.write('certs/mail.pem', makeCert({ key: 'ec-secp256k1' }).pem),
    expect: [{ rule: 'weak-key', line: 6, column: 15 }],
  },
  {
    rule: 'weak-signature',
    why: 'a SHA-1 signature',
    spoil: (r) => r.write('certs/mail.pem', makeCert({ key: 'rsa-2048', digest: 'sha1' }).pem),
    expect: [{ rule: 'weak-signature', severity: 'warning', line: 6, column: 15 }],
    exit: 0,
  },
  {
    rule: 'weak-signature',
    why: 'an MD5 signature',
    spoil: (r) => r.write('certs/mail.pem', makeCert({ key: 'rsa-2048', digest: 'md5' }).pem),
    expect: [{ rule: 'weak-signature', severity: 'warning', line: 6, column: 15 }],
    exit: 0,
  },
  {
    rule: 'onion-invalid',
    why: 'a retired v2 address',
    spoil: (r) =>
      r.write('smtp.yml', serviceYaml({ extra: '        hidden_service: expyuzz4wqqyqhjn.onion' })),
    expect: [{ rule: 'onion-invalid', line: 7, column: 25 }],
  },
  {
    rule: 'onion-invalid',
    why: 'a v3 address with a typo (checksum)',
    spoil: (r) =>
      r.write('smtp.yml', serviceYaml({ extra: `        hidden_service: ${ONION.replace('2gzy', '2gzz')}` })),
    expect: [{ rule: 'onion-invalid', line: 7, column: 25 }],
  },
];

function matches(f: JsonFinding, e: Partial<JsonFinding>): boolean {
  return Object.entries(e).every(([k, v]) => f[k as keyof JsonFinding] === v);
}

describe('check rules (SPEC §3.1) on real repositories', () => {
  it('the good publisher has no finding at all (the control for every case below)', () => {
    const r = checkJson(goodPublisher().dir, NOW_ARGS);
    assert.deepEqual(r.findings, []);
    assert.equal(r.code, 0);
    assert.deepEqual(r.summary, { files: 1, domains: 1, certificates: 1, errors: 0, warnings: 0 });
  });

  for (const c of cases) {
    it(`${c.rule}: ${c.why}`, () => {
      const repo = goodPublisher();
      c.spoil(repo);
      repo.commit(`spoil: ${c.why}`);
      const r = checkJson(repo.dir, c.args ?? NOW_ARGS);
      for (const e of c.expect) {
        assert.ok(
          r.findings.some((f) => matches(f, e)),
          `expected ${JSON.stringify(e)} among ${JSON.stringify(r.findings, null, 1)}`,
        );
      }
      // Nothing else: the defect is reported by its own rule, not by a neighbour.
      assert.deepEqual(
        [...new Set(r.findings.map((f) => f.rule))].sort(),
        [...new Set(c.expect.map((e) => e.rule))].sort(),
      );
      assert.equal(r.code, c.exit ?? 1, r.stderr);
      for (const f of r.findings) assert.ok(f.message.length > 10, 'a finding explains itself');
    });
  }

  it('never echoes the text of a private key', () => {
    const repo = goodPublisher();
    repo.write('certs/mail.pem', `${GOOD_CERT.pem}${GOOD_CERT.keyPem}`).commit('leak');
    const r = checkJson(repo.dir, NOW_ARGS);
    const body = GOOD_CERT.keyPem.split('\n')[1]!;
    assert.ok(!JSON.stringify(r).includes(body.slice(0, 20)));
  });

  it('reports a problem once per service file and certificate, not per reference', () => {
    const repo = goodPublisher();
    repo.write(
      'smtp.yml',
      serviceYaml({ extra: '      - domain: example.net\n        cert: certs/mail.pem' }),
    );
    repo.write('certs/mail.pem', makeCert({ key: 'rsa-1024' }).pem).commit('two references');
    const r = checkJson(repo.dir, NOW_ARGS);
    assert.equal(r.findings.filter((f) => f.rule === 'weak-key').length, 1);
  });

  it('judges strength and expiry only for current configurations; history keeps old certificates', () => {
    const repo = goodPublisher();
    const old = makeCert({ key: 'rsa-1024', days: 1 });
    repo.write('certs/old.pem', old.pem);
    repo.write(
      'smtp.yml',
      serviceYaml().replace(
        'config:\n',
        'config:\n  - valid_after: 2001-01-01\n    domains:\n      - domain: example.org\n        cert: certs/old.pem\n',
      ),
    );
    repo.commit('history');
    const r = checkJson(repo.dir, ['--now', new Date(Date.now() + 3 * 86_400_000).toISOString()]);
    assert.deepEqual(r.findings, []);
  });
});
