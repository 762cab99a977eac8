import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { GroupSource } from '../../src/consumer/sources.ts';
import { readGroupStates, readRunRecord } from '../../src/consumer/state-store.ts';
import { runUpdate, type UpdateReport, type UpdateSettings } from '../../src/consumer/update.ts';
import type { PinSet } from '../../src/model/pins.ts';
import { Keyring } from '../../src/signing/keyring.ts';
import { tempDir } from '../helpers/tmp.ts';
import { makeCert, type Peer, serviceFile, World } from './peers.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let world: World;
before(async () => {
  world = await World.create();
});
after(() => world.close());

/** Renders the pin set as JSON, so the engine's selection can be asserted on. */
const pinsRenderer = (_format: string, pins: PinSet) => `${JSON.stringify(pins)}\n`;

function source(peer: Peer, extra: Partial<GroupSource> = {}): GroupSource {
  return { name: peer.name, urls: [peer.url], fingerprints: [peer.key.fingerprint], ref: null, ...extra };
}

async function update(
  groups: GroupSource[],
  opts: Partial<UpdateSettings> & { out?: string } = {},
): Promise<{ report: UpdateReport; pins: PinSet | undefined }> {
  const out = opts.out ?? join(tempDir(), 'pins.json');
  const report = await runUpdate({
    groups,
    baseDir: process.cwd(),
    outputs: [{ service: 'smtp', format: 'json', path: out }],
    stateDir: undefined,
    keyring: Keyring.empty(),
    now: Date.now(),
    sourceTtl: 7 * DAY,
    rolloverWindow: DAY,
    fetchTimeout: 20_000,
    jobs: 4,
    diff: false,
    onChange: undefined,
    render: pinsRenderer,
    renderOptions: { generator: 'smtpfp test', torTransport: 'smtptor' },
    env: process.env,
    cwd: process.cwd(),
    ...opts,
  });
  const text = existsSync(out) ? readFileSync(out, 'utf8') : '';
  const pins = text.startsWith('{') ? (JSON.parse(text) as PinSet) : undefined;
  return { report, pins };
}

const statusOf = (r: UpdateReport) => Object.fromEntries(r.groups.map((g) => [g.group, g.status]));
const domainsOf = (p: PinSet | undefined) => p?.domains.map((d) => d.domain) ?? [];

test('two signed peers: pins from the active configuration plus the rollover window; keys from keys/', async () => {
  const now = Date.now();
  const [c1, c2, c3, c4] = [makeCert(), makeCert(), makeCert(), makeCert()];
  const a = await world.peer('alpha');
  const b = await world.peer('beta');
  const iso = (t: number) => new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
  await a.publish(
    serviceFile([
      { validAfter: '2020-01-01', domains: [{ domain: 'alpha.example', cert: c1! }] },
      { validAfter: iso(now + 12 * HOUR), domains: [{ domain: 'alpha.example', cert: c2! }] },
      { validAfter: iso(now + 48 * HOUR), domains: [{ domain: 'alpha.example', cert: c3! }] },
    ]).files,
  );
  // beta's key is not in the operator's keyring: it comes from beta's own keys/ folder.
  const betaKey = readFileSync(await world.keyringFile([b.key.fingerprint]));
  await b.publish({
    ...serviceFile([{ validAfter: '2020-01-01', domains: [{ domain: 'beta.example', cert: c4! }] }]).files,
    'keys/beta.asc': betaKey.toString(),
  });
  const { report, pins } = await update([source(a), source(b)], {
    now,
    keyring: await world.keyring([a.key.fingerprint]),
  });
  assert.deepEqual(statusOf(report), { alpha: 'updated', beta: 'updated' });
  assert.equal(report.exitCode, 0);
  assert.deepEqual(domainsOf(pins), ['alpha.example', 'beta.example']);
  const alpha = pins!.domains[0]!;
  assert.deepEqual(
    alpha.certificates.map((c) => c.fingerprint),
    [c1!.fingerprint, c2!.fingerprint],
    'the active and the next certificate, not the one 48 h ahead',
  );
  assert.equal(report.outputs[0]!.changed, true);
});

test('a state dir: an unchanged re-run re-verifies nothing and writes nothing; a new tip is updated', async () => {
  const state = tempDir();
  const out = join(tempDir(), 'pins.json');
  const a = await world.peer('gamma');
  await a.publish(
    serviceFile([{ validAfter: '2020-01-01', domains: [{ domain: 'gamma.example', cert: makeCert() }] }])
      .files,
  );
  const keyring = await world.keyring([a.key.fingerprint]);
  const first = await update([source(a)], { stateDir: state, out, keyring });
  assert.equal(first.report.groups[0]!.status, 'updated');
  assert.equal(first.report.groups[0]!.cached, false);
  const before = readFileSync(out);
  // Mark the output: a rewrite would replace the inode's content (and mtime).
  const { mtimeMs } = await import('node:fs').then((fs) => fs.statSync(out));
  const second = await update([source(a)], { stateDir: state, out, keyring });
  assert.equal(second.report.groups[0]!.status, 'unchanged');
  assert.equal(second.report.groups[0]!.cached, true, 'taken from the verdict cache');
  assert.equal(second.report.outputs[0]!.changed, false);
  assert.equal((await import('node:fs')).statSync(out).mtimeMs, mtimeMs);
  assert.deepEqual(readFileSync(out), before);
  // Proof that nothing is verified again: without any key the unchanged tip is still taken.
  const keyless = await update([source(a)], { stateDir: state, out, keyring: Keyring.empty() });
  assert.equal(keyless.report.groups[0]!.status, 'unchanged');
  assert.deepEqual(readFileSync(out), before);

  await a.publish(
    serviceFile([{ validAfter: '2020-01-01', domains: [{ domain: 'gamma2.example', cert: makeCert() }] }])
      .files,
  );
  const third = await update([source(a)], { stateDir: state, out, keyring });
  assert.equal(third.report.groups[0]!.status, 'updated');
  assert.deepEqual(domainsOf(third.pins), ['gamma2.example']);
  const states = await readGroupStates(state);
  assert.equal(states[0]!.group, 'gamma');
  assert.equal(states[0]!.pins[0]!.domain, 'gamma2.example');
  assert.ok((await readRunRecord(state))!.finishedAt > 0);
});

test('an unsigned tip, a tip by an unlisted key and a rollback are refused; the last pins stay until the TTL', async () => {
  const state = tempDir();
  const a = await world.peer('delta');
  const stranger = await world.key('stranger');
  const keyring = await world.keyring([a.key.fingerprint, stranger.fingerprint]);
  const now = Date.now();
  const good1 = await a.publish(
    serviceFile([{ validAfter: '2020-01-01', domains: [{ domain: 'delta.example', cert: makeCert() }] }])
      .files,
  );
  await a.publish(
    serviceFile([{ validAfter: '2020-01-01', domains: [{ domain: 'delta2.example', cert: makeCert() }] }])
      .files,
  );
  assert.equal(
    (await update([source(a)], { stateDir: state, keyring, now })).report.groups[0]!.status,
    'updated',
  );

  await a.publish(
    serviceFile([{ validAfter: '2020-01-01', domains: [{ domain: 'evil.example', cert: makeCert() }] }])
      .files,
    { signWith: null },
  );
  let r = await update([source(a)], { stateDir: state, keyring, now: now + HOUR });
  assert.equal(r.report.groups[0]!.status, 'stale');
  assert.match(r.report.groups[0]!.error!, /is unsigned/);
  assert.deepEqual(domainsOf(r.pins), ['delta2.example'], 'the last accepted pins are kept');
  assert.equal(r.report.exitCode, 1, 'no group updated or unchanged');

  await a.publish(
    serviceFile([{ validAfter: '2020-01-01', domains: [{ domain: 'evil.example', cert: makeCert() }] }])
      .files,
    { signWith: stranger.fingerprint },
  );
  r = await update([source(a)], { stateDir: state, keyring, now: now + 2 * HOUR });
  assert.match(r.report.groups[0]!.error!, /is not-allowed/);

  await a.forcePush(good1);
  r = await update([source(a)], { stateDir: state, keyring, now: now + 3 * HOUR });
  assert.equal(r.report.groups[0]!.status, 'stale');
  assert.match(r.report.groups[0]!.error!, /does not descend from the last accepted commit/);
  assert.deepEqual(domainsOf(r.pins), ['delta2.example']);

  r = await update([source(a)], { stateDir: state, keyring, now: now + 8 * DAY });
  assert.equal(r.report.groups[0]!.status, 'expired');
  assert.deepEqual(domainsOf(r.pins), [], 'past the TTL the group contributes nothing');
});

test('dead and hostile URLs are skipped for the next one; a group with none working fails alone', async () => {
  const a = await world.peer('epsilon');
  const b = await world.peer('zeta');
  await a.publish(
    serviceFile([{ validAfter: '2020-01-01', domains: [{ domain: 'epsilon.example', cert: makeCert() }] }])
      .files,
  );
  const marker = join(tempDir(), 'pwned');
  const keyring = await world.keyring([a.key.fingerprint, b.key.fingerprint]);
  const { report, pins } = await update(
    [
      source(a, { urls: [`ext::sh -c touch% ${marker}`, '-uhelp', 'file:///nonexistent/x.git', a.url] }),
      source(b, { urls: ['file:///nonexistent/y.git', `--upload-pack=touch ${marker}`] }),
    ],
    { keyring },
  );
  assert.deepEqual(statusOf(report), { epsilon: 'updated', zeta: 'failed' });
  assert.equal(report.exitCode, 0);
  assert.equal(report.groups[0]!.warnings.length, 3);
  assert.match(report.groups[1]!.error!, /no URL could be fetched/);
  assert.deepEqual(domainsOf(pins), ['epsilon.example']);
  assert.equal(existsSync(marker), false, 'no transport helper ran');
});

test('a domain claimed by two groups is a conflict pinned by neither; an invalid entry is left out', async () => {
  const a = await world.peer('eta');
  const b = await world.peer('theta');
  await a.publish({
    ...serviceFile([
      {
        validAfter: '2020-01-01',
        domains: [
          { domain: 'shared.example', cert: makeCert() },
          { domain: 'eta.example', cert: makeCert() },
        ],
      },
    ]).files,
  });
  const weak = makeCert({ key: 'rsa-1024' });
  const files = serviceFile([
    {
      validAfter: '2020-01-01',
      domains: [
        { domain: 'shared.example', cert: makeCert() },
        { domain: 'theta.example', cert: makeCert() },
        { domain: 'weak.example', cert: weak },
      ],
    },
  ]).files;
  await b.publish(files);
  const { report, pins } = await update([source(a), source(b)], {
    keyring: await world.keyring([a.key.fingerprint, b.key.fingerprint]),
  });
  assert.deepEqual(report.conflicts, [{ domain: 'shared.example', groups: ['eta', 'theta'] }]);
  assert.deepEqual(domainsOf(pins), ['eta.example', 'theta.example']);
  const theta = report.groups.find((g) => g.group === 'theta')!;
  assert.ok(
    theta.problems.some((p) => /weak-key/.test(p) && /entry left out/.test(p)),
    theta.problems.join('\n'),
  );
});

test('an unwritable output: nothing half-written, exit 2; --diff writes nothing', async () => {
  const a = await world.peer('iota');
  await a.publish(
    serviceFile([{ validAfter: '2020-01-01', domains: [{ domain: 'iota.example', cert: makeCert() }] }])
      .files,
  );
  const keyring = await world.keyring([a.key.fingerprint]);
  const r = await update([source(a)], { keyring, out: '/nonexistent-folder/pins.json' });
  assert.equal(r.report.exitCode, 2);
  assert.match(r.report.outputError!, /cannot write \/nonexistent-folder\/pins.json/);

  const out = join(tempDir(), 'pins.json');
  writeFileSync(out, 'old\n');
  const d = await update([source(a)], { keyring, out, diff: true });
  assert.equal(readFileSync(out, 'utf8'), 'old\n');
  assert.match(d.report.outputs[0]!.diff!, /^-old$/m);
  assert.match(d.report.outputs[0]!.diff!, /^\+.*iota\.example/m);
});

test('--on-change runs once after a change, as an argument vector; a second run on the state dir waits, then fails', async () => {
  const a = await world.peer('kappa');
  await a.publish(
    serviceFile([{ validAfter: '2020-01-01', domains: [{ domain: 'kappa.example', cert: makeCert() }] }])
      .files,
  );
  const keyring = await world.keyring([a.key.fingerprint]);
  const log = join(tempDir(), 'log');
  const out = join(tempDir(), 'pins.json');
  const state = tempDir();
  const onChange = ['sh', '-c', `echo ran >> ${log}`];
  await update([source(a)], { keyring, out, onChange, stateDir: state });
  await update([source(a)], { keyring, out, onChange, stateDir: state });
  assert.equal(readFileSync(log, 'utf8'), 'ran\n', 'once: the second run changed nothing');

  writeFileSync(join(state, 'lock'), `${process.pid}\n`);
  await assert.rejects(
    update([source(a)], { keyring, out, stateDir: state, lockWaitMs: 300 }),
    /another update is running/,
  );
});

test('a damaged state file stops the run (nothing fetched or written) rather than forgetting the accepted tip', async () => {
  const a = await world.peer('lambda');
  await a.publish(
    serviceFile([{ validAfter: '2020-01-01', domains: [{ domain: 'lambda.example', cert: makeCert() }] }])
      .files,
  );
  const keyring = await world.keyring([a.key.fingerprint]);
  const state = tempDir();
  const out = join(tempDir(), 'pins.json');
  await update([source(a)], { stateDir: state, out, keyring });
  writeFileSync(join(state, 'groups', 'lambda.json'), '{"version": 99}');
  await assert.rejects(
    update([source(a)], { stateDir: state, out, keyring }),
    /not of state format version 1/,
  );
  assert.equal(readFileSync(join(state, 'groups', 'lambda.json'), 'utf8'), '{"version": 99}');
  assert.equal(existsSync(join(state, 'lock')), false, 'the lock is released');
});
