import { type CheckResult, findingLocation } from '../model/finding.ts';
import { type CodeQualityIssue, codeQualityIssue, issueFingerprint } from './gitlab.ts';
import type { Reporter, ReportOptions } from './reporter.ts';
import { makeStyle, printable } from './style.ts';
import { githubInert, workflowCommand } from './workflow.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summaryLine(r: CheckResult): string {
  const s = r.summary;
  const scope = `${plural(s.files, 'service file')}, ${plural(s.domains, 'domain')}, ${plural(s.certificates, 'certificate')}`;
  if (s.errors === 0 && s.warnings === 0) return `no problems in ${scope}`;
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')} in ${scope}`;
}

export function findingsText(r: CheckResult, opts: ReportOptions): string {
  const st = makeStyle(opts.color);
  const lines = r.findings.map((f) => {
    const sev = f.severity === 'error' ? st.red('error') : st.yellow('warning');
    return `${st.bold(printable(findingLocation(f)))}: ${sev}: ${printable(f.message)} ${st.dim(`[${f.rule}]`)}`;
  });
  const s = r.summary;
  if (!opts.quiet || s.errors > 0 || s.warnings > 0) {
    const mark = s.errors > 0 ? st.red('✖') : s.warnings > 0 ? st.yellow('!') : st.green('✔');
    lines.push(`${mark} ${summaryLine(r)}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function prefixed(file: string, prefix?: string): string {
  return prefix ? `${prefix.replace(/\/+$/, '')}/${file}` : file;
}

export function findingsGithub(r: CheckResult, opts: ReportOptions): string {
  const lines = r.findings.map((f) =>
    workflowCommand(
      f.severity === 'error' ? 'error' : 'warning',
      { file: prefixed(f.file, opts.pathPrefix), line: f.line, col: f.column, title: `smtpfp ${f.rule}` },
      f.message,
    ),
  );
  return `${lines.join('\n')}${lines.length ? '\n' : ''}`;
}

/** GitLab Code Quality report: an array of issues with unique fingerprints. */
export function findingsGitlab(r: CheckResult, opts: ReportOptions): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  return r.findings.map((f) => {
    const base = issueFingerprint(f.rule, f.file, f.line ?? '', f.column ?? '', f.message);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return codeQualityIssue({
      description: `${f.message} [${f.rule}]`,
      check: f.rule,
      fingerprint: n === 0 ? base : issueFingerprint(base, n),
      severity: f.rule === 'private-key' ? 'critical' : f.severity === 'error' ? 'major' : 'minor',
      path: prefixed(f.file, opts.pathPrefix),
      line: f.line,
    });
  });
}

export function findingsJson(r: CheckResult): {
  findings: CheckResult['findings'];
  summary: CheckResult['summary'];
} {
  return { findings: r.findings, summary: r.summary };
}

/** The check's findings. */
export const findingsReporter: Reporter<CheckResult> = {
  text: findingsText,
  json: findingsJson,
  github: (r, opts) => findingsGithub(r, opts) + githubInert(findingsText(r, { ...opts, color: false })),
  gitlab: findingsGitlab,
};
