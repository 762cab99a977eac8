import { resolve } from 'node:path';
import { detectCi } from '../../ci/detect.ts';
import { readEventFile } from '../../ci/event.ts';
import { runCiJob } from '../../ci/job.ts';
import { ciReporter, reportPrefix } from '../../ci/report.ts';
import { ciSettings } from '../../ci/settings.ts';
import { environmentError, usageError } from '../../model/errors.ts';
import { print } from '../../report/reporter.ts';
import type { Context } from '../context.ts';
import { CLI_TRUST_HINTS } from './verify-commits.ts';

export async function run(ctx: Context): Promise<number> {
  const { args, io } = ctx;
  if (args.positionals.length > 1)
    throw usageError(`expected at most one PATH, got ${args.positionals.length}`);
  const days = args.values.get('expiry-warning') ?? '30';
  if (!/^\d{1,5}$/.test(days)) throw usageError(`--expiry-warning expects a number of days, got '${days}'`);

  const ci = detectCi(io.env, readEventFile);
  if (!ci) {
    throw environmentError(
      'not in CI: smtpfp ci detects GitHub Actions (GITHUB_ACTIONS=true) or GitLab CI (GITLAB_CI=true); elsewhere run smtpfp check and smtpfp verify-commits',
    );
  }

  const settings = ciSettings({
    ci,
    env: io.env,
    folder: resolve(io.cwd, args.positionals[0] ?? '.'),
    fingerprints: args.lists.get('fingerprint') ?? [],
    keyrings: args.lists.get('keyring') ?? [],
    strict: args.flags.has('strict'),
    now: ctx.now,
    expiryWarningDays: Number(days),
    hints: CLI_TRUST_HINTS,
    log: (line) => {
      if (!ctx.quiet) io.err(`smtpfp: ${line}\n`);
    },
  });
  const result = await runCiJob(settings);
  print(ctx.io, ciReporter, result, ctx.format, {
    color: ctx.color,
    quiet: ctx.quiet,
    pathPrefix: reportPrefix(settings.workspace, settings.path, result.prefix),
  });
  return result.exit;
}
