/**
 * The pre-push run (SPEC §3.3): every pushed ref's new commits (and its annotated tag) verified
 * with the trust of the ref's trusted base, and the report of it.
 */
import { listCommits, readObjects } from '../git/commits.ts';
import { short } from '../model/oid.ts';
import type { CommitVerdict } from '../model/verdict.ts';
import type { Reporter } from '../report/reporter.ts';
import { makeStyle, printable } from '../report/style.ts';
import {
  verdictsGitlab,
  verdictsJson,
  verdictsReporter,
  verdictsText,
  warningLines,
} from '../report/verdicts.ts';
import { splitTag } from '../signing/payload.ts';
import { loadTrust, type TrustHints, type TrustSources } from '../trust/load.ts';
import { verifyAgainstPolicies } from '../trust/verify.ts';
import type { PushPlan } from './push.ts';

export interface RefOutcome {
  plan: PushPlan;
  verdicts: CommitVerdict[];
  warnings: string[];
}

export interface PrePushResult {
  outcomes: RefOutcome[];
  /** Every verified object once, in push order. */
  verdicts: CommitVerdict[];
  warnings: string[];
  ok: boolean;
}

/** A pushed annotated tag is verified when it is signed, and always with `all`. */
async function tagToVerify(repo: string, tag: string, all: boolean): Promise<string[]> {
  if (all) return [tag];
  for await (const obj of readObjects(repo, [tag], 'tag')) {
    if (splitTag(obj.raw).signature === null) return [];
  }
  return [tag];
}

/** Verifies what each planned ref brings, loading the trust of its base once per ref. */
export async function verifyPush(
  repo: string,
  plans: readonly PushPlan[],
  opts: { sources: TrustSources; hints?: TrustHints; allTags: boolean },
): Promise<PrePushResult> {
  const outcomes: RefOutcome[] = [];
  for (const plan of plans) {
    const outcome: RefOutcome = { plan, verdicts: [], warnings: [...plan.warnings] };
    const commits = plan.range ? await listCommits(repo, plan.range) : [];
    const tags = plan.tag ? await tagToVerify(repo, plan.tag, opts.allTags) : [];
    // A ref that brings no new object (e.g. a tag of a pushed commit) needs no trust loaded.
    if (commits.length > 0 || tags.length > 0) {
      const loaded = await loadTrust({
        repo,
        trusted: plan.policyCommit,
        tip: plan.tip,
        sources: opts.sources,
        ...(opts.hints ? { hints: opts.hints } : {}),
      });
      const verified = await verifyAgainstPolicies(
        repo,
        commits.length > 0 ? (plan.range ?? null) : null,
        tags,
        loaded,
        {
          sources: opts.sources,
          trusted: plan.policyCommit,
        },
      );
      outcome.verdicts.push(...verified.verdicts);
      for (const w of [...loaded.warnings, ...verified.warnings])
        if (!outcome.warnings.includes(w)) outcome.warnings.push(w);
    }
    outcomes.push(outcome);
  }

  const seen = new Set<string>();
  const verdicts: CommitVerdict[] = [];
  for (const o of outcomes) {
    for (const v of o.verdicts) {
      if (seen.has(v.oid)) continue;
      seen.add(v.oid);
      verdicts.push(v);
    }
  }
  const warnings = [...new Set(outcomes.flatMap((o) => o.warnings))];
  return { outcomes, verdicts, warnings, ok: verdicts.every((v) => v.status === 'good') };
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

export const prePushReporter: Reporter<PrePushResult> = {
  text(r, opts) {
    const st = makeStyle(opts.color);
    if (r.outcomes.length === 0) return opts.quiet ? '' : 'no pushed refs to verify\n';
    let out = '';
    for (const o of r.outcomes) {
      const bad = o.verdicts.some((v) => v.status !== 'good');
      if (opts.quiet && !bad && o.warnings.length === 0) continue;
      out += `${st.bold(describe(o.plan))}\n`;
      if (o.plan.skipped) continue;
      out += verdictsText(o.verdicts, o.warnings, opts);
    }
    if (!r.ok) out += `${st.red('✖')} push blocked: every pushed commit must be signed by an allowed key\n`;
    return out;
  },
  json: (r) => ({
    ...verdictsJson(r.verdicts),
    refs: r.outcomes.map((o) => ({
      local_ref: o.plan.update.localRef,
      local_oid: o.plan.update.localOid,
      remote_ref: o.plan.update.remoteRef,
      remote_oid: o.plan.update.remoteOid,
      skipped: o.plan.skipped ?? null,
      range: rangeJson(o.plan),
      objects: o.verdicts.map((v) => v.oid),
    })),
  }),
  jsonNotes: (r) => warningLines(r.warnings),
  github: (r, opts) => verdictsReporter.github(r, opts),
  gitlab: (r) => verdictsGitlab(r.verdicts),
  gitlabLog: (r, opts) => verdictsText(r.verdicts, r.warnings, opts),
};
