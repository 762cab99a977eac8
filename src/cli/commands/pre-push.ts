import { locateRepository } from '../../git/repo.ts';
import { prePushReporter, verifyPush } from '../../hooks/pre-push.ts';
import {
  type PushPlan,
  type PushUpdate,
  parsePushLines,
  planPush,
  pushFromPreCommitEnv,
} from '../../hooks/push.ts';
import { environmentError, usageError } from '../../model/errors.ts';
import { print } from '../../report/reporter.ts';
import type { Context } from '../context.ts';
import { CLI_TRUST_HINTS } from './verify-commits.ts';

const MAX_INPUT = 16 * 1024 * 1024;

async function readInput(stdin: NodeJS.ReadableStream): Promise<string> {
  // A terminal means nobody piped git's lines in (a hand run, or a framework that consumed them).
  if ((stdin as { isTTY?: boolean }).isTTY) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > MAX_INPUT) throw usageError('pre-push input is over 16 MiB: expected one line per pushed ref');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * git's pre-push hook (SPEC §3.3): verifies every commit each pushed ref brings to the remote and
 * blocks the push (exit 1) on any commit that is not good.
 */
export async function run(ctx: Context): Promise<number> {
  const { args } = ctx;
  if (args.positionals.length > 2)
    throw usageError(`expected at most REMOTE and URL, got ${args.positionals.length} arguments`);
  const loc = await locateRepository(ctx.io.cwd);
  if (!loc) throw environmentError(`pre-push needs a git repository; '${ctx.io.cwd}' is not in one`);
  const repo = loc.top;
  const fingerprints = args.lists.get('fingerprint') ?? [];
  const keyrings = args.lists.get('keyring') ?? [];
  const remote = args.positionals[0] ?? (ctx.io.env.PRE_COMMIT_REMOTE_NAME?.trim() || undefined);

  let updates: PushUpdate[];
  const plans: PushPlan[] = [];
  updates = parsePushLines(await readInput(ctx.io.stdin));
  if (updates.length === 0) updates = (await pushFromPreCommitEnv(repo, ctx.io.env)) ?? [];
  for (const u of updates) plans.push(await planPush(repo, remote, u));

  const result = await verifyPush(repo, plans, {
    sources: { fingerprints, keyrings },
    hints: CLI_TRUST_HINTS,
    allTags: args.flags.has('tags'),
  });
  print(ctx.io, prePushReporter, result, ctx.format, { color: ctx.color, quiet: ctx.quiet });
  return result.ok ? 0 : 1;
}
