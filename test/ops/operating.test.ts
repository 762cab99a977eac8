/**
 * The operating pieces end to end on a real federation (signed peers served by git): update with
 * --metrics writes a file promtool accepts, and status reads the state the run left.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { makeCert, type Peer, serviceFile, World } from '../consumer/peers.ts';
import { PROMTOOL, PROMTOOL_SKIP } from '../helpers/promtool.ts';
import { tempDir } from '../helpers/tmp.ts';

let world: World;
before(async () => {
  world = await World.create();
});
after(() => world.close());

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
    stdoutIsTTY: false,
    env: process.env,
    cwd,
    stdin: new PassThrough(),
  });
  return { code, stdout, stderr };
}

async function federation(peers: Peer[]): Promise<string> {
  const dir = tempDir('smtpfp-ops-fed-');
  writeFileSync(
    join(dir, 'meta.yml'),
    peers
      .map((p) => `${p.name}:\n  urls:\n    - ${p.url}\n  fingerprints:\n    - ${p.key.fingerprint}\n`)
      .join(''),
  );
  writeFileSync(
    join(dir, 'keyring'),
    readFileSync(await world.keyringFile(peers.map((p) => p.key.fingerprint))),
  );
  writeFileSync(join(dir, 'layout.yml'), `smtp:\n  spec: postfix:${join(dir, 'tls_policy')}\n`);
  return dir;
}

test('update --metrics with a state dir, then status over that state', { skip: PROMTOOL_SKIP }, async () => {
  const ok = await world.peer('potager');
  const broken = await world.peer('absent');
  const tip = await ok.publish(
    serviceFile([
      {
        validAfter: '2020-01-01',
        domains: [
          { domain: 'potager.example', cert: makeCert() },
          { domain: 'mx.potager.example', cert: makeCert() },
        ],
      },
    ]).files,
  );
  const dir = await federation([ok, broken]);
  const metrics = join(dir, 'smtpfp.prom');
  const args = [
    '--config',
    'meta.yml',
    'update',
    '--layout',
    'layout.yml',
    '--state-dir',
    'state',
    '--metrics',
    'smtpfp.prom',
  ];
  const r = await cli(args, dir);
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(metrics, 'utf8');
  const check = spawnSync(PROMTOOL!, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(text, /^smtpfp_group_status\{group="potager",status="updated"\} 1$/m);
  assert.match(text, /^smtpfp_group_status\{group="absent",status="failed"\} 1$/m);
  assert.match(text, /^smtpfp_group_commit_timestamp_seconds\{group="potager"\} \d+$/m);
  assert.match(
    text,
    /^smtpfp_certificate_expiry_timestamp_seconds\{group="potager",service="smtp",domain="mx\.potager\.example"\} \d/m,
  );
  assert.match(text, /^smtpfp_group_pinned_domains\{group="potager"\} 2$/m);
  assert.match(text, /^smtpfp_conflicts 0$/m);
  assert.match(text, /^smtpfp_source_ttl_seconds 604800$/m);
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.includes('.prom')),
    ['smtpfp.prom'],
    'no temp file left',
  );

  // status over the state that run left: the absent peer never succeeded, so the check fails.
  const s = await cli(['status', '--state-dir', 'state', '--format', 'json'], dir);
  assert.equal(s.code, 1, s.stderr);
  const report = JSON.parse(s.stdout);
  assert.deepEqual(
    report.groups.map((g: { group: string; status: string; domains: number }) => [
      g.group,
      g.status,
      g.domains,
    ]),
    [
      ['absent', 'failed', 0],
      ['potager', 'updated', 2],
    ],
  );
  assert.equal(report.groups[1].commit, tip);
  // Without the failing peer in the meta configuration, it is set aside and the check passes.
  writeFileSync(join(dir, 'only.yml'), readFileSync(join(dir, 'meta.yml'), 'utf8').split('absent:')[0]!);
  const s2 = await cli(['status', '--state-dir', 'state', '--config', 'only.yml'], dir);
  assert.equal(s2.code, 0, s2.stdout + s2.stderr);
  assert.match(s2.stdout, /absent: failed \(no longer in the meta configuration\)/);
});

test('update --metrics without a state dir, and a metrics file that cannot be written', {
  skip: PROMTOOL_SKIP,
}, async () => {
  const ok = await world.peer('navet');
  await ok.publish(
    serviceFile([{ validAfter: '2020-01-01', domains: [{ domain: 'navet.example', cert: makeCert() }] }])
      .files,
  );
  const dir = await federation([ok]);
  const r = await cli(
    ['--config', 'meta.yml', 'update', '--layout', 'layout.yml', '--metrics', 'm.prom'],
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(join(dir, 'm.prom'), 'utf8');
  assert.equal(spawnSync(PROMTOOL!, ['check', 'metrics'], { input: text }).status, 0);
  assert.match(text, /^smtpfp_group_status\{group="navet",status="updated"\} 1$/m);
  assert.match(text, /^smtpfp_group_last_success_timestamp_seconds\{group="navet"\} \d/m);

  const bad = await cli(
    ['--config', 'meta.yml', 'update', '--layout', 'layout.yml', '--metrics', 'missing/m.prom'],
    dir,
  );
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /cannot write the metrics file missing\/m\.prom/);
  assert.match(bad.stdout, /navet/, 'the run is still reported');
});
