import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { prepareStateDir, writeGroupRecord, writeRunRecord } from '../../src/consumer/state-store.ts';
import type { GroupState } from '../../src/model/state.ts';
import { smtpfp } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 11, 1, 12);
const FPR = '8A1494D27609C257660081D47F68D8988F8F06FB';
const NOW_ARG = ['--now', '2026-12-01T12:00:00Z'];

function state(group: string, over: Partial<GroupState> = {}): GroupState {
  return {
    group,
    accepted: { commit: 'b'.repeat(40), commitTime: NOW - 2 * DAY, acceptedAt: NOW - DAY, via: 'meta' },
    lastSuccess: NOW - HOUR,
    lastAttempt: { at: NOW - HOUR, status: 'unchanged', error: null },
    pins: [{ service: 'smtp', domain: `${group}.example.org`, notAfter: NOW + 30 * DAY }],
    ...over,
  };
}

async function stateDir(states: GroupState[]): Promise<string> {
  const dir = tempDir('smtpfp-state-');
  await prepareStateDir(dir);
  for (const s of states) await writeGroupRecord(dir, { state: s, contribution: null });
  await writeRunRecord(dir, {
    startedAt: NOW - HOUR - 5000,
    finishedAt: NOW - HOUR,
    conflicts: [],
    sourceTtl: 7 * DAY,
  });
  return dir;
}

// No git on PATH: status reads the state and nothing else (no fetch, no network).
const env = { ...process.env, PATH: '/nonexistent' };
const status = (args: string[]) => smtpfp(['status', ...NOW_ARG, ...args], { cwd: tempDir(), env });

describe('smtpfp status', () => {
  it('exits 0 when every group is fine, with the per-group lines', async () => {
    const dir = await stateDir([
      state('potager'),
      state('riseup', {
        lastAttempt: { at: NOW - HOUR, status: 'stale', error: 'fetch failed' },
        lastSuccess: NOW - DAY,
      }),
    ]);
    const r = status(['--state-dir', dir]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✔ potager: unchanged; commit bbbbbbbbbbbb of 2026-11-29T12:00:00Z/);
    assert.match(r.stdout, /! riseup: stale/);
    assert.match(r.stdout, /last attempt 2026-12-01T11:00:00Z: stale: fetch failed/);
    assert.match(r.stdout, /the TTL runs out in 6d \(2026-12-07T12:00:00Z\)/);
    assert.match(
      r.stdout,
      /1 pinned domain; earliest certificate expiry potager\.example\.org \(smtp\) 2026-12-31T12:00:00Z, in 30d/,
    );
  });

  it('exits 1 for a failed or an expired group, and says so in JSON', async () => {
    const dir = await stateDir([
      state('potager'),
      state('newpeer', {
        accepted: null,
        lastSuccess: null,
        pins: [],
        lastAttempt: { at: NOW - HOUR, status: 'failed', error: 'unsigned' },
      }),
      state('old', {
        lastSuccess: NOW - 8 * DAY,
        lastAttempt: { at: NOW - HOUR, status: 'expired', error: 'gone' },
      }),
    ]);
    const r = status(['--state-dir', dir, '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.ok, false);
    assert.deepEqual(
      j.groups.map((g: { group: string; status: string; ok: boolean }) => [g.group, g.status, g.ok]),
      [
        ['newpeer', 'failed', false],
        ['old', 'expired', false],
        ['potager', 'unchanged', true],
      ],
    );
    assert.equal(j.run.duration_seconds, 5);
  });

  it('exits 1 when a pinned certificate has expired', async () => {
    const dir = await stateDir([
      state('potager', { pins: [{ service: 'smtp', domain: 'p.example.org', notAfter: NOW - 1000 }] }),
    ]);
    const r = status(['--state-dir', dir]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /problem: 1 pinned certificate has expired/);
  });

  it('--config: a configured group with no state fails the check', async () => {
    const dir = await stateDir([state('potager')]);
    const meta = join(dir, '..', `meta-${Date.now()}.yml`);
    writeFileSync(
      meta,
      `potager:\n  urls: [https://example.org/a.git]\n  fingerprints: [${FPR}]\nnewcomer:\n  urls: [https://example.org/b.git]\n  fingerprints: [${FPR}]\n`,
    );
    const r = status(['--state-dir', dir, '--config', meta]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✖ newcomer: never; nothing accepted/);
    const bad = join(dir, '..', `bad-${Date.now()}.yml`);
    writeFileSync(bad, 'a: [\n');
    const b = status(['--state-dir', dir, '--config', bad]);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /unusable meta configuration: .*bad-.*\.yml:\d+:\d+: invalid YAML/);
  });

  it('exit 2 for a missing state dir, a state file that is not JSON, or an unknown format', async () => {
    const missing = status(['--state-dir', '/nonexistent/state']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--state-dir: expected the folder of 'update --state-dir'/);
    const dir = await stateDir([state('potager')]);
    mkdirSync(join(dir, 'groups'), { recursive: true });
    writeFileSync(join(dir, 'groups', 'broken.json'), '{not json');
    const broken = status(['--state-dir', dir]);
    assert.equal(broken.code, 2, broken.stdout);
    assert.match(broken.stderr, /broken\.json is not JSON/);
    assert.doesNotMatch(broken.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(status(['--state-dir', dir, '--format', 'github']).code, 2);
  });

  it('an empty state dir (update never ran): exit 1', async () => {
    const dir = tempDir('smtpfp-empty-');
    const r = status(['--state-dir', dir]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /no update run is recorded/);
  });
});
