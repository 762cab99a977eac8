/**
 * `smtpfp status` (SPEC §3.8): what the consumer's state says about each group, as of an instant.
 * Pure: the state in, a report and the exit status out; it never fetches.
 */
import type { GroupState, GroupStatus, PinnedDomain, RunRecord } from '../model/state.ts';

export const DEFAULT_SOURCE_TTL = 7 * 86_400_000;

export interface StatusOptions {
  /** The TTL to judge groups by when no run record says which one the last update used. */
  sourceTtl?: number;
  /** The groups of the meta configuration, when known: groups missing from the state are reported, groups no longer configured are set aside. */
  configured?: readonly string[];
}

/**
 * A group's condition now. The statuses of SPEC §3.5, plus `never` (configured, but no update has
 * recorded it yet). A group whose last success is older than the TTL is `expired` whatever its
 * last run said: the update has stopped running or keeps failing.
 */
export type EffectiveStatus = GroupStatus | 'never';

export interface PinExpiry {
  service: string;
  domain: string;
  notAfter: number;
}

export interface GroupReport {
  group: string;
  status: EffectiveStatus;
  /** False for a group in the state that the meta configuration no longer lists. */
  configured: boolean;
  accepted: GroupState['accepted'];
  lastSuccess: number | null;
  lastAttempt: GroupState['lastAttempt'];
  /** When the group stops contributing unless an update succeeds first; null when nothing was ever accepted. */
  ttlEndsAt: number | null;
  /** Milliseconds until then (negative when past). */
  ttlLeft: number | null;
  pins: PinnedDomain[];
  /** The earliest certificate expiry among the pinned domains (hidden services only: null). */
  earliestExpiry: PinExpiry | null;
  /** Pinned certificates that have expired as of now. */
  expiredCertificates: PinExpiry[];
  /** Why this group fails the check; empty when it does not. */
  problems: string[];
}

export interface StatusReport {
  now: number;
  run: RunRecord | null;
  sourceTtl: number;
  groups: GroupReport[];
  /** Problems not tied to one group (no update recorded at all). */
  problems: string[];
  /** 1 when a group is expired, failed or never updated, or a pinned certificate has expired; else 0. */
  exit: 0 | 1;
}

function earliest(pins: readonly PinnedDomain[]): PinExpiry | null {
  let best: PinExpiry | null = null;
  for (const p of pins) {
    if (p.notAfter === null) continue;
    if (
      best === null ||
      p.notAfter < best.notAfter ||
      (p.notAfter === best.notAfter && `${p.service}\0${p.domain}` < `${best.service}\0${best.domain}`)
    )
      best = { service: p.service, domain: p.domain, notAfter: p.notAfter };
  }
  return best;
}

function effectiveStatus(state: GroupState, ttlEndsAt: number | null, now: number): EffectiveStatus {
  const last = state.lastAttempt?.status;
  if (last === undefined) return state.accepted ? 'unchanged' : 'never';
  if (last === 'failed' || last === 'expired') return last;
  if (ttlEndsAt !== null && ttlEndsAt <= now) return 'expired';
  return last;
}

const byName = (a: { group: string }, b: { group: string }) =>
  a.group < b.group ? -1 : a.group > b.group ? 1 : 0;

function groupReport(state: GroupState, configured: boolean, ttl: number, now: number): GroupReport {
  const ttlEndsAt = state.lastSuccess === null ? null : state.lastSuccess + ttl;
  const status = effectiveStatus(state, ttlEndsAt, now);
  const pins = [...state.pins].sort((a, b) =>
    a.service !== b.service
      ? a.service < b.service
        ? -1
        : 1
      : a.domain < b.domain
        ? -1
        : a.domain > b.domain
          ? 1
          : 0,
  );
  const expiredCertificates = pins
    .filter((p): p is PinnedDomain & { notAfter: number } => p.notAfter !== null && p.notAfter <= now)
    .map((p) => ({ service: p.service, domain: p.domain, notAfter: p.notAfter }));
  const problems: string[] = [];
  if (configured) {
    if (status === 'failed') problems.push('no configuration was ever accepted from this group');
    else if (status === 'never') problems.push('no update has recorded this group yet');
    else if (status === 'expired')
      problems.push('its last success is older than the source TTL: it contributes no pins');
    if (expiredCertificates.length > 0)
      problems.push(
        `${expiredCertificates.length} pinned certificate${expiredCertificates.length === 1 ? ' has' : 's have'} expired`,
      );
  }
  return {
    group: state.group,
    status,
    configured,
    accepted: state.accepted,
    lastSuccess: state.lastSuccess,
    lastAttempt: state.lastAttempt,
    ttlEndsAt,
    ttlLeft: ttlEndsAt === null ? null : ttlEndsAt - now,
    pins,
    earliestExpiry: earliest(pins),
    expiredCertificates,
    problems,
  };
}

export function buildStatus(
  states: readonly GroupState[],
  run: RunRecord | null,
  now: number,
  opts: StatusOptions = {},
): StatusReport {
  const ttl = run?.sourceTtl ?? opts.sourceTtl ?? DEFAULT_SOURCE_TTL;
  const configured = opts.configured ? new Set(opts.configured) : undefined;
  const groups = states.map((s) => groupReport(s, configured ? configured.has(s.group) : true, ttl, now));
  if (configured) {
    const known = new Set(states.map((s) => s.group));
    for (const name of configured) {
      if (known.has(name)) continue;
      const empty: GroupState = {
        group: name,
        accepted: null,
        lastSuccess: null,
        lastAttempt: null,
        pins: [],
      };
      groups.push(groupReport(empty, true, ttl, now));
    }
  }
  groups.sort(byName);
  const problems: string[] = [];
  if (run === null && states.length === 0) problems.push('no update run is recorded in this state');
  const failing = problems.length > 0 || groups.some((g) => g.problems.length > 0);
  return { now, run, sourceTtl: ttl, groups, problems, exit: failing ? 1 : 0 };
}
