/**
 * The Prometheus text exposition format (version 0.0.4) for node_exporter's textfile collector
 * (SPEC §3.8): what the last update run left in the state. Pure; names and labels are documented
 * in the README ("Operating smtpfp").
 */
import { GROUP_STATUSES, type GroupState, type RunRecord } from '../model/state.ts';

interface Sample {
  labels: Record<string, string>;
  value: number;
}

interface Family {
  name: string;
  help: string;
  samples: Sample[];
}

/** Label values may hold anything: backslash, double quote and line feed are escaped (exposition format). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Milliseconds since the epoch as Prometheus seconds (millisecond precision kept). */
const seconds = (ms: number) => ms / 1000;

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

function renderFamily(f: Family): string {
  const lines = [`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} gauge`];
  for (const s of f.samples) {
    const labels = Object.entries(s.labels)
      .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
      .join(',');
    lines.push(`${f.name}${labels ? `{${labels}}` : ''} ${formatValue(s.value)}`);
  }
  return lines.join('\n');
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Renders the metrics of the state after a run. Every series is a gauge:
 * - `smtpfp_group_status{group,status}`: 1 for the group's status in the last run, 0 for the other
 *   four statuses of SPEC §3.5 (so `== 1` selects, and a missing group has no series at all);
 * - `smtpfp_group_last_success_timestamp_seconds{group}`, `smtpfp_group_commit_timestamp_seconds{group}`
 *   (the accepted commit's committer time), `smtpfp_group_pinned_domains{group}`;
 * - `smtpfp_certificate_expiry_timestamp_seconds{group,service,domain}`: the earliest expiry among
 *   a pinned domain's certificates (hidden-service-only domains have none);
 * - `smtpfp_conflicts`: domains claimed by two groups or more (pinned by none);
 * - `smtpfp_last_run_timestamp_seconds` (its end), `smtpfp_last_run_duration_seconds`,
 *   `smtpfp_source_ttl_seconds`.
 */
export function renderMetrics(states: readonly GroupState[], run: RunRecord | null): string {
  const groups = [...states].sort((a, b) => cmp(a.group, b.group));
  const families: Family[] = [
    {
      name: 'smtpfp_group_status',
      help: "The group's outcome in the last update run: 1 for its status (updated, unchanged, stale, expired, failed), 0 for the others.",
      samples: groups.flatMap((g) =>
        GROUP_STATUSES.map((status) => ({
          labels: { group: g.group, status },
          value: g.lastAttempt?.status === status ? 1 : 0,
        })),
      ),
    },
    {
      name: 'smtpfp_group_last_success_timestamp_seconds',
      help: 'When the last update run in which the group ended updated or unchanged finished.',
      samples: groups.flatMap((g) =>
        g.lastSuccess === null ? [] : [{ labels: { group: g.group }, value: seconds(g.lastSuccess) }],
      ),
    },
    {
      name: 'smtpfp_group_commit_timestamp_seconds',
      help: "The committer time of the group's last accepted commit.",
      samples: groups.flatMap((g) =>
        g.accepted === null ? [] : [{ labels: { group: g.group }, value: seconds(g.accepted.commitTime) }],
      ),
    },
    {
      name: 'smtpfp_group_pinned_domains',
      help: 'How many domains the group pins from its accepted commit.',
      samples: groups.map((g) => ({ labels: { group: g.group }, value: g.pins.length })),
    },
    {
      name: 'smtpfp_certificate_expiry_timestamp_seconds',
      help: "The earliest expiry among a pinned domain's certificates.",
      samples: groups.flatMap((g) =>
        [...g.pins]
          .sort((a, b) => cmp(a.service, b.service) || cmp(a.domain, b.domain))
          .flatMap((p) =>
            p.notAfter === null
              ? []
              : [
                  {
                    labels: { group: g.group, service: p.service, domain: p.domain },
                    value: seconds(p.notAfter),
                  },
                ],
          ),
      ),
    },
  ];
  if (run) {
    families.push(
      {
        name: 'smtpfp_conflicts',
        help: 'Domains claimed by two groups or more in the last update run; pinned by none.',
        samples: [{ labels: {}, value: run.conflicts.length }],
      },
      {
        name: 'smtpfp_last_run_timestamp_seconds',
        help: 'When the last update run finished.',
        samples: [{ labels: {}, value: seconds(run.finishedAt) }],
      },
      {
        name: 'smtpfp_last_run_duration_seconds',
        help: 'How long the last update run took.',
        samples: [{ labels: {}, value: seconds(run.finishedAt - run.startedAt) }],
      },
      {
        name: 'smtpfp_source_ttl_seconds',
        help: 'How long a failing group keeps its last accepted configuration (--source-ttl).',
        samples: [{ labels: {}, value: seconds(run.sourceTtl) }],
      },
    );
  }
  // A family without samples still says what it is: promtool and Prometheus accept that.
  return `${families.map(renderFamily).join('\n')}\n`;
}
