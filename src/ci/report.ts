/** Reports of a CI job: text, JSON, GitHub workflow commands, GitLab Code Quality issues. */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { short } from '../model/oid.ts';
import { findingsGithub, findingsGitlab, findingsText } from '../report/findings.ts';
import { type CodeQualityIssue, codeQualityIssue, issueFingerprint } from '../report/gitlab.ts';
import type { Reporter } from '../report/reporter.ts';
import { makeStyle, printable } from '../report/style.ts';
import { verdictsGithub, verdictsGitlab, verdictsJson, verdictsText } from '../report/verdicts.ts';
import { githubInert, workflowCommand } from '../report/workflow.ts';
import type { CiJobResult } from './job.ts';
import type { CiRange } from './range.ts';

/** One line that says how the job ended. */
export function outcomeLine(r: CiJobResult): string {
  const parts: string[] = [];
  if (r.failures.length > 0)
    parts.push(`${r.failures.length} problem${r.failures.length === 1 ? '' : 's'} with the range`);
  const s = r.check?.summary;
  if (s && (s.errors > 0 || s.warnings > 0)) {
    parts.push(
      `check: ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`,
    );
  }
  const v = r.verification;
  if (v.bad > 0) parts.push(`${v.bad} of ${v.total} commit${v.total === 1 ? '' : 's'} not good`);
  if (r.warnings.length > 0) parts.push(`${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}`);
  const verified = r.range ? `, ${v.total} commit${v.total === 1 ? '' : 's'} verified` : '';
  if (r.exit === 0) return `passed${verified}${parts.length ? ` (${parts.join('; ')})` : ''}`;
  return `failed: ${parts.join('; ') || 'warnings with --strict'}`;
}

function rangeText(range: CiRange): string {
  if (range.kind === 'between') return `commits ${short(range.base!)}..${short(range.head)}`;
  return range.trusted.length > 0
    ? `commits of ${short(range.head)} not on ${range.trusted.join(', ')}`
    : `every commit of ${short(range.head)}`;
}

/** The human report: what ran, the check's findings, the commits' verdicts. */
export function ciText(r: CiJobResult, opts: { color: boolean; quiet: boolean }): string {
  const st = makeStyle(opts.color);
  const out: string[] = [`smtpfp ci: ${printable(r.description)}`];
  for (const n of r.notices) out.push(`note: ${printable(n)}`);
  for (const f of r.failures) out.push(`${st.red('error')}: ${printable(f)}`);
  if (r.check) {
    out.push(`check of ${short(r.ci.head)}${r.prefix ? ` in ${printable(r.prefix)}` : ''}:`);
    out.push(findingsText(r.check, opts).trimEnd());
  }
  if (r.range) {
    out.push(`${rangeText(r.range)}:`);
    out.push(verdictsText(r.verdicts, r.warnings, opts).trimEnd());
  }
  const mark = r.exit === 0 ? st.green('✔') : st.red('✖');
  out.push(`${mark} ${outcomeLine(r)}`);
  return `${out.filter((l) => l !== '').join('\n')}\n`;
}

/** `--format json`: one object. */
export function ciJson(r: CiJobResult): unknown {
  return {
    description: r.description,
    provider: r.ci.provider,
    event: r.ci.event,
    range: r.range
      ? {
          kind: r.range.kind,
          base: r.range.base,
          head: r.range.head,
          rewritten: r.range.rewritten,
          policy_commit: r.range.policyCommit,
        }
      : null,
    findings: r.check?.findings ?? [],
    summary: r.check?.summary ?? null,
    commits: verdictsJson(r.verdicts).commits,
    verification: r.verification,
    warnings: r.warnings,
    notices: r.notices,
    failures: r.failures,
    exit: r.exit,
  };
}

/** GitHub workflow commands: findings at file and line (paths from `pathPrefix`), commits, problems. */
export function ciGithubAnnotations(r: CiJobResult, pathPrefix: string): string {
  let out = '';
  for (const f of r.failures) out += `${workflowCommand('error', { title: 'smtpfp range' }, f)}\n`;
  if (r.check) out += findingsGithub(r.check, { color: false, quiet: false, pathPrefix });
  out += verdictsGithub(r.verdicts, r.warnings);
  for (const n of r.notices) out += `${workflowCommand('notice', { title: 'smtpfp' }, n)}\n`;
  return out;
}

/** GitLab Code Quality: the check's findings, the commits that are not good, and range problems. */
export function ciGitlabIssues(r: CiJobResult, pathPrefix: string): CodeQualityIssue[] {
  const issues = r.check ? findingsGitlab(r.check, { color: false, quiet: false, pathPrefix }) : [];
  issues.push(...verdictsGitlab(r.verdicts));
  for (const f of r.failures) {
    issues.push(
      codeQualityIssue({
        description: f,
        check: 'ci-range',
        fingerprint: issueFingerprint('ci-range', r.ci.head, f),
        severity: 'blocker',
        path: r.ci.provider === 'gitlab' ? '.gitlab-ci.yml' : '.smtpfp.yml',
      }),
    );
  }
  return issues;
}

/** The CI job; `pathPrefix` makes file names relative to the workspace. */
export const ciReporter: Reporter<CiJobResult> = {
  text: ciText,
  json: ciJson,
  github: (r, opts) =>
    githubInert(ciText(r, { ...opts, color: false })) + ciGithubAnnotations(r, opts.pathPrefix ?? ''),
  gitlab: (r, opts) => ciGitlabIssues(r, opts.pathPrefix ?? ''),
};

/** The path prefix that makes a checked file's name relative to `root` (a workspace), '/'-separated. */
export function reportPrefix(root: string | undefined, folder: string, repoPrefix: string): string {
  if (root) {
    const rel = relative(resolve(root), folder);
    if (rel === '') return '';
    if (!rel.startsWith('..') && !isAbsolute(rel)) return `${rel.split(sep).join('/')}/`;
  }
  return repoPrefix;
}
