/**
 * `valid_after` forms (SPEC §2.1): 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM', 'YYYY-MM-DD HH:MM:SS' (UTC),
 * or RFC 3339 with Z or an offset. Returns epoch milliseconds, or undefined when the text is none
 * of these or names an impossible date.
 */
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

export const DATE_FORMS =
  "'YYYY-MM-DD HH:MM', 'YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DD' or RFC 3339 with Z or an offset";

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function instant(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms = 0,
): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Date.UTC maps years 0-99 to 1900-1999; four digits are required, so fix them up.
  return y < 100 ? new Date(t).setUTCFullYear(y) : t;
}

export function parseValidAfter(text: string): number | undefined {
  let m = DATE_ONLY.exec(text);
  if (m) return instant(+m[1]!, +m[2]!, +m[3]!, 0, 0, 0);
  m = LOCAL.exec(text);
  if (m) return instant(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  m = RFC3339.exec(text);
  if (m) {
    const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
    const t = instant(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms);
    if (t === undefined) return undefined;
    if (m[8]) return t;
    const oh = +m[10]!;
    const om = +m[11]!;
    if (oh > 23 || om > 59) return undefined;
    const sign = m[9] === '-' ? -1 : 1;
    return t - sign * (oh * 60 + om) * 60_000;
  }
  return undefined;
}

/** `--now` accepts the same forms, plus anything that is unambiguously an ISO instant. */
export function parseNow(text: string): number | undefined {
  return parseValidAfter(text.trim());
}

export function formatInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
