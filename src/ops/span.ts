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
