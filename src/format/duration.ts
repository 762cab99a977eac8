/**
 * Durations on the command line (SPEC §2.4): a whole number with a unit, `30s`, `30m`, `24h`,
 * `7d`, `2w`, or `0`. Seconds are accepted besides the units the SPEC shows, for timeouts.
 */
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof UNIT_MS;

/** What a duration looks like, for error messages. */
export const DURATION_FORMS =
  "a whole number with a unit s, m, h, d or w (e.g. '30m', '24h', '7d', '2w'), or '0'";

const DURATION = /^(0|[1-9][0-9]{0,5})([smhdw])$/;

/** Milliseconds, or undefined when the text is not a duration (at most 999999 of a unit). */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const m = DURATION.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2] as Unit];
}

/** The shortest exact form of a duration in milliseconds (`0`, `90s`, `36h`, `2w`), for reports. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0';
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
