import { createHash } from 'node:crypto';
import { checkSigningSetup, type SigningSetup } from '../../hooks/signing-setup.ts';
import { usageError } from '../../model/errors.ts';
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

function setupGitlab(setup: SigningSetup): unknown[] {
  return setup.problems.map((p) => ({
    description: `${p.message}; fix: ${p.fix}`,
    check_name: `signing-${p.setting}`,
    fingerprint: createHash('sha256').update(`${p.setting}\0${p.message}`).digest('hex'),
    severity: 'blocker',
    location: { path: '.git/config', lines: { begin: 1 } },
  }));
}

/** `check --staged` plus the signing set-up (SPEC §3.3). */
export async function run(ctx: Context): Promise<number> {
  if (ctx.args.positionals.length > 0)
    throw usageError(`pre-commit takes no argument, got '${ctx.args.positionals[0]}'`);
  const settings = { ...checkSettings(ctx), source: 'staged' as const };

  // The check prints into a buffer so that both halves land in one report (one JSON document).
  const checkOut: string[] = [];
  const checkCtx: Context = { ...ctx, io: { ...ctx.io, out: (t) => checkOut.push(t) } };
  // The check reports a folder outside git itself (exit 2), before any signing question.
  const [checked, setupDone] = await Promise.allSettled([
    runCheck(checkCtx, settings),
    checkSigningSetup(settings.path),
  ]);
  if (checked.status === 'rejected') throw checked.reason;
  if (setupDone.status === 'rejected') throw setupDone.reason;
  const check = checked.value;
  const setup = setupDone.value;
  const printed = checkOut.join('');
  const failed = check.exit !== 0 || setup.problems.length > 0;

  switch (ctx.format) {
    case 'json': {
      const report = JSON.parse(printed) as Record<string, unknown>;
      ctx.io.out(`${JSON.stringify({ ...report, signing: setupJson(setup) }, null, 2)}\n`);
      break;
    }
    case 'gitlab': {
      const issues = JSON.parse(printed) as unknown[];
      ctx.io.out(`${JSON.stringify([...issues, ...setupGitlab(setup)], null, 2)}\n`);
      ctx.io.err(setupText(setup, false, ctx.quiet));
      break;
    }
    case 'github':
      ctx.io.out(printed + setupGithub(setup) + setupText(setup, false, ctx.quiet));
      break;
    default:
      ctx.io.out(printed + setupText(setup, ctx.color, ctx.quiet));
  }
  return failed ? 1 : 0;
}
