import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DiskTree } from '../../git/disk-tree.ts';
import { locateRepository, resolveCommit } from '../../git/repo.ts';
import { CommitTree, IndexTree } from '../../git/tree.ts';
import { environmentError, usageError } from '../../model/errors.ts';
import type { CheckResult } from '../../model/finding.ts';
import { short } from '../../model/oid.ts';
import type { Tree } from '../../model/tree.ts';
import { checkTree } from '../../publisher/check.ts';
import { findingsReporter } from '../../report/findings.ts';
import { print } from '../../report/reporter.ts';
import type { Context } from '../context.ts';

export interface CheckSettings {
  path: string;
  source: 'head' | 'staged' | 'worktree';
  strict: boolean;
  expiryWarningDays: number;
}

export function checkSettings(ctx: Context): CheckSettings {
  const { args } = ctx;
  if (args.positionals.length > 1)
    throw usageError(`expected at most one PATH, got ${args.positionals.length}`);
  if (args.flags.has('staged') && args.flags.has('worktree')) {
    throw usageError('--staged and --worktree exclude each other: choose one source');
  }
  const days = args.values.get('expiry-warning') ?? '30';
  if (!/^\d{1,5}$/.test(days)) throw usageError(`--expiry-warning expects a number of days, got '${days}'`);
  return {
    path: resolve(ctx.io.cwd, args.positionals[0] ?? '.'),
    source: args.flags.has('staged') ? 'staged' : args.flags.has('worktree') ? 'worktree' : 'head',
    strict: args.flags.has('strict'),
    expiryWarningDays: Number(days),
  };
}

/** Opens the tree `check` reads: HEAD's committed tree, the index, or files on disk (outside git too). */
export async function openTree(s: CheckSettings): Promise<{ tree: Tree; prefix: string }> {
  const st = await stat(s.path).catch(() => undefined);
  if (!st?.isDirectory())
    throw environmentError(`expected a folder to check, got '${s.path}' (not a folder)`);
  const repo = await locateRepository(s.path);
  if (!repo) {
    if (s.source === 'staged')
      throw environmentError(`--staged needs a git repository; '${s.path}' is not in one`);
    return { tree: new DiskTree(s.path), prefix: '' };
  }
  if (s.source === 'worktree') return { tree: new DiskTree(s.path), prefix: repo.prefix };
  if (s.source === 'staged')
    return { tree: await IndexTree.open(repo.top, repo.prefix), prefix: repo.prefix };
  const head = await resolveCommit(repo.top, 'HEAD');
  if (!head) {
    throw environmentError(
      'HEAD has no commit yet: nothing is committed to check; use --staged for the index or --worktree for files on disk',
    );
  }
  try {
    const tree = await CommitTree.open(repo.top, `${head}:${repo.prefix}`, `HEAD (${short(head)})`);
    return { tree, prefix: repo.prefix };
  } catch {
    throw environmentError(
      `'${repo.prefix || '.'}' is not in HEAD's committed tree; use --worktree to check files on disk`,
    );
  }
}

/** Checks the chosen tree; `prefix` is the checked folder's path in the repository, for reports. */
export async function runCheck(
  ctx: Context,
  s: CheckSettings,
): Promise<{ result: CheckResult; prefix: string; exit: number }> {
  const { tree, prefix } = await openTree(s);
  try {
    const result = await checkTree(tree, { now: ctx.now, expiryWarningDays: s.expiryWarningDays });
    const failed = result.summary.errors > 0 || (s.strict && result.summary.warnings > 0);
    return { result, prefix, exit: failed ? 1 : 0 };
  } finally {
    tree.close();
  }
}

export async function run(ctx: Context): Promise<number> {
  const checked = await runCheck(ctx, checkSettings(ctx));
  print(ctx.io, findingsReporter, checked.result, ctx.format, {
    color: ctx.color,
    quiet: ctx.quiet,
    pathPrefix: checked.prefix,
  });
  return checked.exit;
}
