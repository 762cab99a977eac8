import { createHash } from 'node:crypto';
import { type CheckResult, findingLocation } from '../model/finding.ts';
import { makeStyle, printable } from './style.ts';
import { githubInert, workflowCommand } from './workflow.ts';

export type OutputFormat = 'text' | 'json' | 'github' | 'gitlab';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'github', 'gitlab'];

export interface ReportOptions {
  color: boolean;
  quiet: boolean;
  /** Prepended to file names where the consumer of the report expects repository-root paths (CI annotations). */
  pathPrefix?: string;
}

/** Printed output: `stdout` is the machine-readable part in json/gitlab formats; `stderr` the human part. */
export interface Printed {
  stdout: string;
  stderr: string;
}

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
export function findingsGitlab(r: CheckResult, opts: ReportOptions): unknown[] {
  const seen = new Map<string, number>();
  return r.findings.map((f) => {
    const base = createHash('sha256')
      .update(`${f.rule}\0${f.file}\0${f.line ?? ''}\0${f.column ?? ''}\0${f.message}`)
      .digest('hex');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    const fingerprint = n === 0 ? base : createHash('sha256').update(`${base}\0${n}`).digest('hex');
    return {
      description: `${f.message} [${f.rule}]`,
      check_name: f.rule,
      fingerprint,
      severity: f.rule === 'private-key' ? 'critical' : f.severity === 'error' ? 'major' : 'minor',
      location: { path: prefixed(f.file, opts.pathPrefix), lines: { begin: f.line ?? 1 } },
    };
  });
}

export function printFindings(r: CheckResult, format: OutputFormat, opts: ReportOptions): Printed {
  switch (format) {
    case 'json':
      return {
        stdout: `${JSON.stringify({ findings: r.findings, summary: r.summary }, null, 2)}\n`,
        stderr: '',
      };
    case 'github':
      return {
        stdout: findingsGithub(r, opts) + githubInert(findingsText(r, { ...opts, color: false })),
        stderr: '',
      };
    case 'gitlab':
      return {
        stdout: `${JSON.stringify(findingsGitlab(r, opts), null, 2)}\n`,
        stderr: findingsText(r, { ...opts, color: false }),
      };
    default:
      return { stdout: findingsText(r, opts), stderr: '' };
  }
}
