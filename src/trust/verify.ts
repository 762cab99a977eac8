import {
  hasCommit,
  listCommitGraph,
  listCommits,
  listTags,
  type RangeSpec,
  readObjects,
} from '../git/commits.ts';
import { short } from '../model/oid.ts';
import type { CommitVerdict } from '../model/verdict.ts';
import { type ObjectToVerify, type Trust, verifyObjects } from '../signing/verify.ts';
import { type LoadedTrust, loadTrust, type TrustHints, type TrustSources } from './load.ts';
import { authorizeChain, SignerHistory } from './rotation.ts';

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
  /** Where the signers changed inside the range, for the log (not warnings: a rotation is no fault). */
  notes: string[];
}

/** Whether the sources name the allowed signers, or keys from outside the repository (then they override it). */
const explicitSigners = (s: TrustSources) => s.fingerprints.length > 0;
const keysFromOutside = (s: TrustSources) => s.keyrings.length > 0 || Boolean(s.armoredKeys?.trim());

/** The commit an annotated tag points at (its `object` header), from the raw tag. */
function tagTarget(raw: Uint8Array): string | null {
  const head = Buffer.from(raw.subarray(0, 200)).toString('latin1');
  return /^object ([0-9a-f]{40,64})\n/.exec(head)?.[1] ?? null;
}

/**
 * Verifies a range and tags (SPEC §3.2, §3.7). Signers given explicitly: one allow-list for every
 * commit. Signers from `.smtpfp.yml`: each commit against the signer set in force at one of its
 * parents (their policies, else the trusted one), so a push that rotates keys passes and a commit
 * that adds its own signer does not; a tag against the signer set at the commit it points at.
 */
export async function verifyAgainstPolicies(
  repo: string,
  range: RangeSpec | null,
  tags: readonly string[],
  loaded: LoadedTrust,
  opts: { sources: TrustSources; trusted: string | null },
): Promise<VerifyOutcome> {
  if (explicitSigners(opts.sources)) {
    const commits = range ? await listCommits(repo, range) : [];
    return { verdicts: await verifyListed(repo, commits, tags, loaded.trust), warnings: [], notes: [] };
  }
  // A keyring named inside the repository is read at the base and at every commit, as keys/ is:
  // the rotation commit brings the new key there, and a revocation at the base still counts.
  const history = new SignerHistory(repo, [...loaded.trust.allowed].sort(), opts.sources.treeKeyrings ?? []);
  const chain = await authorizeChain({
    history,
    commits: range ? await listCommitGraph(repo, range) : [],
    anchors: opts.trusted ? [opts.trusted] : [],
    keyring: loaded.trust.keyring,
    repositoryKeys: !keysFromOutside(opts.sources),
    // With no trusted base nothing is trusted anyway (a warning says so): a first commit names its signers.
    roots: opts.trusted ? 'configured' : 'own-policy',
  });
  const verdicts: CommitVerdict[] = chain.verdicts.map((v) => ({
    oid: v.oid,
    status: v.status,
    signer: v.signer,
    message: v.message,
    ...(v.subject !== undefined ? { subject: v.subject } : {}),
    ...(v.kind !== undefined ? { kind: v.kind } : {}),
  }));
  for await (const tag of readObjects(repo, tags, 'tag')) {
    const target = tagTarget(tag.raw);
    const allowed =
      target && (await hasCommit(repo, target))
        ? (await history.signersAt(target)).signers
        : history.configured;
    verdicts.push(...(await verifyObjects([tag], { keyring: chain.keyring, allowed: new Set(allowed) })));
  }
  const notes = chain.changes.map(
    (c) => `the signers change at ${short(c.commit)} from ${c.from.join(', ')} to ${c.to.join(', ')}`,
  );
  return { verdicts, warnings: [...history.warnings], notes };
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
  let tags: string[] = [];
  if (req.tags) {
    const range = req.range;
    tags = await listTags(
      req.repo,
      range.kind === 'all' ? undefined : new Set(await listCommits(req.repo, range)),
    );
  }
  const outcome = await verifyAgainstPolicies(req.repo, req.range, tags, loaded, {
    sources: req.sources,
    trusted: req.policyCommit,
  });
  return { ...outcome, warnings: [...loaded.warnings, ...outcome.warnings] };
}
