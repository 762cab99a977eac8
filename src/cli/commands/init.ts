import { relative } from 'node:path';
import { locateRepository } from '../../git/repo.ts';
import {
  HOOK_NAMES,
  type HookTarget,
  hookTarget,
  type InstallResult,
  installHook,
} from '../../hooks/install.ts';
import { startPolicy } from '../../hooks/start-policy.ts';
import { environmentError, usageError } from '../../model/errors.ts';
import { jsonStringify } from '../../model/json.ts';
import { makeStyle, printable } from '../../report/style.ts';
import type { Context } from '../context.ts';

function resultLine(r: InstallResult, shown: string, color: boolean): string {
  const st = makeStyle(color);
  switch (r.action) {
    case 'installed':
      return `${st.green('✔')} ${r.hook}: installed ${shown}`;
    case 'unchanged':
      return `${st.green('✔')} ${r.hook}: already installed (${shown})`;
    case 'updated':
      return `${st.green('✔')} ${r.hook}: updated ${shown}`;
    case 'replaced':
      return `${st.yellow('!')} ${r.hook}: replaced ${shown}; the previous hook is kept as ${printable(r.backup ?? '')}`;
    case 'refused':
      return `${st.red('✖')} ${r.hook}: ${shown} is not smtpfp's hook: left as it is; 'smtpfp init --force' replaces it (keeping a backup), or call 'smtpfp ${r.hook}${r.hook === 'pre-push' ? ' "$@"' : ''}' from it yourself`;
  }
}

/** Installs the pre-commit and pre-push hooks (SPEC §3.3). */
export async function run(ctx: Context): Promise<number> {
  if (ctx.args.positionals.length > 0)
    throw usageError(`init takes no argument, got '${ctx.args.positionals[0]}'`);
  const loc = await locateRepository(ctx.io.cwd);
  if (!loc) throw environmentError(`init needs a git work tree; '${ctx.io.cwd}' is not in one`);
  const force = ctx.args.flags.has('force');
  // The policy first: when the signing key cannot be exported, nothing at all is written.
  const policy = await startPolicy(loc.top);
  const target: HookTarget = await hookTarget(loc.top);
  const results: InstallResult[] = [];
  for (const hook of HOOK_NAMES) {
    try {
      results.push(await installHook(target.dir, hook, force));
    } catch (e) {
      throw environmentError(`cannot install the ${hook} hook in '${target.dir}': ${(e as Error).message}`);
    }
  }
  const refused = results.some((r) => r.action === 'refused');

  if (ctx.format === 'json') {
    ctx.io.out(
      `${jsonStringify(
        {
          layout: target.layout,
          dir: target.dir,
          hooks: results.map((r) => ({
            hook: r.hook,
            path: r.path,
            action: r.action,
            backup: r.backup ?? null,
          })),
          notes: target.notes,
          policy:
            policy.action === 'created'
              ? {
                  action: 'created',
                  signer: policy.signer,
                  key_file: policy.keyFile,
                  key_file_action: policy.keyFileAction,
                }
              : policy.action === 'skipped'
                ? { action: 'skipped', reason: policy.reason }
                : { action: 'exists' },
        },
        2,
      )}\n`,
    );
    return refused ? 1 : 0;
  }
  const st = makeStyle(ctx.color);
  const lines: string[] = [];
  for (const r of results) {
    if (ctx.quiet && r.action !== 'refused' && r.action !== 'replaced') continue;
    const rel = relative(loc.top, r.path);
    const shown = printable(rel.startsWith('..') ? r.path : rel);
    lines.push(resultLine(r, shown, ctx.color));
  }
  if (policy.action === 'created') {
    const who = policy.uid ? ` (${printable(policy.uid)})` : '';
    lines.push(
      `${st.green('✔')} .smtpfp.yml: created, allowing ${policy.signer}${who} to sign; its public key ${policy.keyFileAction === 'created' ? 'exported to' : 'already in'} ${policy.keyFile}`,
      `${st.dim('next')}: git add -- .smtpfp.yml ${policy.keyFile} && git commit -S -m 'smtpfp policy: allowed signers'`,
    );
  }
  if (!ctx.quiet) {
    if (policy.action === 'skipped') lines.push(`${st.yellow('note')}: ${printable(policy.reason)}`);
    for (const n of target.notes) lines.push(`${st.yellow('note')}: ${printable(n)}`);
    if (
      target.layout === 'husky' &&
      results.some((r) => r.action !== 'unchanged' && r.action !== 'refused')
    ) {
      lines.push(`${st.dim('note')}: commit the .husky hook files so every clone runs them`);
    }
  }
  if (lines.length) ctx.io.out(`${lines.join('\n')}\n`);
  return refused ? 1 : 0;
}
