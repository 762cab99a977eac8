/** The commit range a CI run verifies, decided from the event and completed in the clone (SPEC §3.4). */
import { hasCommit, otherRemoteBranches, type RangeSpec } from '../git/commits.ts';
import { type History, REMOTE } from '../git/history.ts';
import { short } from '../model/oid.ts';
import { newBranchPolicyCommit } from '../trust/new-branch.ts';
import type { CiContext } from './detect.ts';

export interface CiRange {
  /** `between`: base..head; `new-branch`: the commits of head that the trusted refs lack. */
  kind: 'between' | 'new-branch';
  base: string | null;
  head: string;
  /** `new-branch`: the remote-tracking refs whose commits are already trusted (the default branch). */
  trusted: string[];
  /** A push replaced history: its `before` is not an ancestor of its `after`. */
  rewritten: boolean;
  /** The trusted commit the policy and repository keyrings are read at; null: the tip. */
  policyCommit: string | null;
}

/** How to give CI the whole history, for messages about a range that could not be read. */
function checkoutAdvice(ci: CiContext): string {
  return ci.provider === 'github'
    ? 'give actions/checkout `fetch-depth: 0` (the whole history), or make the remote reachable so missing commits can be fetched'
    : 'set the CI/CD variable `GIT_DEPTH: 0` (the whole history) for this job, or make the remote reachable so missing commits can be fetched';
}

export type Prepared = { range: CiRange; notices: string[] } | { failure: string };

/** Fetches what the range needs and decides which commits it holds (SPEC §3.4). */
export async function prepareRange(ci: CiContext, history: History): Promise<Prepared> {
  const advice = checkoutAdvice(ci);
  const notices: string[] = [];
  if (!(await history.fetchCommit(ci.head))) {
    return {
      failure: `the commit under test ${ci.head} is not in the clone and could not be fetched: ${advice}`,
    };
  }

  let rewritten = false;
  if (ci.base !== null) {
    const base = ci.base;
    await history.fetchCommit(base);
    const between: RangeSpec = { kind: 'between', base, tip: ci.head };
    const complete = await history.complete(between, ci.head, base);
    const basePresent = await hasCommit(history.repo, base);
    if (complete && basePresent) {
      if (ci.event !== 'push' || (await history.isAncestor(base, ci.head))) {
        return {
          range: { kind: 'between', base, head: ci.head, trusted: [], rewritten: false, policyCommit: base },
          notices,
        };
      }
      // A push whose `before` is not an ancestor rewrote history. `before` was the trusted tip:
      // what `after` holds beyond it is exactly what must be verified, ancestor or not. (A pull or
      // merge request's base may simply have moved on: base..head is still the proposed commits.)
      return {
        range: { kind: 'between', base, head: ci.head, trusted: [], rewritten: true, policyCommit: base },
        notices: [
          `history was rewritten: the previous tip ${short(base)} is not an ancestor of ${short(ci.head)} (a force push); verifying every commit of ${short(ci.head)} that ${short(base)} did not have`,
        ],
      };
    } else if (!basePresent && ci.event === 'push' && !(await history.isShallow())) {
      // The whole history of head is here and `before` is not in it: not an ancestor.
      rewritten = true;
      notices.push(
        `history was rewritten: the previous tip ${short(base)} is not in the history of ${short(ci.head)} and could not be fetched (a force push); verifying every commit of ${short(ci.head)} that the default branch does not have`,
      );
    } else if (!basePresent) {
      return {
        failure: `the range base ${base} is not in the clone and could not be fetched, so the range ${short(base)}..${short(ci.head)} cannot be read: ${advice}`,
      };
    } else {
      return {
        failure: `the clone is shallow and its history could not be deepened to read the whole range ${short(base)}..${short(ci.head)}: ${advice}`,
      };
    }
  }

  // A new branch, a rewritten branch whose previous tip is gone, or a run with no previous tip
  // (scheduled, manual): the commits of head that the default branch does not have. Other
  // branches are not trusted: anyone who may push can create one, whatever its CI said.
  await history.fetchBranches();
  const self = ci.remoteRef?.startsWith('refs/heads/')
    ? `refs/remotes/${REMOTE}/${ci.remoteRef.slice('refs/heads/'.length)}`
    : null;
  const defaultRef = ci.defaultBranch ? `refs/remotes/${REMOTE}/${ci.defaultBranch}` : null;
  const trusted =
    defaultRef && defaultRef !== self && (await otherRemoteBranches(history.repo)).includes(defaultRef)
      ? [defaultRef]
      : [];
  if (trusted.length === 0) {
    notices.push(
      ci.defaultBranch
        ? `${short(ci.head)} is on the default branch ${ci.defaultBranch} itself, whose previous tip is unknown: verifying its whole history`
        : `the default branch is not known: verifying the whole history of ${short(ci.head)}`,
    );
  }
  const spec: RangeSpec = { kind: 'new-branch', tip: ci.head, trusted };
  if (!(await history.complete(spec, ci.head))) {
    return {
      failure: `the clone is shallow and its history could not be deepened to find which commits of ${short(ci.head)} the default branch lacks: ${advice}`,
    };
  }
  return {
    range: {
      kind: 'new-branch',
      base: null,
      head: ci.head,
      trusted,
      rewritten,
      policyCommit: await newBranchPolicyCommit(history.repo, ci.head, trusted),
    },
    notices,
  };
}
