import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CiContext, detectCi } from '../../ci/detect.ts';
import { readEventFile } from '../../ci/event.ts';
import { runCiJob, splitFingerprints } from '../../ci/job.ts';
import { ciReporter, reportPrefix } from '../../ci/report.ts';
import { environmentError, usageError } from '../../model/errors.ts';
import { print } from '../../report/reporter.ts';
import type { Context } from '../context.ts';
import { CLI_TRUST_HINTS } from './verify-commits.ts';

/** Where a CI system puts the checkout: report paths are relative to it. */
function workspaceOf(ci: CiContext, env: NodeJS.ProcessEnv): string | undefined {
  const root = ci.provider === 'github' ? env.GITHUB_WORKSPACE : env.CI_PROJECT_DIR;
  return root ? root : undefined;
}

/**
 * SMTPFP_KEYS holds armored keys; a GitLab variable of type "file" holds the path of a file with
 * them instead.
 */
function keysFromEnv(value: string | undefined): { armored?: string; keyring?: string } {
  if (value === undefined || value.trim() === '') return {};
  if (value.includes('-----BEGIN PGP')) return { armored: value };
  const path = value.trim();
  if (!path.includes('\n') && existsSync(path) && statSync(path).isFile()) return { keyring: path };
  throw usageError(
    'SMTPFP_KEYS: expected armored OpenPGP public keys (-----BEGIN PGP PUBLIC KEY BLOCK-----) or the path of a file holding them',
  );
}

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

  const given = args.lists.get('fingerprint');
  const fingerprints = given?.length ? given : splitFingerprints(io.env.SMTPFP_FINGERPRINTS);
  const keys = keysFromEnv(io.env.SMTPFP_KEYS);
  const keyrings = (args.lists.get('keyring') ?? []).map((p) => resolve(io.cwd, p));
  if (keys.keyring) keyrings.push(keys.keyring);
  const folder = resolve(io.cwd, args.positionals[0] ?? '.');

  const result = await runCiJob({
    ci,
    path: folder,
    fingerprints,
    keyrings,
    ...(keys.armored ? { armoredKeys: keys.armored } : {}),
    hints: CLI_TRUST_HINTS,
    strict: args.flags.has('strict'),
    now: ctx.now,
    expiryWarningDays: Number(days),
    log: (line) => {
      if (!ctx.quiet) io.err(`smtpfp: ${line}\n`);
    },
  });
  print(ctx.io, ciReporter, result, ctx.format, {
    color: ctx.color,
    quiet: ctx.quiet,
    pathPrefix: reportPrefix(workspaceOf(result.ci, io.env), folder, result.prefix),
  });
  return result.exit;
}
