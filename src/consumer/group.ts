/**
 * One group's turn in an update (SPEC §3.5): fetch, check that the tip descends from the last
 * accepted tip, accept it through the meta fingerprints or the peer's own history (follow.ts),
 * read and validate its service files, or reuse the contribution cached for that very commit.
 * Never throws: every failure becomes the group's outcome.
 */
import { vetUrl } from '../format/meta.ts';
import { committerTime, Mirror } from '../git/mirror.ts';
import { CommitTree } from '../git/tree.ts';
import { short } from '../model/oid.ts';
import type { AcceptedTip, GroupStatus } from '../model/state.ts';
import { printable } from '../model/text.ts';
import { checkTree } from '../publisher/check.ts';
import type { Keyring } from '../signing/keyring.ts';
import { type Contribution, contributionOf } from './contribution.ts';
import { acceptTip, revokedSince, type TipAcceptance } from './follow.ts';
import type { GroupSource } from './sources.ts';
import { type GroupRecord, mirrorDir } from './state-store.ts';

export interface GroupRunOptions {
  stateDir: string;
  /** The meta configuration's folder: relative local-path URLs are read from it. */
  baseDir: string;
  /** The operator's keyring (may be empty). */
  keyring: Keyring;
  now: number;
  sourceTtl: number;
  fetchTimeout: number;
  env: NodeJS.ProcessEnv;
}

export interface GroupOutcome {
  group: string;
  status: GroupStatus;
  /** The commit the group's pins come from this run (accepted now or kept), or null. */
  commit: string | null;
  /** Why the group failed, or null. */
  error: string | null;
  via: 'meta' | 'history' | null;
  /** What the group contributes this run: null when it contributes nothing. */
  contribution: Contribution | null;
  /** Whether the contribution was read from the cache (nothing verified or parsed). */
  cached: boolean;
  warnings: string[];
  /** What the operator should know that is not a problem (where a peer's signers changed). */
  notes: string[];
  /** The previous record (undefined on a first run), for the state update. */
  previous: GroupRecord | undefined;
  /** The newly accepted tip, when the status is `updated` or `unchanged`. */
  accepted: AcceptedTip | null;
}

class GroupFailure extends Error {
  /** The last accepted configuration may not be kept either (its signer was revoked). */
  constructor(
    message: string,
    readonly dropKept = false,
  ) {
    super(message);
  }
}

/** `previous` is the group's record from the state dir (undefined on a first run). */
export async function runGroup(
  source: GroupSource,
  opts: GroupRunOptions,
  previous: GroupRecord | undefined,
): Promise<GroupOutcome> {
  const warnings: string[] = [];
  const last = previous?.state.accepted ?? null;
  try {
    const mirror = await Mirror.open(mirrorDir(opts.stateDir, source.name), opts.env);
    let tip: string | undefined;
    const attempts: string[] = [];
    for (const url of source.urls) {
      const vetted = vetUrl(url, opts.baseDir);
      if (!vetted.ok) {
        attempts.push(`${url}: refused: ${vetted.reason}`);
        continue;
      }
      try {
        tip = (await mirror.fetch(vetted.url, source.ref ?? undefined, opts.fetchTimeout)).tip;
        break;
      } catch (e) {
        attempts.push(`${url}: ${(e as Error).message}`);
      }
    }
    if (tip === undefined) throw new GroupFailure(`no URL could be fetched (${attempts.join('; ')})`);
    for (const a of attempts) warnings.push(`skipped ${a}`);

    if (last && last.commit === tip) {
      const revoked = await revokedSince(mirror, tip, opts.keyring);
      if (revoked)
        throw new GroupFailure(
          `the accepted commit ${short(tip)} is signed by a key revoked since: ${revoked}; its configuration is no longer pinned`,
          true,
        );
    }
    if (last && last.commit === tip && previous?.contribution?.commit === tip) {
      return {
        group: source.name,
        status: 'unchanged',
        commit: tip,
        error: null,
        via: last.via,
        contribution: previous.contribution,
        cached: true,
        warnings,
        notes: [],
        previous,
        accepted: last,
      };
    }

    if (last && last.commit !== tip && !(await mirror.isAncestor(last.commit, tip).catch(() => false))) {
      throw new GroupFailure(
        `the tip ${short(tip)} does not descend from the last accepted commit ${short(last.commit)}: a rollback or rewritten history, refused`,
      );
    }
    // The tip's object and tree are read once, for its acceptance and for its service files.
    const raw = await mirror.rawCommit(tip);
    const tree = await CommitTree.open(mirror.dir, tip, `${source.name} at ${short(tip)}`);
    let acceptance: TipAcceptance;
    let contribution: Contribution;
    try {
      // The tip accepted before (its cached contribution lost): accepted as it was then.
      acceptance =
        last && last.commit === tip
          ? { via: last.via, notes: [], warnings: [] }
          : await acceptTip(source, mirror, { commit: tip, raw, tree }, last?.commit ?? null, opts.keyring);
      warnings.push(...acceptance.warnings);
      const outcome = await checkTree(tree, { now: opts.now, expiryWarningDays: 30 });
      contribution = contributionOf(tip, committerTime(raw), outcome);
    } finally {
      tree.close();
    }
    const accepted: AcceptedTip = {
      commit: tip,
      commitTime: contribution.commitTime,
      acceptedAt: opts.now,
      via: acceptance.via,
    };
    return {
      group: source.name,
      status: last?.commit === tip ? 'unchanged' : 'updated',
      commit: tip,
      error: null,
      via: acceptance.via,
      contribution,
      cached: false,
      warnings,
      notes: acceptance.notes,
      previous,
      accepted,
    };
  } catch (e) {
    // A refusal or a failure of git or of the peer's data: the group fails, the others go on.
    const kept = e instanceof GroupFailure && e.dropKept ? undefined : previous;
    return { ...failed(source.name, kept, printable((e as Error).message), opts, warnings), previous };
  }
}

/** A failing group keeps its last accepted pins until the source TTL has run out (SPEC §3.5). */
function failed(
  group: string,
  previous: GroupRecord | undefined,
  error: string,
  opts: GroupRunOptions,
  warnings: string[],
): GroupOutcome {
  const last = previous?.state.accepted ?? null;
  const since = previous?.state.lastSuccess ?? null;
  const base = { group, error, warnings, notes: [], previous, accepted: null, cached: false };
  if (!last || !previous?.contribution) {
    return { ...base, status: 'failed', commit: null, via: null, contribution: null };
  }
  const within = since !== null && opts.now - since <= opts.sourceTtl;
  return within
    ? {
        ...base,
        status: 'stale',
        commit: last.commit,
        via: last.via,
        contribution: previous.contribution,
        cached: true,
      }
    : { ...base, status: 'expired', commit: last.commit, via: last.via, contribution: null };
}
