import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  codeQualityIssue,
  githubInert,
  issueFingerprint,
  workflowCommand
} from "./chunk-WCQHUGJM.js";
import {
  findingLocation
} from "./chunk-SMY7YJGK.js";
import {
  makeStyle
} from "./chunk-3TZPSSYH.js";
import {
  printable
} from "./chunk-FWEKEFTV.js";

// src/report/findings.ts
var plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
function summaryLine(r) {
  const s = r.summary;
  const scope = `${plural(s.files, "service file")}, ${plural(s.domains, "domain")}, ${plural(s.certificates, "certificate")}`;
  if (s.errors === 0 && s.warnings === 0) return `no problems in ${scope}`;
  return `${plural(s.errors, "error")}, ${plural(s.warnings, "warning")} in ${scope}`;
}
function findingsText(r, opts) {
  const st = makeStyle(opts.color);
  const lines = r.findings.map((f) => {
    const sev = f.severity === "error" ? st.red("error") : st.yellow("warning");
    return `${st.bold(printable(findingLocation(f)))}: ${sev}: ${printable(f.message)} ${st.dim(`[${f.rule}]`)}`;
  });
  const s = r.summary;
  if (!opts.quiet || s.errors > 0 || s.warnings > 0) {
    const mark = s.errors > 0 ? st.red("\u2716") : s.warnings > 0 ? st.yellow("!") : st.green("\u2714");
    lines.push(`${mark} ${summaryLine(r)}`);
  }
  return lines.length ? `${lines.join("\n")}
` : "";
}
function prefixed(file, prefix) {
  return prefix ? `${prefix.replace(/\/+$/, "")}/${file}` : file;
}
function findingsGithub(r, opts) {
  const lines = r.findings.map(
    (f) => workflowCommand(
      f.severity === "error" ? "error" : "warning",
      { file: prefixed(f.file, opts.pathPrefix), line: f.line, col: f.column, title: `smtpfp ${f.rule}` },
      f.message
    )
  );
  return `${lines.join("\n")}${lines.length ? "\n" : ""}`;
}
function findingsGitlab(r, opts) {
  const seen = /* @__PURE__ */ new Map();
  return r.findings.map((f) => {
    const base = issueFingerprint(f.rule, f.file, f.line ?? "", f.column ?? "", f.message);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return codeQualityIssue({
      description: `${f.message} [${f.rule}]`,
      check: f.rule,
      fingerprint: n === 0 ? base : issueFingerprint(base, n),
      severity: f.rule === "private-key" ? "critical" : f.severity === "error" ? "major" : "minor",
      path: prefixed(f.file, opts.pathPrefix),
      line: f.line
    });
  });
}
function findingsJson(r) {
  return { findings: r.findings, summary: r.summary };
}
var findingsReporter = {
  text: findingsText,
  json: findingsJson,
  github: (r, opts) => findingsGithub(r, opts) + githubInert(findingsText(r, { ...opts, color: false })),
  gitlab: findingsGitlab
};

export {
  findingsText,
  findingsGithub,
  findingsGitlab,
  findingsJson,
  findingsReporter
};
