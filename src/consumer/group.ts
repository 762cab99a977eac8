/**
 * One group's turn in an update (SPEC §3.5): fetch, verify the tip, check that it descends from
 * the last accepted tip, read and validate its service files, or reuse the contribution cached
 * for that very commit. Never throws: every failure becomes the group's outcome.
 */
import { keyFilesInCommit } from '../cli/trust.ts';
import { vetUrl } from '../format/meta.ts';
import { committerTime, Mirror } from '../git/mirror.ts';
import { CommitTree } from '../git/tree.ts';
import type { AcceptedTip, GroupStatus } from '../model/state.ts';
import { printable } from '../model/text.ts';
import { checkTree } from '../publisher/check.ts';
import { Keyring } from '../signing/keyring.ts';
import { splitCommit } from '../signing/payload.ts';
import { verifySignedObject } from '../signing/verify.ts';
import { type Contribution, contributionOf } from './contribution.ts';
import type { GroupSource } from './sources.ts';
import { type GroupRecord, mirrorDir } from './state-store.ts';

/** The folder of a peer's repository whose keys may verify its commits (SPEC §2.3). */
export const PEER_KEYS_FOLDER = 'keys';

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
  /** The previous record (undefined on a first run), for the state update. */
  previous: GroupRecord | undefined;
  /** The newly accepted tip, when the status is `updated` or `unchanged`. */
  accepted: AcceptedTip | null;
}

const short = (oid: string) => oid.slice(0, 12);

class GroupFailure extends Error {}

/**
 * The operator's keyring (every key: a signature by an unlisted one is then reported as
 * `not-allowed`, not `unknown-key`), plus, for a listed fingerprint it lacks, the key from the
 * peer's own `keys/` at the commit being verified, and only the listed ones.
 */
async function keysFor(
  source: GroupSource,
  mirror: Mirror,
  tip: string,
  operator: Keyring,
  warnings: string[],
): Promise<Keyring> {
  const own = operator;
  const missing = source.fingerprints.filter((f) => !own.has(f));
  if (missing.length === 0) return own;
  let files: Awaited<ReturnType<typeof keyFilesInCommit>> = [];
  try {
    files = await keyFilesInCommit(mirror.dir, tip, PEER_KEYS_FOLDER);
  } catch (e) {
    warnings.push(`the peer's ${PEER_KEYS_FOLDER}/ cannot be read: ${(e as Error).message}`);
  }
  const rings: Keyring[] = [own];
  for (const f of files) {
    try {
      // Only keys listed for this group are taken from the peer's own repository.
      rings.push((await Keyring.fromFiles([f])).select(missing));
    } catch (e) {
      warnings.push(`${f.name}: ${(e as Error).message}`);
    }
  }
  return Keyring.merge(...rings);
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
        previous,
        accepted: last,
      };
    }

    const keyring = await keysFor(source, mirror, tip, opts.keyring, warnings);
    const raw = await mirror.rawCommit(tip);
    const check = await verifySignedObject(splitCommit(raw), {
      keyring,
      allowed: new Set(source.fingerprints),
    });
    if (check.status !== 'good') {
      throw new GroupFailure(`the tip ${short(tip)} is ${check.status}: ${check.message}`);
    }
    if (last && last.commit !== tip && !(await mirror.isAncestor(last.commit, tip).catch(() => false))) {
      throw new GroupFailure(
        `the tip ${short(tip)} does not descend from the last accepted commit ${short(last.commit)}: a rollback or rewritten history, refused`,
      );
    }
    const tree = await CommitTree.open(mirror.dir, tip, `${source.name} at ${short(tip)}`);
    let contribution: Contribution;
    try {
      const outcome = await checkTree(tree, { now: opts.now, expiryWarningDays: 30 });
      contribution = contributionOf(tip, committerTime(raw), outcome);
    } finally {
      tree.close();
    }
    const accepted: AcceptedTip = {
      commit: tip,
      commitTime: contribution.commitTime,
      acceptedAt: opts.now,
      via: 'meta',
    };
    return {
      group: source.name,
      status: last?.commit === tip ? 'unchanged' : 'updated',
      commit: tip,
      error: null,
      via: 'meta',
      contribution,
      cached: false,
      warnings,
      previous,
      accepted,
    };
  } catch (e) {
    return failed(source.name, previous, printable((e as Error).message), opts, warnings);
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
  const base = { group, error, warnings, previous, accepted: null, cached: false };
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
