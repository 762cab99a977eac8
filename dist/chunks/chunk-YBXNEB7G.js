import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);

// src/format/duration.ts
var UNIT_MS = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };
var DURATION_FORMS = "a whole number with a unit s, m, h, d or w (e.g. '30m', '24h', '7d', '2w'), or '0'";
var DURATION = /^(0|[1-9][0-9]{0,5})([smhdw])$/;
function parseDuration(text) {
  if (text === "0") return 0;
  const m = DURATION.exec(text);
  if (!m) return void 0;
  return Number(m[1]) * UNIT_MS[m[2]];
}

export {
  DURATION_FORMS,
  parseDuration
};
