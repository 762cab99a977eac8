import {
  defaultBranches,
  hasCommit,
  listCommits,
  listTags,
  newBranchBase,
  otherRemoteBranches,
  type RangeSpec,
  readObjects,
} from '../../git/commits.ts';
import { locateRepository, resolveCommit } from '../../git/repo.ts';
import { gitText } from '../../git/run.ts';
import { environmentError, usageError } from '../../model/errors.ts';
import type { CommitVerdict } from '../../model/verdict.ts';
import { printVerdicts } from '../../report/verdicts.ts';
import type { KeyFile } from '../../signing/keyring.ts';
import { type ObjectToVerify, verifyObjects } from '../../signing/verify.ts';
import { loadTrust } from '../../trust/load.ts';
import type { Context } from '../context.ts';

const ZERO = /^0+$/;

/** What to verify and with which trust, resolved to object ids. */
export interface VerifyRequest {
  repo: string;
  range: RangeSpec;
  /** The trusted commit the policy is read from; null: none (the tip's policy is used, with a warning). */
  policyCommit: string | null;
  tip: string | null;
  tags: boolean;
  fingerprints: readonly string[];
  keyrings: readonly string[];
  armoredKeys?: string;
  /** Key files already read (from a trusted commit). */
  keyFiles?: readonly KeyFile[];
}

export interface VerifyOutcome {
  verdicts: CommitVerdict[];
  warnings: string[];
}

/** Verifies a resolved request: the one engine behind verify-commits, pre-push and CI. */
export async function verifyRequest(req: VerifyRequest): Promise<VerifyOutcome> {
  const policyCommit = req.policyCommit ?? req.tip;
  const loaded = await loadTrust({
    repo: req.repo,
    fingerprints: req.fingerprints,
    keyrings: req.keyrings,
    ...(req.armoredKeys !== undefined ? { armoredKeys: req.armoredKeys } : {}),
    ...(req.keyFiles !== undefined ? { keyFiles: req.keyFiles } : {}),
    policyCommit,
    policyAtTip: req.policyCommit === null && policyCommit !== null,
  });
  const commits = await listCommits(req.repo, req.range);
  const tagOids = req.tags
    ? await listTags(req.repo, req.range.kind === 'all' ? undefined : new Set(commits))
    : [];
  async function* objects(): AsyncGenerator<ObjectToVerify> {
    yield* readObjects(req.repo, commits, 'commit');
    yield* readObjects(req.repo, tagOids, 'tag');
  }
  const verdicts = await verifyObjects(objects(), loaded.trust, { concurrency: 16 });
  return { verdicts, warnings: loaded.warnings };
}

async function mustResolve(repo: string, rev: string, what: string): Promise<string> {
  const oid = await resolveCommit(repo, rev);
  if (!oid) throw usageError(`${what} '${rev}' names no commit in this repository`);
  return oid;
}

/** Builds the request from verify-commits' options (SPEC §3.2). */
export async function requestFromOptions(ctx: Context, repo: string): Promise<VerifyRequest> {
  const { args } = ctx;
  const chosen =
    ['range', 'since'].filter((o) => args.values.has(o)).length + (args.flags.has('all') ? 1 : 0);
  if (chosen > 1) throw usageError('--range, --since and --all exclude each other: choose one');
  const common = {
    repo,
    tags: args.flags.has('tags'),
    fingerprints: args.lists.get('fingerprint') ?? [],
    keyrings: args.lists.get('keyring') ?? [],
  };
  if (args.flags.has('all')) {
    const head = await resolveCommit(repo, 'HEAD');
    return { ...common, range: { kind: 'all' }, policyCommit: null, tip: head ?? null };
  }
  let baseText: string | undefined;
  let tipText = 'HEAD';
  const range = args.values.get('range');
  if (range !== undefined) {
    const m = /^(.+?)\.\.(?!\.)(.+)$/.exec(range);
    if (!m) throw usageError(`--range expects A..B (two revisions), got '${range}'`);
    baseText = m[1]!;
    tipText = m[2]!;
  } else if (args.values.has('since')) {
    baseText = args.values.get('since')!;
  }
  const tip = await mustResolve(repo, tipText, 'the range tip');
  if (baseText !== undefined && !ZERO.test(baseText)) {
    const base = await mustResolve(repo, baseText, 'the range base');
    return { ...common, range: { kind: 'between', base, tip }, policyCommit: base, tip };
  }
  // A zero base (a new branch), or no range at all: the commits no remote-tracking branch has.
  // The branch being checked may itself be on the remote already (CI): leave out refs at the tip.
  let exclude: string | undefined;
  if (baseText !== undefined) {
    const atTip = (
      await gitText(['for-each-ref', '--points-at', tip, '--format=%(refname)', 'refs/remotes/'], {
        cwd: repo,
      })
    )
      .split('\n')
      .filter(Boolean);
    exclude = atTip[0];
  }
  const others = await otherRemoteBranches(repo, exclude);
  // The policy comes from what the remote's default branch already has: any other branch may
  // hold commits nobody verified.
  const defaults = await defaultBranches(repo, others);
  return {
    ...common,
    range: { kind: 'new-branch', tip, trusted: others },
    policyCommit: await newBranchBase(repo, tip, defaults.length > 0 ? defaults : others),
    tip,
  };
}

export async function run(ctx: Context): Promise<number> {
  if (ctx.args.positionals.length > 0) throw usageError(`unexpected argument '${ctx.args.positionals[0]}'`);
  const loc = await locateRepository(ctx.io.cwd);
  if (!loc) throw environmentError(`'${ctx.io.cwd}' is not in a git repository`);
  const req = await requestFromOptions(ctx, loc.top);
  if (req.range.kind === 'between' && !(await hasCommit(loc.top, req.range.base))) {
    throw environmentError(`the range base ${req.range.base} is not in this repository (a shallow clone?)`);
  }
  const { verdicts, warnings } = await verifyRequest(req);
  const printed = printVerdicts(verdicts, warnings, ctx.format, { color: ctx.color, quiet: ctx.quiet });
  if (printed.stdout) ctx.io.out(printed.stdout);
  if (printed.stderr) ctx.io.err(printed.stderr);
  return verdicts.every((v) => v.status === 'good') ? 0 : 1;
}
