import { otherRemoteBranches, type RangeSpec } from '../git/commits.ts';
import { objectType, resolveCommit, resolveObject } from '../git/repo.ts';
import { SmtpfpError } from '../model/errors.ts';
import { jsonStringify } from '../model/json.ts';
import { isObjectId, isZeroOid, short } from '../model/oid.ts';
import { newBranchPolicyCommit } from '../trust/new-branch.ts';

/** One line of git's pre-push input: what a ref of the remote becomes. */
export interface PushUpdate {
  localRef: string;
  localOid: string;
  remoteRef: string;
  remoteOid: string;
}

/** Parses `<local ref> SP <local oid> SP <remote ref> SP <remote oid>` lines (SPEC §3.3). */
export function parsePushLines(text: string): PushUpdate[] {
  const updates: PushUpdate[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const fields = line.split(' ');
    const [localRef, localOid, remoteRef, remoteOid] = fields;
    if (
      fields.length !== 4 ||
      !localRef ||
      !remoteRef ||
      !localOid ||
      !remoteOid ||
      !isObjectId(localOid) ||
      !isObjectId(remoteOid)
    ) {
      const shown = jsonStringify(line.length > 200 ? `${line.slice(0, 200)}…` : line);
      throw new SmtpfpError(
        'BAD_PUSH_LINE',
        `pre-push input line ${i + 1}: expected '<local ref> <local oid> <remote ref> <remote oid>' with 40 or 64 hex digit ids, got ${shown}`,
      );
    }
    updates.push({ localRef, localOid, remoteRef, remoteOid });
  }
  return updates;
}

/**
 * The push the pre-commit framework describes in its environment: it reads git's lines itself and
 * passes the first pushed range as PRE_COMMIT_FROM_REF / PRE_COMMIT_TO_REF, or, for a branch that
 * shares no commit with the remote, only PRE_COMMIT_LOCAL_BRANCH.
 */
export async function pushFromPreCommitEnv(
  repo: string,
  env: NodeJS.ProcessEnv,
): Promise<PushUpdate[] | undefined> {
  const from = env.PRE_COMMIT_FROM_REF?.trim();
  const to = env.PRE_COMMIT_TO_REF?.trim();
  const localBranch = env.PRE_COMMIT_LOCAL_BRANCH?.trim();
  const remoteRef = env.PRE_COMMIT_REMOTE_BRANCH?.trim() || '(remote ref not given)';
  const tipName = from && to ? to : localBranch;
  if (!tipName) return undefined;
  const localOid = await resolveObject(repo, tipName);
  if (!localOid) {
    throw new SmtpfpError(
      'BAD_REF',
      `PRE_COMMIT_${from && to ? 'TO_REF' : 'LOCAL_BRANCH'} '${tipName}' names nothing in this repository`,
    );
  }
  const zero = '0'.repeat(localOid.length);
  let remoteOid = zero;
  if (from && to) {
    // A base the framework names but this repository lacks is kept as an unknown id when it is one.
    remoteOid = (await resolveObject(repo, from)) ?? (isObjectId(from) ? from : zero);
  }
  return [{ localRef: localBranch || tipName, localOid, remoteRef, remoteOid }];
}

/** What to verify for one pushed ref. */
export interface PushPlan {
  update: PushUpdate;
  /** Set when nothing is verified for this ref, saying why. */
  skipped?: string;
  range?: RangeSpec;
  /** Trusted commit the policy is read from; null: none (the tip's, with a warning). */
  policyCommit: string | null;
  tip: string | null;
  /** An annotated tag object being pushed. */
  tag?: string;
  warnings: string[];
}

/** A remote name usable in a ref name (git's pre-push gets a URL instead when there is no named remote). */
const validRemoteName = (remote: string | undefined): remote is string =>
  remote !== undefined && /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(remote) && !remote.includes('..');

/** `refs/remotes/<remote>/<branch>` for a pushed `refs/heads/<branch>` (git's default refspec). */
function trackingRefFor(remote: string | undefined, remoteRef: string): string | undefined {
  if (!validRemoteName(remote)) return undefined;
  const m = /^refs\/heads\/(.+)$/.exec(remoteRef);
  return m ? `refs/remotes/${remote}/${m[1]}` : undefined;
}

/**
 * Decides the commits a pushed ref brings to the remote (SPEC §3.3): `remote..local` for a
 * branch the remote has, with the policy of the remote's tip; for a new branch (or a remote tip
 * this repository lacks), the commits no remote-tracking branch has, with the policy of the
 * newest merge-base. Deletions are skipped; an annotated tag is peeled for the range.
 */
export async function planPush(repo: string, remote: string | undefined, u: PushUpdate): Promise<PushPlan> {
  const plan: PushPlan = { update: u, policyCommit: null, tip: null, warnings: [] };
  if (isZeroOid(u.localOid)) {
    plan.skipped = 'a deletion: nothing is pushed';
    return plan;
  }
  const type = await objectType(repo, u.localOid);
  if (!type) {
    throw new SmtpfpError(
      'MISSING_OBJECT',
      `the pushed object ${u.localOid} (${u.localRef}) is not in this repository`,
    );
  }
  if (type === 'tag') plan.tag = u.localOid;
  if (type === 'tag' || type === 'commit') plan.tip = (await resolveCommit(repo, u.localOid)) ?? null;
  if (!plan.tip) {
    if (!plan.tag) plan.skipped = `the pushed object is a ${type}: no commit to verify`;
    return plan;
  }

  if (!isZeroOid(u.remoteOid)) {
    const base = await resolveCommit(repo, u.remoteOid);
    if (base) {
      plan.range = { kind: 'between', base, tip: plan.tip };
      plan.policyCommit = base;
      return plan;
    }
    plan.warnings.push(
      `the remote's ${u.remoteRef} is at ${short(u.remoteOid)}, which this repository does not have (commits pushed by someone else, which a force push would discard): verifying the push as a new branch; run 'git fetch' to see them`,
    );
  }

  // The remote says the branch is absent or elsewhere: its tracking ref here is stale, not a base.
  const stale = trackingRefFor(remote, u.remoteRef);
  // What the pushed-to remote already has is what its own remote-tracking branches show. Another
  // remote's branches prove nothing about it; a push to a URL has none: every commit is verified.
  const trusted = validRemoteName(remote) ? await otherRemoteBranches(repo, stale, remote) : [];
  if (trusted.length === 0) {
    plan.warnings.push(
      `no remote-tracking branch of ${validRemoteName(remote) ? `'${remote}'` : 'the destination'} tells what it already has: verifying every commit of ${short(plan.tip)}`,
    );
  }
  plan.range = { kind: 'new-branch', tip: plan.tip, trusted };
  plan.policyCommit = await newBranchPolicyCommit(repo, plan.tip, trusted);
  return plan;
}
