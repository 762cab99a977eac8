import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  printable,
  printableText
} from "./chunk-FWEKEFTV.js";

// src/report/gitlab.ts
import { createHash } from "node:crypto";
function issueFingerprint(...parts) {
  return createHash("sha256").update(parts.join("\0")).digest("hex");
}
function codeQualityIssue(i) {
  return {
    description: i.description,
    check_name: i.check,
    fingerprint: i.fingerprint,
    severity: i.severity,
    location: { path: i.path, lines: { begin: i.line ?? 1 } }
  };
}

// src/report/workflow.ts
import { randomUUID } from "node:crypto";
function escapeData(s) {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
function workflowCommand(command, props, message) {
  const parts = Object.entries(props).filter(([, v]) => v !== null && v !== void 0 && v !== "").map(([k, v]) => `${k}=${escapeProperty(printable(String(v)))}`);
  return `::${command}${parts.length ? ` ${parts.join(",")}` : ""}::${escapeData(printableText(message))}`;
}
function githubInert(text) {
  if (!text) return "";
  const token = randomUUID();
  return `::stop-commands::${token}
${text}${text.endsWith("\n") ? "" : "\n"}::${token}::
`;
}

export {
  issueFingerprint,
  codeQualityIssue,
  workflowCommand,
  githubInert
};
