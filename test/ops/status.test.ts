import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupState, RunRecord } from '../../src/model/state.ts';
import { buildStatus } from '../../src/ops/status.ts';
import { statusJson, statusText } from '../../src/ops/status-report.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const TTL = 7 * DAY;
const C1 = 'a'.repeat(40);

function run(over: Partial<RunRecord> = {}): RunRecord {
  return { startedAt: NOW - HOUR - 3000, finishedAt: NOW - HOUR, conflicts: [], sourceTtl: TTL, ...over };
}

function group(name: string, over: Partial<GroupState> = {}): GroupState {
  return {
    group: name,
    accepted: { commit: C1, commitTime: NOW - 3 * DAY, acceptedAt: NOW - 2 * DAY, via: 'meta' },
    lastSuccess: NOW - HOUR,
    lastAttempt: { at: NOW - HOUR, status: 'unchanged', error: null },
    pins: [
      { service: 'smtp', domain: 'b.example.org', notAfter: NOW + 60 * DAY },
      { service: 'smtp', domain: 'a.example.org', notAfter: NOW + 30 * DAY },
      { service: 'xmpp', domain: 'onion.example.org', notAfter: null },
    ],
    ...over,
  };
}

describe('status: the exit status', () => {
  it('is 0 for healthy groups, a stale one within its TTL included', () => {
    const stale = group('riseup', {
      lastSuccess: NOW - 2 * DAY,
      lastAttempt: { at: NOW - HOUR, status: 'stale', error: 'fetch failed: connection refused' },
    });
    const r = buildStatus([group('potager'), stale], run(), NOW);
    assert.equal(r.exit, 0);
    assert.deepEqual(
      r.groups.map((g) => [g.group, g.status]),
      [
        ['potager', 'unchanged'],
        ['riseup', 'stale'],
      ],
    );
    const riseup = r.groups[1]!;
    assert.equal(riseup.ttlLeft, 5 * DAY);
    assert.equal(riseup.ttlEndsAt, NOW + 5 * DAY);
    assert.deepEqual(riseup.earliestExpiry, {
      service: 'smtp',
      domain: 'a.example.org',
      notAfter: NOW + 30 * DAY,
    });
  });

  it('is 1 for a failed group, naming it', () => {
    const failed = group('newpeer', {
      accepted: null,
      lastSuccess: null,
      lastAttempt: { at: NOW - HOUR, status: 'failed', error: 'no signature' },
      pins: [],
    });
    const r = buildStatus([group('potager'), failed], run(), NOW);
    assert.equal(r.exit, 1);
    const g = r.groups.find((x) => x.group === 'newpeer')!;
    assert.equal(g.status, 'failed');
    assert.equal(g.ttlLeft, null);
    assert.match(g.problems.join(), /ever accepted/);
  });

  it('is 1 for an expired group, and counts a group past its TTL as expired whatever its last run said', () => {
    const expired = group('old', {
      lastSuccess: NOW - 8 * DAY,
      lastAttempt: { at: NOW - HOUR, status: 'expired', error: 'fetch failed' },
    });
    assert.equal(buildStatus([expired], run(), NOW).exit, 1);
    // The update stopped running 8 days ago: its last word was `unchanged`, but the TTL is over.
    const silent = group('silent', {
      lastSuccess: NOW - 8 * DAY,
      lastAttempt: { at: NOW - 8 * DAY, status: 'unchanged', error: null },
    });
    const r = buildStatus([silent], run({ finishedAt: NOW - 8 * DAY, startedAt: NOW - 8 * DAY - 1000 }), NOW);
    assert.equal(r.exit, 1);
    assert.equal(r.groups[0]!.status, 'expired');
    assert.equal(r.groups[0]!.ttlLeft, -DAY);
  });

  it('is 1 when a pinned certificate has expired, and 0 one second before', () => {
    const g = group('potager', {
      pins: [{ service: 'smtp', domain: 'mail.example.org', notAfter: NOW }],
    });
    const r = buildStatus([g], run(), NOW);
    assert.equal(r.exit, 1);
    assert.deepEqual(r.groups[0]!.expiredCertificates, [
      { service: 'smtp', domain: 'mail.example.org', notAfter: NOW },
    ]);
    assert.equal(buildStatus([g], run(), NOW - 1000).exit, 0);
  });

  it('uses the TTL of the run record, else the option, else 7 days', () => {
    const g = group('p', { lastSuccess: NOW - 3 * DAY });
    assert.equal(buildStatus([g], run({ sourceTtl: 2 * DAY }), NOW).exit, 1);
    assert.equal(buildStatus([g], null, NOW, { sourceTtl: 2 * DAY }).exit, 1);
    assert.equal(buildStatus([g], null, NOW).groups[0]!.ttlLeft, 4 * DAY);
  });

  it('with the configured groups: a missing group fails, a removed one is set aside', () => {
    const r = buildStatus([group('potager'), group('gone', { lastSuccess: NOW - 30 * DAY })], run(), NOW, {
      configured: ['potager', 'newcomer'],
    });
    assert.equal(r.exit, 1);
    const byName = Object.fromEntries(r.groups.map((g) => [g.group, g]));
    assert.equal(byName.newcomer!.status, 'never');
    assert.equal(byName.gone!.configured, false);
    assert.deepEqual(byName.gone!.problems, [], 'a group no longer configured does not fail the check');
    const ok = buildStatus([group('potager'), group('gone', { lastSuccess: NOW - 30 * DAY })], run(), NOW, {
      configured: ['potager'],
    });
    assert.equal(ok.exit, 0);
  });

  it('is 1 for an empty state with no run recorded', () => {
    const r = buildStatus([], null, NOW);
    assert.equal(r.exit, 1);
    assert.match(r.problems.join(), /no update run/);
  });
});

describe('status: reports', () => {
  const failing = group('evil\u001b[31m', {
    lastSuccess: NOW - 2 * DAY,
    lastAttempt: { at: NOW - HOUR, status: 'stale', error: 'bad\nline\u001b]0;title\u0007' },
  });
  const r = buildStatus(
    [group('potager'), failing],
    run({ conflicts: [{ domain: 'x.example.org', groups: ['a', 'b'] }] }),
    NOW,
  );

  it('text: per group the commit, last attempt, TTL left and earliest expiry; no control character', () => {
    const text = statusText(r, { color: false, quiet: false });
    assert.match(
      text,
      /potager: unchanged; commit aaaaaaaaaaaa of 2026-11-28T12:00:00Z, accepted 2026-11-29T12:00:00Z/,
    );
    assert.match(text, /the TTL runs out in 6d 23h \(2026-12-08T11:00:00Z\)/);
    assert.match(
      text,
      /3 pinned domains; earliest certificate expiry a\.example\.org \(smtp\) 2026-12-31T12:00:00Z, in 30d/,
    );
    assert.match(text, /last attempt 2026-12-01T11:00:00Z: stale: bad\uFFFDline\uFFFD\]0;title\uFFFD/);
    assert.match(text, /conflict: x\.example\.org is claimed by a, b; pinned by none/);
    assert.match(text, /✔ 2 groups, none failing/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: proving their absence
    assert.doesNotMatch(text.replace(/\n/g, ''), /[\u0000-\u001f\u007f]/);
  });

  it('quiet text prints only failing groups and conflicts', () => {
    assert.equal(
      statusText(r, { color: false, quiet: true }),
      '! conflict: x.example.org is claimed by a, b; pinned by none\n',
    );
    const bad = buildStatus(
      [group('potager'), group('x', { lastAttempt: { at: NOW, status: 'failed', error: 'e' } })],
      run(),
      NOW,
    );
    const text = statusText(bad, { color: false, quiet: true });
    assert.doesNotMatch(text, /potager/);
    assert.match(text, /✖ x: failed/);
    assert.match(text, /1 of 2 groups failing/);
  });

  it('JSON: the documented shape', () => {
    const j = JSON.parse(JSON.stringify(statusJson(r)));
    assert.equal(j.now, '2026-12-01T12:00:00Z');
    assert.equal(j.ok, true);
    assert.equal(j.source_ttl_seconds, 7 * 86400);
    assert.deepEqual(j.run, {
      started: '2026-12-01T10:59:57Z',
      finished: '2026-12-01T11:00:00Z',
      duration_seconds: 3,
    });
    assert.deepEqual(j.conflicts, [{ domain: 'x.example.org', groups: ['a', 'b'] }]);
    const p = j.groups.find((g: { group: string }) => g.group === 'potager');
    assert.deepEqual(Object.keys(p), [
      'group',
      'status',
      'configured',
      'ok',
      'commit',
      'commit_time',
      'accepted_at',
      'via',
      'last_success',
      'last_attempt',
      'ttl_ends',
      'ttl_left_seconds',
      'domains',
      'earliest_expiry',
      'expired_certificates',
      'pins',
      'problems',
    ]);
    assert.equal(p.commit, C1);
    assert.equal(p.ttl_left_seconds, 7 * 86400 - 3600);
    assert.equal(p.domains, 3);
    assert.deepEqual(p.earliest_expiry, {
      service: 'smtp',
      domain: 'a.example.org',
      not_after: '2026-12-31T12:00:00Z',
    });
    assert.deepEqual(p.pins[2], { service: 'xmpp', domain: 'onion.example.org', not_after: null });
    assert.deepEqual(p.last_attempt, { at: '2026-12-01T11:00:00Z', status: 'unchanged', error: null });
  });
});
