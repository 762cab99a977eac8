import { checkSigningSetup, type SigningSetup } from '../../hooks/signing-setup.ts';
import { usageError } from '../../model/errors.ts';
import type { CheckResult } from '../../model/finding.ts';
import { findingsGitlab, findingsJson, findingsReporter, findingsText } from '../../report/findings.ts';
import { type CodeQualityIssue, codeQualityIssue, issueFingerprint } from '../../report/gitlab.ts';
import { print, type Reporter } from '../../report/reporter.ts';
import { makeStyle, printable } from '../../report/style.ts';
import { workflowCommand } from '../../report/workflow.ts';
import type { Context } from '../context.ts';
import { checkSettings, runCheck } from './check.ts';

function setupText(setup: SigningSetup, color: boolean, quiet: boolean): string {
  const st = makeStyle(color);
  const lines: string[] = [];
  if (!quiet) for (const n of setup.notes) lines.push(`${st.dim('note')}: ${printable(n)}`);
  for (const p of setup.problems) {
    lines.push(
      `${st.bold('signing')}: ${st.red('error')}: ${printable(p.message)} ${st.dim(`[${p.setting}]`)}`,
    );
    lines.push(`    fix: ${printable(p.fix)}`);
  }
  const n = setup.problems.length;
  if (n > 0) {
    lines.push(`${st.red('✖')} signing set-up: ${n} problem${n === 1 ? '' : 's'}`);
  } else if (!quiet) {
    const s = setup.signer;
    const who = s ? `${s.fingerprint}${s.uid ? ` (${printable(s.uid)})` : ''}` : 'the configured key';
    const why = s?.allowed ? `, an allowed signer in ${setup.policy?.where ?? ''}` : '';
    lines.push(`${st.green('✔')} signing set-up: commits will be signed by ${who}${why}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function setupJson(setup: SigningSetup): unknown {
  return {
    problems: setup.problems,
    notes: setup.notes,
    signer: setup.signer ?? null,
  };
}

function setupGithub(setup: SigningSetup): string {
  const lines = setup.problems.map((p) =>
    workflowCommand('error', { title: `smtpfp ${p.setting}` }, `${p.message}; fix: ${p.fix}`),
  );
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function setupGitlab(setup: SigningSetup): CodeQualityIssue[] {
  return setup.problems.map((p) =>
    codeQualityIssue({
      description: `${p.message}; fix: ${p.fix}`,
      check: `signing-${p.setting}`,
      fingerprint: issueFingerprint(p.setting, p.message),
      severity: 'blocker',
      path: '.git/config',
    }),
  );
}

/** What pre-commit found: the check of the index and the signing set-up. */
interface PreCommitResult {
  check: CheckResult;
  setup: SigningSetup;
}

const preCommitReporter: Reporter<PreCommitResult> = {
  text: (r, opts) => findingsText(r.check, opts) + setupText(r.setup, opts.color, opts.quiet),
  json: (r) => ({ ...findingsJson(r.check), signing: setupJson(r.setup) }),
  github: (r, opts) =>
    findingsReporter.github(r.check, opts) + setupGithub(r.setup) + setupText(r.setup, false, opts.quiet),
  gitlab: (r, opts) => [...findingsGitlab(r.check, opts), ...setupGitlab(r.setup)],
};

/** `check --staged` plus the signing set-up (SPEC §3.3). */
export async function run(ctx: Context): Promise<number> {
  if (ctx.args.positionals.length > 0)
    throw usageError(`pre-commit takes no argument, got '${ctx.args.positionals[0]}'`);
  const settings = { ...checkSettings(ctx), source: 'staged' as const };

  // The check reports a folder outside git itself (exit 2), before any signing question.
  const [checked, setupDone] = await Promise.allSettled([
    runCheck(ctx, settings),
    checkSigningSetup(settings.path),
  ]);
  if (checked.status === 'rejected') throw checked.reason;
  if (setupDone.status === 'rejected') throw setupDone.reason;
  const check = checked.value;
  const setup = setupDone.value;
  print(ctx.io, preCommitReporter, { check: check.result, setup }, ctx.format, {
    color: ctx.color,
    quiet: ctx.quiet,
    pathPrefix: check.prefix,
  });
  return check.exit !== 0 || setup.problems.length > 0 ? 1 : 0;
}
