import { hasCommit, otherRemoteBranches, remoteBranchesAt } from '../../git/commits.ts';
import { locateHistory, resolveCommit, whyNoCommit } from '../../git/repo.ts';
import { environmentError, usageError } from '../../model/errors.ts';
import { isZeroOid } from '../../model/oid.ts';
import { print } from '../../report/reporter.ts';
import { verdictsReporter } from '../../report/verdicts.ts';
import type { TrustHints } from '../../trust/load.ts';
import { newBranchPolicyCommit } from '../../trust/new-branch.ts';
import { type VerifyRequest, verifyRequest } from '../../trust/verify.ts';
import type { Context } from '../context.ts';

/** How the command line gives trust explicitly, for the messages of the trust layer. */
export const CLI_TRUST_HINTS: TrustHints = {
  fingerprint: '--fingerprint',
  signers: '--fingerprint FPR',
  keys: '--keyring PATH',
};

async function mustResolve(repo: string, rev: string, what: string): Promise<string> {
  const oid = await resolveCommit(repo, rev);
  if (!oid) throw usageError(`${what} '${rev}' ${await whyNoCommit(repo, rev)}`);
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
    sources: { fingerprints: args.lists.get('fingerprint') ?? [], keyrings: args.lists.get('keyring') ?? [] },
    hints: CLI_TRUST_HINTS,
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
  if (baseText !== undefined && !isZeroOid(baseText)) {
    const base = await mustResolve(repo, baseText, 'the range base');
    return { ...common, range: { kind: 'between', base, tip }, policyCommit: base, tip };
  }
  // A zero base (a new branch), or no range at all: the commits no remote-tracking branch has.
  // The branch being checked may itself be on the remote already (CI): leave out refs at the tip.
  let exclude: string | undefined;
  if (baseText !== undefined) {
    exclude = (await remoteBranchesAt(repo, tip))[0];
  }
  const others = await otherRemoteBranches(repo, exclude);
  return {
    ...common,
    range: { kind: 'new-branch', tip, trusted: others },
    policyCommit: await newBranchPolicyCommit(repo, tip, others),
    tip,
  };
}

export async function run(ctx: Context): Promise<number> {
  if (ctx.args.positionals.length > 0) throw usageError(`unexpected argument '${ctx.args.positionals[0]}'`);
  // A bare repository (a server-side hook, a mirror) has history but no work tree: enough here.
  const top = await locateHistory(ctx.io.cwd);
  if (!top) throw environmentError(`'${ctx.io.cwd}' is not in a git repository`);
  const req = await requestFromOptions(ctx, top);
  if (req.range.kind === 'between' && !(await hasCommit(top, req.range.base))) {
    throw environmentError(`the range base ${req.range.base} is not in this repository (a shallow clone?)`);
  }
  const { verdicts, warnings } = await verifyRequest(req);
  print(ctx.io, verdictsReporter, { verdicts, warnings }, ctx.format, { color: ctx.color, quiet: ctx.quiet });
  return verdicts.every((v) => v.status === 'good') ? 0 : 1;
}
