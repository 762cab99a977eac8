import { listCommits, readObjects } from '../../git/commits.ts';
import { locateRepository } from '../../git/repo.ts';
import { git } from '../../git/run.ts';
import {
  type PushPlan,
  type PushUpdate,
  parsePushLines,
  planPush,
  pushFromPreCommitEnv,
} from '../../hooks/push.ts';
import { environmentError, usageError } from '../../model/errors.ts';
import type { CommitVerdict } from '../../model/verdict.ts';
import { makeStyle, printable } from '../../report/style.ts';
import { printVerdicts, verdictsJson } from '../../report/verdicts.ts';
import { splitTag } from '../../signing/payload.ts';
import { verifyObjects } from '../../signing/verify.ts';
import { loadTrust } from '../../trust/load.ts';
import type { Context } from '../context.ts';
import { verifyRequest } from './verify-commits.ts';

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

interface RefOutcome {
  plan: PushPlan;
  verdicts: CommitVerdict[];
  warnings: string[];
}

const short = (oid: string) => oid.slice(0, 12);

/** Verifies listed objects with the trust of the plan's policy commit (the engine verifyRequest uses). */
async function verifyListed(
  repo: string,
  plan: PushPlan,
  oids: readonly string[],
  kind: 'commit' | 'tag',
  trustOptions: { fingerprints: readonly string[]; keyrings: readonly string[] },
): Promise<{ verdicts: CommitVerdict[]; warnings: string[] }> {
  if (oids.length === 0) return { verdicts: [], warnings: [] };
  const policyCommit = plan.policyCommit ?? plan.tip;
  const loaded = await loadTrust({
    repo,
    ...trustOptions,
    policyCommit,
    policyAtTip: plan.policyCommit === null && policyCommit !== null,
  });
  const verdicts = await verifyObjects(readObjects(repo, oids, kind), loaded.trust, { concurrency: 16 });
  return { verdicts, warnings: loaded.warnings };
}

/** A pushed annotated tag is verified when it is signed, and always with --tags. */
async function tagToVerify(repo: string, tag: string, all: boolean): Promise<string[]> {
  if (all) return [tag];
  const raw = (await git(['cat-file', 'tag', tag], { cwd: repo })).stdout;
  return splitTag(raw).signature === null ? [] : [tag];
}

function describe(plan: PushPlan): string {
  const u = plan.update;
  const what = `${printable(u.localRef)} -> ${printable(u.remoteRef)}`;
  if (plan.skipped) return `${what}: skipped, ${plan.skipped}`;
  const tag = plan.tag ? `tag ${short(plan.tag)}, ` : '';
  const range = plan.range;
  if (range?.kind === 'between') return `${what}: ${tag}${short(range.base)}..${short(range.tip)}`;
  if (range?.kind === 'new-branch') {
    const base = plan.policyCommit ? `; policy at merge-base ${short(plan.policyCommit)}` : '';
    return `${what}: ${tag}new branch, the commits of ${short(range.tip)} no remote-tracking branch has${base}`;
  }
  return `${what}: ${tag.replace(/, $/, '')}`;
}

function rangeJson(plan: PushPlan): string | null {
  const r = plan.range;
  if (!r) return null;
  if (r.kind === 'between') return `${r.base}..${r.tip}`;
  if (r.kind === 'new-branch') return `new-branch:${r.tip}`;
  return 'all';
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

  const outcomes: RefOutcome[] = [];
  for (const plan of plans) {
    const outcome: RefOutcome = { plan, verdicts: [], warnings: [...plan.warnings] };
    // A ref that brings no new commit (e.g. a tag of a pushed commit) needs no trust loaded.
    if (plan.range && (await listCommits(repo, plan.range)).length > 0) {
      const { verdicts, warnings } = await verifyRequest({
        repo,
        range: plan.range,
        policyCommit: plan.policyCommit,
        tip: plan.tip,
        tags: false,
        fingerprints,
        keyrings,
      });
      outcome.verdicts.push(...verdicts);
      outcome.warnings.push(...warnings);
    }
    const trustOptions = { fingerprints, keyrings };
    const tags = plan.tag ? await tagToVerify(repo, plan.tag, args.flags.has('tags')) : [];
    const tagged = await verifyListed(repo, plan, tags, 'tag', trustOptions);
    outcome.verdicts.push(...tagged.verdicts);
    outcome.warnings.push(...tagged.warnings.filter((w) => !outcome.warnings.includes(w)));
    outcomes.push(outcome);
  }

  const seen = new Set<string>();
  const all: CommitVerdict[] = [];
  for (const o of outcomes) {
    for (const v of o.verdicts) {
      if (seen.has(v.oid)) continue;
      seen.add(v.oid);
      all.push(v);
    }
  }
  const warnings = [...new Set(outcomes.flatMap((o) => o.warnings))];
  const ok = all.every((v) => v.status === 'good');
  const opts = { color: ctx.color, quiet: ctx.quiet };

  switch (ctx.format) {
    case 'json': {
      const report = JSON.parse(verdictsJson(all)) as Record<string, unknown>;
      report.refs = outcomes.map((o) => ({
        local_ref: o.plan.update.localRef,
        local_oid: o.plan.update.localOid,
        remote_ref: o.plan.update.remoteRef,
        remote_oid: o.plan.update.remoteOid,
        skipped: o.plan.skipped ?? null,
        range: rangeJson(o.plan),
        objects: o.verdicts.map((v) => v.oid),
      }));
      ctx.io.out(`${JSON.stringify(report, null, 2)}\n`);
      for (const w of warnings) ctx.io.err(`smtpfp: warning: ${w}\n`);
      break;
    }
    case 'github':
    case 'gitlab': {
      const printed = printVerdicts(all, warnings, ctx.format, opts);
      if (printed.stdout) ctx.io.out(printed.stdout);
      if (printed.stderr) ctx.io.err(printed.stderr);
      break;
    }
    default: {
      const st = makeStyle(ctx.color);
      if (outcomes.length === 0) {
        if (!ctx.quiet) ctx.io.out('no pushed refs to verify\n');
        break;
      }
      for (const o of outcomes) {
        const bad = o.verdicts.some((v) => v.status !== 'good');
        if (ctx.quiet && !bad && o.warnings.length === 0) continue;
        ctx.io.out(`${st.bold(describe(o.plan))}\n`);
        if (o.plan.skipped) continue;
        ctx.io.out(printVerdicts(o.verdicts, o.warnings, 'text', opts).stdout);
      }
      if (!ok) {
        ctx.io.out(`${st.red('✖')} push blocked: every pushed commit must be signed by an allowed key\n`);
      }
    }
  }
  return ok ? 0 : 1;
}
