/**
 * `update --metrics FILE` (SPEC §3.8): after the run, the Prometheus text format for node_exporter's
 * textfile collector, written atomically. With a state dir the per-group figures come from the
 * state the run just saved; without one, from the run's report (no accepted commit time then).
 */

import { readGroupStates } from '../consumer/state-store.ts';
import type { UpdateReport } from '../consumer/update.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import type { GroupState, RunRecord } from '../model/state.ts';
import { renderMetrics } from '../ops/metrics.ts';

export interface MetricsSources {
  stateDir: string | undefined;
  groups: readonly string[];
  sourceTtl: number;
}

function statesFromReport(report: UpdateReport): GroupState[] {
  return report.groups.map((g) => {
    const ok = g.status === 'updated' || g.status === 'unchanged';
    return {
      group: g.group,
      accepted: null,
      lastSuccess: ok ? report.finishedAt : null,
      lastAttempt: { at: report.finishedAt, status: g.status, error: g.error },
      pins: report.domainExpiry
        .filter((d) => d.group === g.group)
        .map((d) => ({ service: d.service, domain: d.domain, notAfter: d.notAfter })),
    };
  });
}

export async function metricsText(report: UpdateReport, sources: MetricsSources): Promise<string> {
  const names = new Set(sources.groups);
  const states =
    sources.stateDir === undefined
      ? statesFromReport(report)
      : (await readGroupStates(sources.stateDir)).filter((s) => names.has(s.group));
  const run: RunRecord = {
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    conflicts: report.conflicts,
    sourceTtl: sources.sourceTtl,
  };
  return renderMetrics(states, run);
}

export async function writeMetricsFile(
  path: string,
  report: UpdateReport,
  sources: MetricsSources,
): Promise<void> {
  await writeFileAtomic(path, await metricsText(report, sources), 0o644);
}
