import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseServiceFile } from '../../src/format/service-file.ts';
import { validAfterText } from '../../src/ops/add-cert.ts';
import { smtpfp } from '../helpers/cli.ts';
import { createGnupgHome, type GeneratedKey, type GnupgHome, generateKey } from '../helpers/gpg.ts';
import { TestRepo } from '../helpers/repo.ts';
import { tempDir } from '../helpers/tmp.ts';

const HOUR = 3_600_000;
const work = tempDir('smtpfp-addcert-');
let n = 0;

/** A self-signed certificate from openssl; with `keyPath`, made from that existing key (a renewal that keeps it). */
function cert(opts: { keyPath?: string; cn?: string; days?: number; rsa1024?: boolean } = {}): {
  pemPath: string;
  keyPath: string;
} {
  const i = n++;
  const pemPath = join(work, `cert${i}.pem`);
  const keyPath = opts.keyPath ?? join(work, `key${i}.pem`);
  const keyArgs = opts.keyPath
    ? ['-key', opts.keyPath]
    : [
        '-newkey',
        ...(opts.rsa1024 ? ['rsa:1024'] : ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256']),
        '-nodes',
        '-keyout',
        keyPath,
      ];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      ...keyArgs,
      '-out',
      pemPath,
      '-subj',
      `/CN=${opts.cn ?? 'mail.example.org'}`,
      '-days',
      String(opts.days ?? 90),
    ],
    { stdio: 'ignore' },
  );
  return { pemPath, keyPath };
}

const SERVICE = `# Our SMTP pins: keep this comment.
version: 1
config:
  # the first set
  - valid_after: 2020-01-01 00:00    # aligned comment
    domains:
      - domain: example.org
        cert: certs/mail.pem   # the MX

      - domain: other.example.org
        cert: 'certs/other.pem'
# trailing remark
`;

let home: GnupgHome;
let signer: GeneratedKey;
const original = cert();
const other = cert({ cn: 'other.example.org' });

before(async () => {
  home = await createGnupgHome();
  signer = await generateKey(home, { uid: 'Publisher <pub@example.org>' });
});
after(async () => {
  await home.close();
});

function publisherRepo(): TestRepo {
  const repo = new TestRepo({ env: { GNUPGHOME: home.dir } });
  repo.git('config', 'user.signingkey', signer.fingerprint);
  repo
    .write('smtp.yml', SERVICE)
    .write('certs/mail.pem', readFileSync(original.pemPath))
    .write('certs/other.pem', readFileSync(other.pemPath));
  repo.commit('initial');
  return repo;
}

function addCert(repo: TestRepo, args: string[]) {
  return smtpfp(['add-cert', ...args], { cwd: repo.dir, env: repo.env });
}

/** Every byte of the work tree, plus HEAD and the index: what "untouched" means. */
function snapshot(repo: TestRepo): string {
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(repo.dir, rel)).sort()) {
      if (rel === '' && name === '.git') continue;
      const p = rel ? `${rel}/${name}` : name;
      const st = statSync(join(repo.dir, p));
      if (st.isDirectory()) walk(p);
      else files.push(`${p} ${st.mode.toString(8)} ${readFileSync(join(repo.dir, p)).toString('base64')}`);
    }
  };
  walk('');
  return [
    ...files,
    repo.git('rev-parse', 'HEAD'),
    repo.git('ls-files', '-s'),
    repo.git('status', '--porcelain'),
  ].join('\n');
}

describe('add-cert: same public key', () => {
  it('replaces the certificate in place, leaves the service file alone, and prints a commit line that signs', () => {
    const repo = publisherRepo();
    const renewed = cert({ keyPath: original.keyPath, days: 120 });
    const r = addCert(repo, ['--service', 'smtp', '--domain', 'example.org', '--cert', renewed.pemPath]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /keeps the public key; certs\/mail\.pem replaced in place/);
    assert.deepEqual(readFileSync(join(repo.dir, 'certs/mail.pem')), readFileSync(renewed.pemPath));
    assert.equal(readFileSync(join(repo.dir, 'smtp.yml'), 'utf8'), SERVICE);
    assert.equal(repo.git('status', '--porcelain'), 'M certs/mail.pem');

    const next = /^next: (.*)$/m.exec(r.stdout)?.[1];
    assert.equal(
      next,
      "git add -- certs/mail.pem && git commit -S -m 'smtp: renewed certificate of example.org (same key)'",
    );
    execFileSync('sh', ['-c', next!], { cwd: repo.dir, env: repo.env, stdio: 'ignore' });
    assert.equal(repo.git('log', '-1', '--format=%G? %GF'), `G ${signer.fingerprint}`);
    assert.equal(smtpfp(['check'], { cwd: repo.dir, env: repo.env }).code, 0);

    // Run again (a hook that fires twice): nothing to do, nothing written.
    const before = snapshot(repo);
    const again = addCert(repo, ['--service', 'smtp', '--domain', 'example.org', '--cert', renewed.pemPath]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already holds this certificate; nothing to do/);
    assert.doesNotMatch(again.stdout, /next:/);
    assert.equal(snapshot(repo), before);
  });
});

describe('add-cert: a new key', () => {
  it('adds a configuration taking effect 48h ahead by default, keeping the file byte for byte', () => {
    const repo = publisherRepo();
    const fresh = cert();
    const now = Date.now();
    const r = addCert(repo, [
      '--service',
      'smtp',
      '--domain',
      'example.org',
      '--cert',
      fresh.pemPath,
      '--format',
      'json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.change, 'new-key');
    const day = new Date(now).toISOString().slice(0, 10);
    assert.equal(out.cert, `certs/example.org-${day}.pem`);
    const va = Date.parse(out.valid_after);
    assert.ok(va >= now + 48 * HOUR && va <= now + 48 * HOUR + 2 * 60_000, `valid_after ${out.valid_after}`);
    assert.equal(va % 60_000, 0, 'whole minutes');
    assert.notEqual(out.spki, out.previous_spki);
    assert.deepEqual(out.written, [out.cert, 'smtp.yml']);

    assert.deepEqual(readFileSync(join(repo.dir, out.cert)), readFileSync(fresh.pemPath));
    const edited = readFileSync(join(repo.dir, 'smtp.yml'), 'utf8');
    const cut = SERVICE.indexOf('# trailing remark');
    assert.ok(edited.startsWith(SERVICE.slice(0, cut)), 'everything before the insertion is untouched');
    assert.ok(edited.endsWith('# trailing remark\n'), 'the remark after the list stays after it');
    assert.equal(
      edited.slice(cut, edited.length - '# trailing remark\n'.length),
      [
        `  - valid_after: ${validAfterText(va)}`,
        '    domains:',
        '      - domain: example.org',
        `        cert: certs/example.org-${day}.pem # the MX`,
        '',
        '      - domain: other.example.org',
        "        cert: 'certs/other.pem'",
        '',
      ].join('\n'),
    );
    const parsed = parseServiceFile('smtp.yml', new TextEncoder().encode(edited));
    assert.deepEqual(parsed.findings, []);
    assert.deepEqual(
      parsed.service!.configurations.map((c) => [c.validAfter, c.domains.map((d) => d.cert)]),
      [
        [Date.UTC(2020, 0, 1), ['certs/mail.pem', 'certs/other.pem']],
        [va, [out.cert, 'certs/other.pem']],
      ],
    );
    // The old configuration stays in force until valid_after: check passes now and after the switch.
    assert.equal(smtpfp(['check', '--worktree'], { cwd: repo.dir, env: repo.env }).code, 0);
    const later = smtpfp(['check', '--worktree', '--now', new Date(va + HOUR).toISOString()], {
      cwd: repo.dir,
      env: repo.env,
    });
    assert.equal(later.code, 0, later.stdout);
  });

  it('takes --valid-after as +DURATION or a time; a second domain joins the pending configuration', () => {
    const repo = publisherRepo();
    const fresh = cert();
    const r = addCert(repo, [
      '--service',
      'smtp',
      '--domain',
      'example.org',
      '--cert',
      fresh.pemPath,
      '--valid-after',
      '2099-01-02 03:04',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /is pinned from 2099-01-02 03:04 UTC in a new configuration/);
    assert.match(r.stdout, /Install the new certificate on the server at 2099-01-02T03:04:00Z, not before/);
    assert.match(
      r.stdout,
      /^next: git add -- certs\/example\.org-[0-9-]+\.pem smtp\.yml && git commit -S -m 'smtp: new key for example\.org, in force from 2099-01-02 03:04 UTC'$/m,
    );

    const second = cert({ cn: 'other.example.org' });
    const r2 = addCert(repo, [
      '--service',
      'smtp',
      '--domain',
      'other.example.org',
      '--cert',
      second.pemPath,
      '--valid-after',
      '2099-01-02T03:04:00Z',
    ]);
    assert.equal(r2.code, 0, r2.stderr);
    assert.match(r2.stdout, /existed already/);
    const parsed = parseServiceFile('smtp.yml', readFileSync(join(repo.dir, 'smtp.yml')));
    assert.equal(parsed.service!.configurations.length, 2);
    assert.match(
      parsed.service!.configurations[1]!.domains[1]!.cert!,
      /^certs\/other\.example\.org-.*\.pem$/,
    );

    const repo3 = publisherRepo();
    const r3 = addCert(repo3, [
      '--service',
      'smtp',
      '--domain',
      'example.org',
      '--cert',
      cert().pemPath,
      '--valid-after',
      '+3d',
      '--format',
      'json',
    ]);
    assert.equal(r3.code, 0, r3.stderr);
    const va = Date.parse(JSON.parse(r3.stdout).valid_after);
    assert.ok(Math.abs(va - (Date.now() + 72 * HOUR)) < 5 * 60_000);
  });
});

describe('add-cert: from a subfolder', () => {
  it('works on the whole repository and says where to run the commit line', () => {
    const repo = publisherRepo();
    const renewed = cert({ keyPath: original.keyPath });
    const r = smtpfp(
      ['add-cert', '--service', 'smtp', '--domain', 'example.org', '--cert', renewed.pemPath],
      {
        cwd: join(repo.dir, 'certs'),
        env: repo.env,
      },
    );
    assert.equal(r.code, 0, r.stderr);
    const next = /^next: (.*)$/m.exec(r.stdout)?.[1];
    assert.ok(next?.startsWith(`cd ${repo.dir} && git add -- certs/mail.pem && `), next);
    execFileSync('sh', ['-c', next!], { cwd: join(repo.dir, 'certs'), env: repo.env, stdio: 'ignore' });
    assert.equal(repo.git('log', '-1', '--format=%G?'), 'G');
  });
});

describe('add-cert: bad input leaves the repository byte-identical', () => {
  const privateKeyPem = () => {
    const c = cert();
    const p = join(work, `with-key-${n++}.pem`);
    writeFileSync(p, readFileSync(c.pemPath, 'utf8') + readFileSync(c.keyPath, 'utf8'));
    return { path: p, key: readFileSync(c.keyPath, 'utf8') };
  };
  const garbage = join(work, 'garbage.pem');
  writeFileSync(garbage, '-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n');
  const cases: Array<{ name: string; args: () => string[]; code: number; message: RegExp }> = [
    {
      name: 'a PEM that is not a certificate',
      args: () => ['--service', 'smtp', '--domain', 'example.org', '--cert', garbage],
      code: 1,
      message: /garbage\.pem: the leaf \(first\) certificate is not valid PEM.*\[cert-parse\]/,
    },
    {
      name: 'a PEM holding a private key',
      args: () => ['--service', 'smtp', '--domain', 'example.org', '--cert', privateKeyPem().path],
      code: 1,
      message: /PRIVATE KEY block: a private key must never be committed.*\[private-key\]/,
    },
    {
      name: 'a weak key, judged as check judges it',
      args: () => ['--service', 'smtp', '--domain', 'example.org', '--cert', cert({ rsa1024: true }).pemPath],
      code: 1,
      message: /expected an RSA key of at least 2048 bits, got 1024 bits \[weak-key\]/,
    },
    {
      name: 'an unknown service',
      args: () => ['--service', 'xmpp', '--domain', 'example.org', '--cert', cert().pemPath],
      code: 2,
      message: /expected a service file 'xmpp\.yml' \(or 'xmpp\.yaml'\)/,
    },
    {
      name: 'an unknown domain',
      args: () => ['--service', 'smtp', '--domain', 'nope.example.org', '--cert', cert().pemPath],
      code: 2,
      message:
        /smtp\.yml:5: expected domain 'nope\.example\.org' in the configuration in force .*; it has example\.org, other\.example\.org/,
    },
    {
      name: 'an unparsable --valid-after',
      args: () => [
        '--service',
        'smtp',
        '--domain',
        'example.org',
        '--cert',
        cert().pemPath,
        '--valid-after',
        'next tuesday',
      ],
      code: 2,
      message: /--valid-after expects 'YYYY-MM-DD HH:MM'.*got 'next tuesday'/,
    },
    {
      name: 'a --valid-after before the configuration in force',
      args: () => [
        '--service',
        'smtp',
        '--domain',
        'example.org',
        '--cert',
        cert().pemPath,
        '--valid-after',
        '2019-06-01',
      ],
      code: 2,
      message: /expected a time after the configuration in force/,
    },
    {
      name: 'a missing certificate file',
      args: () => ['--service', 'smtp', '--domain', 'example.org', '--cert', join(work, 'none.pem')],
      code: 2,
      message: /--cert: cannot read '.*none\.pem': no such file/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const repo = publisherRepo();
      const before = snapshot(repo);
      const r = addCert(repo, c.args());
      assert.equal(r.code, c.code, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, c.message);
      assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
      assert.equal(r.stdout, '');
      assert.equal(snapshot(repo), before);
    });
  }

  it('never echoes the private key it refuses', () => {
    const repo = publisherRepo();
    const { path, key } = privateKeyPem();
    const r = addCert(repo, ['--service', 'smtp', '--domain', 'example.org', '--cert', path]);
    assert.equal(r.code, 1);
    const body = key.split('\n')[1]!;
    assert.ok(!r.stderr.includes(body) && !r.stdout.includes(body));
  });

  it('outside a git work tree: exit 2, nothing written', () => {
    const dir = tempDir('smtpfp-nogit-');
    const r = spawnSync(
      process.execPath,
      [
        join(import.meta.dirname, '../../dist/smtpfp.js'),
        'add-cert',
        '--service',
        'smtp',
        '--domain',
        'example.org',
        '--cert',
        cert().pemPath,
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, GIT_CEILING_DIRECTORIES: join(dir, '..') },
      },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /not in a git work tree/);
    assert.deepEqual(readdirSync(dir), []);
  });
});
