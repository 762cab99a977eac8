import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);

// src/model/fingerprint.ts
function normalizeFingerprint(s) {
  const compact = s.replace(/ /g, "").toUpperCase();
  return /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/.test(compact) ? compact : null;
}

export {
  normalizeFingerprint
};
