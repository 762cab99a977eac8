import { listCommits, listTags, type RangeSpec, readObjects } from '../git/commits.ts';
import type { CommitVerdict } from '../model/verdict.ts';
import { type ObjectToVerify, type Trust, verifyObjects } from '../signing/verify.ts';
import { loadTrust, type TrustHints, type TrustSources } from './load.ts';

/** Verifies commits, then tags, of a repository against one trust. */
export async function verifyListed(
  repo: string,
  commits: readonly string[],
  tags: readonly string[],
  trust: Trust,
): Promise<CommitVerdict[]> {
  async function* objects(): AsyncGenerator<ObjectToVerify> {
    yield* readObjects(repo, commits, 'commit');
    yield* readObjects(repo, tags, 'tag');
  }
  return verifyObjects(objects(), trust, { concurrency: 16 });
}

/** Verifies the commits of a range (and, with `tags`, the annotated tags pointing into it). */
export async function verifyRange(
  repo: string,
  range: RangeSpec,
  trust: Trust,
  opts: { tags: boolean },
): Promise<CommitVerdict[]> {
  const commits = await listCommits(repo, range);
  const tags = opts.tags ? await listTags(repo, range.kind === 'all' ? undefined : new Set(commits)) : [];
  return verifyListed(repo, commits, tags, trust);
}

/** What to verify and with which trust, resolved to object ids. */
export interface VerifyRequest {
  repo: string;
  range: RangeSpec;
  /** The trusted commit the policy is read from; null: none (the tip's policy is used, with a warning). */
  policyCommit: string | null;
  tip: string | null;
  tags: boolean;
  sources: TrustSources;
  hints?: TrustHints;
}

export interface VerifyOutcome {
  verdicts: CommitVerdict[];
  warnings: string[];
}

/** Loads the trust of a request and verifies its range: the engine behind verify-commits, pre-push and CI. */
export async function verifyRequest(req: VerifyRequest): Promise<VerifyOutcome> {
  const loaded = await loadTrust({
    repo: req.repo,
    trusted: req.policyCommit,
    tip: req.tip,
    sources: req.sources,
    ...(req.hints ? { hints: req.hints } : {}),
  });
  const verdicts = await verifyRange(req.repo, req.range, loaded.trust, { tags: req.tags });
  return { verdicts, warnings: loaded.warnings };
}
