import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);

// src/format/dates.ts
var DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
var LOCAL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;
var RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
var DATE_FORMS = "'YYYY-MM-DD HH:MM', 'YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DD' or RFC 3339 with Z or an offset";
function daysIn(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
function instant(y, mo, d, h, mi, s, ms = 0) {
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return void 0;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  return y < 100 ? new Date(t).setUTCFullYear(y) : t;
}
function parseValidAfter(text) {
  let m = DATE_ONLY.exec(text);
  if (m) return instant(+m[1], +m[2], +m[3], 0, 0, 0);
  m = LOCAL.exec(text);
  if (m) return instant(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0));
  m = RFC3339.exec(text);
  if (m) {
    const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1e3) : 0;
    const t = instant(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], ms);
    if (t === void 0) return void 0;
    if (m[8]) return t;
    const oh = +m[10];
    const om = +m[11];
    if (oh > 23 || om > 59) return void 0;
    const sign = m[9] === "-" ? -1 : 1;
    return t - sign * (oh * 60 + om) * 6e4;
  }
  return void 0;
}
function parseNow(text) {
  return parseValidAfter(text.trim());
}
function formatInstant(ms) {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

export {
  DATE_FORMS,
  parseValidAfter,
  parseNow,
  formatInstant
};
