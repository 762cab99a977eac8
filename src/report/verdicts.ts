import { short } from '../model/oid.ts';
import type { CommitVerdict } from '../model/verdict.ts';
import { type CodeQualityIssue, codeQualityIssue, issueFingerprint } from './gitlab.ts';
import type { Reporter } from './reporter.ts';
import { makeStyle, printable } from './style.ts';
import { githubInert, workflowCommand } from './workflow.ts';

export interface VerdictSummary {
  total: number;
  good: number;
  bad: number;
}

export function summarize(verdicts: readonly CommitVerdict[]): VerdictSummary {
  const good = verdicts.filter((v) => v.status === 'good').length;
  return { total: verdicts.length, good, bad: verdicts.length - good };
}

export function verdictLine(v: CommitVerdict, color: boolean): string {
  const st = makeStyle(color);
  const status = v.status === 'good' ? st.green(v.status.padEnd(13)) : st.red(v.status.padEnd(13));
  const what = v.kind === 'tag' ? 'tag ' : '';
  const subject = v.subject ? ` ${printable(v.subject).slice(0, 60)}` : '';
  const detail = v.status === 'good' ? st.dim(` (${printable(v.message)})`) : `\n    ${printable(v.message)}`;
  return `${status} ${what}${short(v.oid)}${subject}${detail}`;
}

export function verdictsText(
  verdicts: readonly CommitVerdict[],
  warnings: readonly string[],
  opts: { color: boolean; quiet: boolean },
): string {
  const st = makeStyle(opts.color);
  const lines: string[] = warnings.map((w) => `${st.yellow('warning')}: ${printable(w)}`);
  for (const v of verdicts) if (!opts.quiet || v.status !== 'good') lines.push(verdictLine(v, opts.color));
  const s = summarize(verdicts);
  if (s.total === 0) lines.push(opts.quiet ? '' : 'no commits to verify');
  else if (s.bad === 0) {
    if (!opts.quiet)
      lines.push(`${st.green('✔')} ${s.total} commit${s.total === 1 ? '' : 's'}, all signed by allowed keys`);
  } else {
    lines.push(`${st.red('✖')} ${s.bad} of ${s.total} commit${s.total === 1 ? '' : 's'} not good`);
  }
  const text = lines.filter((l) => l !== '').join('\n');
  return text ? `${text}\n` : '';
}

export function verdictsJson(verdicts: readonly CommitVerdict[]): {
  commits: Array<Pick<CommitVerdict, 'oid' | 'status' | 'signer' | 'message'>>;
  summary: VerdictSummary;
} {
  return {
    commits: verdicts.map((v) => ({ oid: v.oid, status: v.status, signer: v.signer, message: v.message })),
    summary: summarize(verdicts),
  };
}

export function verdictsGithub(verdicts: readonly CommitVerdict[], warnings: readonly string[]): string {
  const lines = warnings.map((w) => workflowCommand('warning', { title: 'smtpfp' }, w));
  for (const v of verdicts) {
    if (v.status === 'good') continue;
    lines.push(
      workflowCommand(
        'error',
        { title: `smtpfp ${v.status}` },
        `${v.kind === 'tag' ? 'tag' : 'commit'} ${v.oid}${v.subject ? ` (${v.subject})` : ''}: ${v.message}`,
      ),
    );
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Code Quality issues for commits that are not good (GitLab needs a path: the commit has none). */
export function verdictsGitlab(verdicts: readonly CommitVerdict[]): CodeQualityIssue[] {
  return verdicts
    .filter((v) => v.status !== 'good')
    .map((v) =>
      codeQualityIssue({
        description: `${v.kind === 'tag' ? 'tag' : 'commit'} ${short(v.oid)}${v.subject ? ` (${v.subject})` : ''}: ${v.status}: ${v.message}`,
        check: `commit-${v.status}`,
        fingerprint: issueFingerprint(v.oid, v.status),
        severity: 'critical',
        path: '.smtpfp.yml',
      }),
    );
}

/** The verdicts of a verification, with the warnings about its trust. */
export interface VerdictReport {
  verdicts: readonly CommitVerdict[];
  warnings: readonly string[];
}

export const warningLines = (warnings: readonly string[]): string =>
  warnings.map((w) => `smtpfp: warning: ${w}\n`).join('');

export const verdictsReporter: Reporter<VerdictReport> = {
  text: (r, opts) => verdictsText(r.verdicts, r.warnings, opts),
  json: (r) => verdictsJson(r.verdicts),
  jsonNotes: (r) => warningLines(r.warnings),
  github: (r, opts) =>
    verdictsGithub(r.verdicts, r.warnings) +
    githubInert(verdictsText(r.verdicts, [], { ...opts, color: false })),
  gitlab: (r) => verdictsGitlab(r.verdicts),
};
