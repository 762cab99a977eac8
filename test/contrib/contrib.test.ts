/**
 * The shipped operating files: systemd units checked by systemd-analyze, alerting rules by
 * promtool (syntax and unit tests), the cron line, and the certbot deploy hook run for real.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderMetrics } from '../../src/ops/metrics.ts';
import { BIN, ROOT } from '../helpers/cli.ts';
import { createGnupgHome, type GeneratedKey, type GnupgHome, generateKey } from '../helpers/gpg.ts';
import { PROMTOOL, PROMTOOL_SKIP } from '../helpers/promtool.ts';
import { TestRepo } from '../helpers/repo.ts';
import { tempDir } from '../helpers/tmp.ts';

const CONTRIB = join(ROOT, 'contrib');
const UNIT = join(CONTRIB, 'systemd/smtpfp-update.service');
const TIMER = join(CONTRIB, 'systemd/smtpfp-update.timer');
const SHIPPED_BIN = '/usr/local/bin/smtpfp';

/** The unit's settings, continuation lines joined: name -> values in order. */
function unitSettings(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.replace(/\\\n\s*/g, ' ').split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (m) out.set(m[1]!, [...(out.get(m[1]!) ?? []), m[2]!]);
  }
  return out;
}

function systemdAnalyze(args: string[]): { code: number; out: string } {
  const r = spawnSync('systemd-analyze', args, { encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe('systemd units', () => {
  // verify needs ExecStart's binary to exist: the test puts one at a path of its own and points
  // the unit at it, changing nothing else.
  const dir = tempDir('smtpfp-units-');
  const fakeBin = join(dir, 'bin', 'smtpfp');
  mkdirSync(join(dir, 'bin'));
  writeFileSync(fakeBin, '#!/bin/sh\nexit 0\n');
  chmodSync(fakeBin, 0o755);
  const unitText = readFileSync(UNIT, 'utf8');
  writeFileSync(
    join(dir, 'smtpfp-update.service'),
    unitText.replace(`ExecStart=${SHIPPED_BIN} `, `ExecStart=${fakeBin} `),
  );
  copyFileSync(TIMER, join(dir, 'smtpfp-update.timer'));

  it('pass systemd-analyze verify without a single remark', () => {
    assert.ok(unitText.includes(`ExecStart=${SHIPPED_BIN} `));
    const r = systemdAnalyze([
      'verify',
      join(dir, 'smtpfp-update.service'),
      join(dir, 'smtpfp-update.timer'),
    ]);
    assert.equal(r.code, 0, r.out);
    // verify only warns (exit 0) on unknown keys and bad values: any output is a failure here.
    assert.equal(r.out.trim(), '');
  });

  it('verify has teeth: a misspelt setting is reported', () => {
    const broken = join(dir, 'broken', 'smtpfp-update.service');
    mkdirSync(join(dir, 'broken'));
    writeFileSync(
      broken,
      readFileSync(join(dir, 'smtpfp-update.service'), 'utf8').replace(
        'ProtectSystem=strict',
        'ProtectSystem=stric',
      ),
    );
    copyFileSync(TIMER, join(dir, 'broken', 'smtpfp-update.timer'));
    const r = systemdAnalyze(['verify', broken]);
    assert.match(r.out, /protect system value/i);
  });

  it('are hardened: a dedicated user, a read-only system, writes only to the state and the outputs', () => {
    const s = unitSettings(unitText);
    assert.deepEqual(s.get('User'), ['smtpfp']);
    assert.deepEqual(s.get('ProtectSystem'), ['strict']);
    assert.deepEqual(s.get('StateDirectory'), ['smtpfp']);
    assert.deepEqual(s.get('ReadWritePaths'), ['/etc/postfix/smtpfp /var/lib/prometheus/node-exporter']);
    for (const on of [
      'NoNewPrivileges',
      'PrivateTmp',
      'PrivateDevices',
      'ProtectHome',
      'ProtectKernelTunables',
      'RestrictSUIDSGID',
    ])
      assert.deepEqual(s.get(on), ['yes'], on);
    assert.deepEqual(s.get('CapabilityBoundingSet'), ['']);
    const exec = s.get('ExecStart')![0]!;
    assert.match(exec, /--state-dir \/var\/lib\/smtpfp /);
    // Every path the service writes is the state folder or under ReadWritePaths.
    assert.match(exec, /--metrics \/var\/lib\/prometheus\/node-exporter\/smtpfp\.prom/);
    assert.ok(readFileSync(TIMER, 'utf8').includes('Unit=smtpfp-update.service'));
  });

  it('expose little to systemd-analyze security', () => {
    const r = systemdAnalyze(['security', '--offline=true', join(dir, 'smtpfp-update.service')]);
    const m = /Overall exposure level for smtpfp-update\.service: (\d+\.\d+)/.exec(r.out);
    assert.ok(m, r.out);
    assert.ok(Number(m[1]) <= 2.0, `exposure ${m[1]}`);
  });
});

describe('cron line', () => {
  it('runs the same command as the unit, as the smtpfp user', () => {
    const lines = readFileSync(join(CONTRIB, 'cron/smtpfp'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#') && !/^[A-Z]+=/.test(l));
    assert.equal(lines.length, 1);
    const fields = lines[0]!.split(/\s+/);
    assert.deepEqual(fields.slice(0, 6), ['*/15', '*', '*', '*', '*', 'smtpfp']);
    const exec = unitSettings(readFileSync(UNIT, 'utf8')).get('ExecStart')![0]!.split(/\s+/);
    const cron = fields.slice(6);
    assert.equal(cron[cron.indexOf(SHIPPED_BIN) + 1], '--quiet');
    const rest = cron.slice(cron.indexOf(SHIPPED_BIN) + 2);
    assert.deepEqual(rest, exec.slice(1));
  });
});

describe('Prometheus alerting rules', { skip: PROMTOOL_SKIP }, () => {
  const rules = join(CONTRIB, 'prometheus/smtpfp-alerts.yml');
  const promtool = (args: string[], cwd = join(CONTRIB, 'prometheus')) => {
    const r = spawnSync(PROMTOOL!, args, { cwd, encoding: 'utf8' });
    return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
  };

  it('pass promtool check rules', () => {
    const r = promtool(['check', 'rules', rules]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /SUCCESS: 7 rules found/);
  });

  it('pass their unit tests (promtool test rules), which fail when a threshold changes', () => {
    const r = promtool(['test', 'rules', 'smtpfp-alerts.test.yml']);
    assert.equal(r.code, 0, r.out);
    const dir = tempDir('smtpfp-rules-');
    writeFileSync(
      join(dir, 'smtpfp-alerts.yml'),
      readFileSync(rules, 'utf8').replace('< 14 * 86400', '< 7 * 86400'),
    );
    copyFileSync(join(CONTRIB, 'prometheus/smtpfp-alerts.test.yml'), join(dir, 'smtpfp-alerts.test.yml'));
    const mutated = promtool(['test', 'rules', 'smtpfp-alerts.test.yml'], dir);
    assert.notEqual(mutated.code, 0, 'the tests notice a changed expiry threshold');
  });

  it('use only metric names that update writes', () => {
    const names = new Set(readFileSync(rules, 'utf8').match(/smtpfp_[a-z_]+/g));
    const now = Date.now();
    const written = renderMetrics(
      [
        {
          group: 'g',
          accepted: null,
          lastSuccess: now,
          lastAttempt: null,
          pins: [{ service: 'smtp', domain: 'a.example.org', notAfter: now }],
        },
      ],
      { startedAt: now, finishedAt: now, conflicts: [], sourceTtl: 1 },
    );
    for (const name of names) assert.ok(written.includes(`# TYPE ${name} gauge`), `${name} is written`);
    assert.ok(names.size >= 6);
  });
});

describe('certbot deploy hook', () => {
  const HOOK = join(CONTRIB, 'certbot/smtpfp-deploy-hook');
  let home: GnupgHome;
  let key: GeneratedKey;
  before(async () => {
    home = await createGnupgHome();
    key = await generateKey(home, { uid: 'Publisher <pub@example.org>' });
  });
  after(async () => home.close());

  function setUp() {
    const work = tempDir('smtpfp-certbot-');
    const keyPath = join(work, 'privkey.pem');
    const make = (out: string, newKey: boolean) =>
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          ...(newKey
            ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath]
            : ['-key', keyPath]),
          '-out',
          out,
          '-subj',
          '/CN=mail.example.org',
          '-days',
          '90',
        ],
        { stdio: 'ignore' },
      );
    make(join(work, 'first.pem'), true);
    const repo = new TestRepo({ env: { GNUPGHOME: home.dir } });
    repo.git('config', 'user.signingkey', key.fingerprint);
    repo
      .write(
        'smtp.yml',
        'version: 1\nconfig:\n  - valid_after: 2020-01-01\n    domains:\n      - domain: example.org\n        cert: certs/example.org.pem\n',
      )
      .write('certs/example.org.pem', readFileSync(join(work, 'first.pem')));
    repo.commit('initial');
    // certbot's live folder for the lineage.
    const live = join(work, 'live', 'example.org');
    mkdirSync(live, { recursive: true });
    const shim = join(work, 'smtpfp');
    writeFileSync(shim, `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
    chmodSync(shim, 0o755);
    const env = {
      ...repo.env,
      RENEWED_LINEAGE: live,
      RENEWED_DOMAINS: 'example.org www.example.org',
      SMTPFP_REPO: repo.dir,
      SMTPFP_DOMAINS: 'example.org',
      SMTPFP: shim,
    };
    return { work, live, repo, env, make, keyPath };
  }

  it('records a renewal that kept the key and commits it signed', () => {
    const { live, repo, env, make } = setUp();
    make(join(live, 'fullchain.pem'), false);
    const r = spawnSync(HOOK, [], { env: { ...env, SMTPFP_COMMIT: 'yes' }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /NEW KEY/);
    assert.deepEqual(
      readFileSync(join(repo.dir, 'certs/example.org.pem')),
      readFileSync(join(live, 'fullchain.pem')),
    );
    assert.equal(
      repo.git('log', '-1', '--format=%G? %s'),
      'G smtp: certificate renewed by certbot (example.org www.example.org)',
    );
    assert.equal(repo.git('status', '--porcelain'), '');
  });

  it('warns loudly about a new key, and leaves the commit to the operator by default', () => {
    const { live, repo, env, make } = setUp();
    make(join(live, 'fullchain.pem'), true);
    const head = repo.git('rev-parse', 'HEAD');
    const r = spawnSync(HOOK, [], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stderr,
      /example\.org has a NEW KEY: peers pin it from \d{4}-\d\d-\d\d \d\d:\d\d UTC only/,
    );
    assert.match(r.stderr, /review, then commit it signed/);
    assert.equal(repo.git('rev-parse', 'HEAD'), head);
    assert.match(repo.git('status', '--porcelain'), /M smtp\.yml/);
  });

  it('fails, writing nothing, when add-cert refuses the certificate', () => {
    const { live, repo, env } = setUp();
    writeFileSync(join(live, 'fullchain.pem'), 'not a certificate\n');
    const r = spawnSync(HOOK, [], { env, encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /expected a PEM CERTIFICATE block/);
    assert.equal(repo.git('status', '--porcelain'), '');
  });
});
