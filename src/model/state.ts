/**
 * What the consumer remembers between runs about each group (SPEC §3.5, §3.8): the update writes
 * it, `status` and the metrics read it. Times are milliseconds since the epoch.
 */

/** A group's outcome in one run (SPEC §3.5). */
export const GROUP_STATUSES = ['updated', 'unchanged', 'stale', 'expired', 'failed'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/** How a tip was accepted (SPEC §3.7): signed by a meta fingerprint, or through its own history. */
export type AcceptedVia = 'meta' | 'history';

export interface AcceptedTip {
  /** Full object id. */
  commit: string;
  /** The commit's committer time. */
  commitTime: number;
  /** When this run accepted it. */
  acceptedAt: number;
  via: AcceptedVia;
}

/** One domain the group pins from its accepted commit, for `status` and the metrics. */
export interface PinnedDomain {
  service: string;
  domain: string;
  /** The earliest certificate expiry among its pinned certificates; null for a hidden service only. */
  notAfter: number | null;
}

export interface GroupState {
  group: string;
  /** The last accepted tip, or null when nothing was ever accepted. */
  accepted: AcceptedTip | null;
  /** The end of the last run in which the group ended `updated` or `unchanged`. */
  lastSuccess: number | null;
  /** The last run's outcome for the group. */
  lastAttempt: { at: number; status: GroupStatus; error: string | null } | null;
  pins: PinnedDomain[];
}

/** The last update run as a whole. */
export interface RunRecord {
  startedAt: number;
  finishedAt: number;
  /** Domains claimed by two groups or more, pinned by none. */
  conflicts: { domain: string; groups: string[] }[];
  /** The source TTL the run used, so `status` can say how long each group has left. */
  sourceTtl: number;
}
