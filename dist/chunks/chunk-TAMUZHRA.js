import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  loadYaml,
  schemaFindings
} from "./chunk-7JBLXCWT.js";
import {
  findingLocation
} from "./chunk-YAJETZFS.js";

// src/model/fingerprint.ts
function normalizeFingerprint(s) {
  const compact = s.replace(/ /g, "").toUpperCase();
  return /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/.test(compact) ? compact : null;
}

// src/publisher/policy.ts
function parsePolicy(file, bytes) {
  const findings = [];
  const unusable = () => {
    const first = findings[0];
    return { problem: first ? `${findingLocation(first)}: ${first.message}` : file, findings };
  };
  const loaded = loadYaml(file, bytes, findings);
  if (!loaded) return unusable();
  findings.push(...schemaFindings("policy", file, loaded.data, loaded.source));
  if (findings.length > 0) return unusable();
  const data = loaded.data;
  const policy = { signers: (data.signers ?? []).map((s) => normalizeFingerprint(s)) };
  if (data.keyring !== void 0) policy.keyring = data.keyring;
  return { policy, findings };
}

export {
  normalizeFingerprint,
  parsePolicy
};
