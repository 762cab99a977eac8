import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { ROOT } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { makeCert, type Peer, serviceFile, World } from './peers.ts';

let world: World;
before(async () => {
  world = await World.create();
});
after(() => world.close());

async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
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
    env,
    cwd,
    stdin: new PassThrough(),
  });
  return { code, stdout, stderr };
}

/** A meta configuration and a keyring file for these peers, in a fresh folder. */
async function federation(peers: Peer[], extra = ''): Promise<string> {
  const dir = tempDir();
  const meta = peers
    .map((p) => `${p.name}:\n  urls:\n    - ${p.url}\n  fingerprints:\n    - ${p.key.fingerprint}\n`)
    .join('');
  writeFileSync(join(dir, 'meta.yml'), meta + extra);
  writeFileSync(
    join(dir, 'keyring'),
    readFileSync(await world.keyringFile(peers.map((p) => p.key.fingerprint))),
  );
  return dir;
}

test('update --layout: the JSON report of SPEC §3.5, a Postfix map, exit codes; update-service', async () => {
  const a = await world.peer('ceci');
  const b = await world.peer('cela');
  await a.publish(
    serviceFile([{ validAfter: '2020-01-01', domains: [{ domain: 'ceci.example', cert: makeCert() }] }])
      .files,
  );
  const dir = await federation([a, b]);
  writeFileSync(
    join(dir, 'layout.yml'),
    `smtp:\n  spec:\n    - postfix:${join(dir, 'tls_policy')}\n    - json:${join(dir, 'pins.json')}\n`,
  );
  const r = await cli(['--config', 'meta.yml', 'update', '--layout', 'layout.yml', '--format', 'json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(report), ['groups', 'outputs', 'conflicts']);
  assert.deepEqual(
    report.groups.map((g: { group: string; status: string }) => [g.group, g.status]),
    [
      ['ceci', 'updated'],
      ['cela', 'failed'],
    ],
  );
  assert.deepEqual(Object.keys(report.groups[0]), ['group', 'status', 'commit', 'error', 'via']);
  assert.match(report.groups[1].error, /no URL could be fetched/);
  assert.deepEqual(report.outputs[0], { format: 'postfix', path: join(dir, 'tls_policy'), changed: true });
  assert.match(readFileSync(join(dir, 'tls_policy'), 'utf8'), /^ceci\.example fingerprint match=/m);

  const text = await cli(['--config', 'meta.yml', 'update', '--layout', 'layout.yml'], dir);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /ceci\s+unchanged|ceci\s+updated/);
  assert.match(text.stdout, /cela\s+failed/);

  const one = await cli(
    [
      '--config',
      'meta.yml',
      'update-service',
      '--service',
      'smtp',
      '--output',
      `postfix:${join(dir, 'other')}`,
    ],
    dir,
  );
  assert.equal(one.code, 0, one.stderr);
  assert.equal(readFileSync(join(dir, 'other'), 'utf8'), readFileSync(join(dir, 'tls_policy'), 'utf8'));

  const explain = await cli(['--config', 'meta.yml', 'explain', 'ceci.example'], dir);
  assert.equal(explain.code, 0, explain.stderr);
  assert.match(explain.stdout, /from group ceci at commit [0-9a-f]{40}/);
  assert.match(explain.stdout, /public key: {2}sha256 [0-9A-F:]{95}/);

  // Only failing groups: exit 1.
  const dead = await federation([b]);
  writeFileSync(join(dead, 'layout.yml'), `smtp:\n  spec: postfix:${join(dead, 'tls_policy')}\n`);
  assert.equal((await cli(['--config', 'meta.yml', 'update', '--layout', 'layout.yml'], dead)).code, 1);
});

test('usage and environment errors exit 2 with a clear message; control characters never reach the terminal', async () => {
  const a = await world.peer('plain');
  const dir = await federation([]);
  writeFileSync(
    join(dir, 'meta.yml'),
    `evil:\n  urls:\n    - "file:///nonexistent/\\e[2Jx.git"\n  fingerprints:\n    - ${a.key.fingerprint}\n`,
  );
  writeFileSync(join(dir, 'layout.yml'), `smtp:\n  spec: postfix:${join(dir, 'tls_policy')}\n`);
  const r = await cli(['--config', 'meta.yml', 'update', '--layout', 'layout.yml'], dir);
  assert.equal(r.code, 1);
  assert.ok(!(r.stdout + r.stderr).includes('\u001b'), 'no escape character printed');
  const bad = await cli(
    ['--config', 'meta.yml', 'update', '--layout', 'layout.yml', '--source-ttl', 'soon'],
    dir,
  );
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--source-ttl expects a duration/);
  const noLayout = await cli(['--config', 'meta.yml', 'update'], dir);
  assert.equal(noLayout.code, 2);
  const missingKeyring = await cli(
    ['--config', 'meta.yml', 'update', '--layout', 'layout.yml', '--keyring', 'nope'],
    dir,
  );
  assert.equal(missingKeyring.code, 2);
  assert.match(missingKeyring.stderr, /keyring .*nope.* does not exist/);
});

test('update-keyring exports the listed keys from GnuPG and reports the missing ones', async () => {
  const a = await world.peer('keyed');
  const dir = tempDir();
  const absent = 'A'.repeat(40);
  writeFileSync(
    join(dir, 'meta.yml'),
    `keyed:\n  urls: [${a.url}]\n  fingerprints: [${a.key.fingerprint}, ${absent}]\n`,
  );
  const r = await cli(
    ['--config', 'meta.yml', 'update-keyring', '--keyring', 'keyring'],
    dir,
    world.home.env,
  );
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, new RegExp(`missing: ${absent}`));
  assert.ok(existsSync(join(dir, 'keyring')));
  assert.match(readFileSync(join(dir, 'keyring'), 'utf8'), /BEGIN PGP PUBLIC KEY BLOCK/);
});

test('a second run on the same state dir, in another process, waits and then exits 2', async () => {
  const a = await world.peer('slow');
  await a.publish(
    serviceFile([{ validAfter: '2020-01-01', domains: [{ domain: 'slow.example', cert: makeCert() }] }])
      .files,
  );
  const dir = await federation([a]);
  writeFileSync(join(dir, 'layout.yml'), `smtp:\n  spec: postfix:${join(dir, 'tls_policy')}\n`);
  const state = join(dir, 'state');
  // The first run holds the lock while its --on-change command sleeps.
  const marker = join(dir, 'started');
  const first = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src', 'cli', 'bin-smtpfp.ts'),
      '--config',
      join(dir, 'meta.yml'),
      'update',
      '--layout',
      join(dir, 'layout.yml'),
      '--state-dir',
      state,
      '--on-change',
      `sh -c "touch ${marker}; sleep 8"`,
    ],
    // From the project folder, where tsx resolves.
    { cwd: ROOT, stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((r) => first.on('close', r));
  for (let i = 0; i < 300 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(existsSync(marker), 'the first run reached --on-change');
  const second = await cli(
    ['--config', 'meta.yml', 'update', '--layout', 'layout.yml', '--state-dir', state],
    dir,
  );
  assert.equal(second.code, 2);
  assert.match(second.stderr, /another update is running/);
  assert.equal(await exited, 0);
});

test('the shipped example federation renders a Postfix map that postmap accepts', async () => {
  const dir = tempDir();
  const map = join(dir, 'tls_policy');
  const r = await cli(
    [
      '--config',
      join(ROOT, 'examples', 'federation', 'meta.yml'),
      'update-service',
      '--service',
      'smtp',
      '--output',
      `postfix:${map}`,
      '--format',
      'json',
    ],
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { groups: Array<{ group: string; status: string }> };
  assert.deepEqual(
    report.groups.map((g) => [g.group, g.status]),
    [
      ['potager', 'updated'],
      ['poivron', 'updated'],
      ['navet', 'updated'],
    ],
  );
  execFileSync('/usr/sbin/postmap', [`hash:${map}`]);
  for (const domain of ['potager.example', 'lists.potager.example', 'poivron.example', 'navet.example']) {
    const value = execFileSync('/usr/sbin/postmap', ['-q', domain, `hash:${map}`], { encoding: 'utf8' });
    assert.match(value, /^fingerprint match=[0-9A-F:]{95}\|[0-9A-F:]{95}$/m, domain);
  }
});
