import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import type { GroupState, RunRecord } from '../../src/model/state.ts';
import { escapeLabelValue, renderMetrics } from '../../src/ops/metrics.ts';
import { PROMTOOL, PROMTOOL_SKIP } from '../helpers/promtool.ts';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const DAY = 86_400_000;

const run: RunRecord = {
  startedAt: NOW - 2500,
  finishedAt: NOW,
  conflicts: [{ domain: 'dup.example.org', groups: ['a', 'b'] }],
  sourceTtl: 7 * DAY,
};

const states: GroupState[] = [
  {
    group: 'potager',
    accepted: { commit: 'a'.repeat(40), commitTime: NOW - 3 * DAY, acceptedAt: NOW - DAY, via: 'meta' },
    lastSuccess: NOW,
    lastAttempt: { at: NOW, status: 'unchanged', error: null },
    pins: [
      { service: 'smtp', domain: 'potager.org', notAfter: NOW + 40 * DAY + 123 },
      { service: 'xmpp', domain: 'onion.potager.org', notAfter: null },
    ],
  },
  {
    group: 'we "quote" \\ and\nbreak',
    accepted: null,
    lastSuccess: null,
    lastAttempt: { at: NOW, status: 'failed', error: 'no signature' },
    pins: [],
  },
];

function promtool(args: string[], input = ''): { code: number; out: string } {
  const r = spawnSync(PROMTOOL!, args, { input, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe('metrics', () => {
  const text = renderMetrics(states, run);

  it('one-hot status, timestamps in seconds, expiry per pinned domain, run figures', () => {
    const lines = text.split('\n');
    assert.ok(lines.includes('smtpfp_group_status{group="potager",status="unchanged"} 1'));
    assert.ok(lines.includes('smtpfp_group_status{group="potager",status="updated"} 0'));
    assert.equal(lines.filter((l) => l.startsWith('smtpfp_group_status{group="potager"')).length, 5);
    assert.ok(lines.includes(`smtpfp_group_last_success_timestamp_seconds{group="potager"} ${NOW / 1000}`));
    assert.ok(
      lines.includes(`smtpfp_group_commit_timestamp_seconds{group="potager"} ${(NOW - 3 * DAY) / 1000}`),
    );
    assert.ok(
      lines.includes(
        `smtpfp_certificate_expiry_timestamp_seconds{group="potager",service="smtp",domain="potager.org"} ${(NOW + 40 * DAY) / 1000 + 0.123}`,
      ),
    );
    assert.ok(!text.includes('onion.potager.org'), 'a hidden service has no certificate expiry');
    assert.ok(lines.includes('smtpfp_conflicts 1'));
    assert.ok(lines.includes('smtpfp_last_run_duration_seconds 2.5'));
    assert.ok(lines.includes(`smtpfp_last_run_timestamp_seconds ${NOW / 1000}`));
    assert.ok(lines.includes('# TYPE smtpfp_certificate_expiry_timestamp_seconds gauge'));
  });

  it('escapes label values', () => {
    assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
    assert.ok(
      text.includes('smtpfp_group_status{group="we \\"quote\\" \\\\ and\\nbreak",status="failed"} 1'),
    );
    assert.equal(
      text.split('\n').filter((l) => l.includes('break')).length,
      6,
      'no raw line break from a label',
    );
  });

  it('passes promtool check metrics', { skip: PROMTOOL_SKIP }, () => {
    const r = promtool(['check', 'metrics'], text);
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out.trim(), '', `promtool has remarks: ${r.out}`);
    // And without a run record (a state written before any run finished), and with no group at all.
    for (const t of [renderMetrics(states, null), renderMetrics([], run)]) {
      const again = promtool(['check', 'metrics'], t);
      assert.equal(again.code, 0, again.out);
    }
  });

  it('promtool really rejects a broken exposition (the check has teeth)', { skip: PROMTOOL_SKIP }, () => {
    const broken = text.replace('smtpfp_conflicts 1', 'smtpfp_conflicts{domain="x} 1');
    assert.notEqual(promtool(['check', 'metrics'], broken).code, 0);
  });
});
