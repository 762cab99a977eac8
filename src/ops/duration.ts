/**
 * Durations on the command line (SPEC §2.4): a whole number with a unit, `30m`, `24h`, `7d`, `2w`
 * (`0` allowed). Returns milliseconds, or undefined for anything else.
 */
const UNITS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

export const DURATION_FORMS = "a number with a unit: '30m', '24h', '7d', '2w' (or '0')";

export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const m = /^(\d{1,6})([smhdw])$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * UNITS[m[2]!]!;
}

/** A short human form of a span: `6d 23h`, `5h 12m`, `42s`; negative spans are shown as `-…`. */
export function formatSpan(ms: number): string {
  if (ms < 0) return `-${formatSpan(-ms)}`;
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return `${m}m`;
  return `${s}s`;
}
