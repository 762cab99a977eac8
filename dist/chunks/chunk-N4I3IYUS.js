import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  findingLocation,
  githubInert,
  workflowCommand
} from "./chunk-GS4DNTWD.js";
import {
  makeStyle,
  printable
} from "./chunk-3P6CRWMY.js";

// src/report/findings.ts
import { createHash } from "node:crypto";
var OUTPUT_FORMATS = ["text", "json", "github", "gitlab"];
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
    const base = createHash("sha256").update(`${f.rule}\0${f.file}\0${f.line ?? ""}\0${f.column ?? ""}\0${f.message}`).digest("hex");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    const fingerprint = n === 0 ? base : createHash("sha256").update(`${base}\0${n}`).digest("hex");
    return {
      description: `${f.message} [${f.rule}]`,
      check_name: f.rule,
      fingerprint,
      severity: f.rule === "private-key" ? "critical" : f.severity === "error" ? "major" : "minor",
      location: { path: prefixed(f.file, opts.pathPrefix), lines: { begin: f.line ?? 1 } }
    };
  });
}
function printFindings(r, format, opts) {
  switch (format) {
    case "json":
      return {
        stdout: `${JSON.stringify({ findings: r.findings, summary: r.summary }, null, 2)}
`,
        stderr: ""
      };
    case "github":
      return {
        stdout: findingsGithub(r, opts) + githubInert(findingsText(r, { ...opts, color: false })),
        stderr: ""
      };
    case "gitlab":
      return {
        stdout: `${JSON.stringify(findingsGitlab(r, opts), null, 2)}
`,
        stderr: findingsText(r, { ...opts, color: false })
      };
    default:
      return { stdout: findingsText(r, opts), stderr: "" };
  }
}

export {
  OUTPUT_FORMATS,
  findingsText,
  findingsGithub,
  findingsGitlab,
  printFindings
};
