/**
 * A fingerprint as written by people: 40 (v4) or 64 (v6) hex digits, spaces ignored, any case.
 * Returns it uppercase without spaces, or null when it is not one.
 */
export function normalizeFingerprint(s: string): string | null {
  const compact = s.replace(/ /g, '').toUpperCase();
  return /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/.test(compact) ? compact : null;
}
