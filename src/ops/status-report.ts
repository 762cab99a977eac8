/**
 * The two prints of a status report: text for people, JSON for scripts (shape documented in the
 * README, "Operating smtpfp"). Every value read from the state passes through printable() in text.
 */
import { formatInstant } from '../format/dates.ts';
import { short } from '../model/oid.ts';
import { makeStyle, printable } from '../report/style.ts';
import { formatSpan } from './span.ts';
import type { GroupReport, PinExpiry, StatusReport } from './status.ts';

const DAY = 86_400_000;

const at = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : formatInstant(ms);
const seconds = (ms: number) => Math.round(ms / 1000);

const pinJson = (p: PinExpiry) => ({
  service: p.service,
  domain: p.domain,
  not_after: formatInstant(p.notAfter),
});

/** The JSON value of a status report (`--format json`). Times are RFC 3339 UTC, spans whole seconds. */
export function statusJson(r: StatusReport): unknown {
  return {
    now: formatInstant(r.now),
    ok: r.exit === 0,
    source_ttl_seconds: seconds(r.sourceTtl),
    run: r.run && {
      started: formatInstant(r.run.startedAt),
      finished: formatInstant(r.run.finishedAt),
      duration_seconds: (r.run.finishedAt - r.run.startedAt) / 1000,
    },
    groups: r.groups.map((g) => ({
      group: g.group,
      status: g.status,
      configured: g.configured,
      ok: g.problems.length === 0,
      commit: g.accepted?.commit ?? null,
      commit_time: at(g.accepted?.commitTime),
      accepted_at: at(g.accepted?.acceptedAt),
      via: g.accepted?.via ?? null,
      last_success: at(g.lastSuccess),
      last_attempt: g.lastAttempt && {
        at: formatInstant(g.lastAttempt.at),
        status: g.lastAttempt.status,
        error: g.lastAttempt.error,
      },
      ttl_ends: at(g.ttlEndsAt),
      ttl_left_seconds: g.ttlLeft === null ? null : seconds(g.ttlLeft),
      domains: g.pins.length,
      earliest_expiry: g.earliestExpiry && pinJson(g.earliestExpiry),
      expired_certificates: g.expiredCertificates.map(pinJson),
      pins: g.pins.map((p) => ({
        service: p.service,
        domain: p.domain,
        not_after: at(p.notAfter),
      })),
      problems: g.problems,
    })),
    conflicts: (r.run?.conflicts ?? []).map((c) => ({ domain: c.domain, groups: [...c.groups] })),
    problems: r.problems,
  };
}

function groupLines(g: GroupReport, r: StatusReport, color: boolean): string[] {
  const st = makeStyle(color);
  const bad = g.problems.length > 0;
  const warn = g.status === 'stale' || !g.configured;
  const mark = bad ? st.red('✖') : warn ? st.yellow('!') : st.green('✔');
  const name = st.bold(printable(g.group));
  const lines: string[] = [];
  const accepted = g.accepted
    ? `commit ${printable(short(g.accepted.commit))} of ${formatInstant(g.accepted.commitTime)}, accepted ${formatInstant(g.accepted.acceptedAt)}${g.accepted.via === 'history' ? ' through its own history' : ''}`
    : 'nothing accepted';
  lines.push(
    `${mark} ${name}: ${g.status}${g.configured ? '' : ' (no longer in the meta configuration)'}; ${accepted}`,
  );
  if (g.lastAttempt) {
    const err = g.lastAttempt.error ? `: ${printable(g.lastAttempt.error)}` : '';
    lines.push(`    last attempt ${formatInstant(g.lastAttempt.at)}: ${g.lastAttempt.status}${err}`);
  }
  if (g.ttlEndsAt !== null && g.ttlLeft !== null) {
    lines.push(
      g.ttlLeft > 0
        ? `    last success ${at(g.lastSuccess)}; the TTL runs out in ${formatSpan(g.ttlLeft)} (${formatInstant(g.ttlEndsAt)})`
        : `    last success ${at(g.lastSuccess)}; the TTL ran out ${formatSpan(-g.ttlLeft)} ago (${formatInstant(g.ttlEndsAt)})`,
    );
  }
  const n = g.pins.length;
  let pins = `    ${n} pinned domain${n === 1 ? '' : 's'}`;
  if (g.earliestExpiry) {
    const e = g.earliestExpiry;
    const left = e.notAfter - r.now;
    const when = left > 0 ? `in ${formatSpan(left)}` : `${formatSpan(-left)} ago`;
    const text = `earliest certificate expiry ${printable(e.domain)} (${printable(e.service)}) ${formatInstant(e.notAfter)}, ${when}`;
    pins += `; ${left <= 0 ? st.red(text) : left < 14 * DAY ? st.yellow(text) : text}`;
  }
  lines.push(pins);
  for (const p of g.problems) lines.push(`    ${st.red('problem')}: ${p}`);
  return lines;
}

/** The text report: one block per group, the conflicts, a summary line. */
export function statusText(r: StatusReport, opts: { color: boolean; quiet: boolean }): string {
  const st = makeStyle(opts.color);
  const lines: string[] = [];
  if (!opts.quiet) {
    lines.push(
      r.run
        ? `last update run ${formatInstant(r.run.finishedAt)} (took ${formatSpan(r.run.finishedAt - r.run.startedAt)}), ${formatSpan(r.now - r.run.finishedAt)} before ${formatInstant(r.now)}; source TTL ${formatSpan(r.sourceTtl)}`
        : `no update run recorded; source TTL ${formatSpan(r.sourceTtl)}`,
    );
  }
  for (const g of r.groups) {
    if (opts.quiet && g.problems.length === 0) continue;
    lines.push(...groupLines(g, r, opts.color));
  }
  for (const c of r.run?.conflicts ?? []) {
    lines.push(
      `${st.yellow('!')} conflict: ${printable(c.domain)} is claimed by ${c.groups.map(printable).join(', ')}; pinned by none`,
    );
  }
  for (const p of r.problems) lines.push(`${st.red('✖')} ${p}`);
  const failing = r.groups.filter((g) => g.problems.length > 0).length;
  const total = r.groups.length;
  if (!opts.quiet || r.exit !== 0) {
    lines.push(
      r.exit === 0
        ? `${st.green('✔')} ${total} group${total === 1 ? '' : 's'}, none failing`
        : `${st.red('✖')} ${failing} of ${total} group${total === 1 ? '' : 's'} failing`,
    );
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
