/**
 * Durations on the command line (SPEC §2.4): a whole number with a unit, `30s`, `30m`, `24h`,
 * `7d`, `2w`; `0` alone is allowed. Returns milliseconds, or undefined for anything else.
 */
const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export const DURATION_FORMS = "a whole number with a unit s, m, h, d or w (e.g. '10s', '30m', '7d'), or 0";

export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const m = /^(\d{1,9})([smhdw])$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * UNITS[m[2]!]!;
}
