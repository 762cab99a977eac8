/**
 * Whether a fetched tip may be accepted (SPEC §3.5, §3.7): signed by one of the group's meta
 * fingerprints, or, with a last accepted tip L, through the peer's own history: every commit of
 * L..tip authorized by the signer set in force at one of its parents. The second path is how a
 * consumer follows a peer that rotated its keys without anyone editing the meta configuration.
 */
import { listCommitGraph } from '../git/commits.ts';
import type { Mirror } from '../git/mirror.ts';
import { CommitTree } from '../git/tree.ts';
import { short } from '../model/oid.ts';
import type { AcceptedVia } from '../model/state.ts';
import { type KeyFile, Keyring } from '../signing/keyring.ts';
import { splitCommit } from '../signing/payload.ts';
import { verifySignedObject } from '../signing/verify.ts';
import { keyFilesInTree } from '../trust/load.ts';
import { authorizeChain, KEYS_FOLDER, SignerHistory } from '../trust/rotation.ts';
import type { GroupSource } from './sources.ts';

/**
 * The most commits a tip is followed through (a peer's history is bounded in time and memory,
 * SPEC §5); a real peer adds a few a week.
 */
export const MAX_CHAIN = 10_000;
/** The most bytes of `<commit> <tree> <parents>` lines listed for a chain (merges of many parents). */
export const MAX_CHAIN_LISTING_BYTES = 64 * 1024 * 1024;

/** A tip that may not be accepted; the message says why, for the group's report. */
export class TipRefused extends Error {}

export interface TipAcceptance {
  via: AcceptedVia;
  /** What the operator should know (where the signer set changed). */
  notes: string[];
  warnings: string[];
}

const list = (fprs: readonly string[]) => fprs.join(', ');

/** The fetched tip as the group has already read it: its raw object and its open tree. */
export interface TipObjects {
  commit: string;
  raw: Uint8Array;
  tree: CommitTree;
}

/**
 * The operator's keyring (every key: a signature by an unlisted one is then `not-allowed`, not
 * `unknown-key`), plus the keys of the group's listed fingerprints from the peer's `keys/` at the
 * tip and at the last accepted commit (whose revocations count too).
 */
async function metaKeys(
  source: GroupSource,
  mirror: Mirror,
  tip: TipObjects,
  last: string | null,
  operator: Keyring,
  warnings: string[],
): Promise<Keyring> {
  const rings: Keyring[] = [operator];
  const read = async (tree: CommitTree, commit: string) => {
    let files: KeyFile[] = [];
    try {
      files = await keyFilesInTree(tree, KEYS_FOLDER, commit);
    } catch (e) {
      warnings.push(`the peer's ${KEYS_FOLDER}/ at ${short(commit)} cannot be read: ${(e as Error).message}`);
    }
    for (const f of files) {
      try {
        // Only keys listed for this group are taken from the peer's own repository.
        rings.push((await Keyring.fromFiles([f])).select(source.fingerprints));
      } catch (e) {
        warnings.push(`${f.name}: ${(e as Error).message}`);
      }
    }
  };
  await read(tip.tree, tip.commit);
  if (last !== null && last !== tip.commit) {
    const tree = await CommitTree.open(mirror.dir, last, `commit ${short(last)}`);
    try {
      await read(tree, last);
    } finally {
      tree.close();
    }
  }
  return Keyring.merge(...rings);
}

/**
 * Decides whether `tip` (a descendant of `last`, checked by the caller) is accepted; throws
 * TipRefused with the reason otherwise. `last` null: a first run, where only the meta
 * fingerprints count.
 */
export async function acceptTip(
  source: GroupSource,
  mirror: Mirror,
  tipObjects: TipObjects,
  last: string | null,
  operator: Keyring,
): Promise<TipAcceptance> {
  const warnings: string[] = [];
  const tip = tipObjects.commit;
  const history = new SignerHistory(mirror.dir, source.fingerprints);
  const keyring = await metaKeys(source, mirror, tipObjects, last, operator, warnings);
  const check = await verifySignedObject(splitCommit(tipObjects.raw), {
    keyring,
    allowed: new Set(source.fingerprints),
  });
  if (check.status === 'good') {
    warnings.push(...(await retiredWarnings(source, history, tip)));
    return { via: 'meta', notes: [], warnings };
  }
  const refusal = `the tip ${short(tip)} is ${check.status}: ${check.message}`;
  const atTip = await history.signersAt(tip);
  const moved = atTip.fromPolicy && atTip.signers.some((s) => !source.fingerprints.includes(s));
  const movedTo = moved
    ? `; the peer's .smtpfp.yml at ${short(tip)} names the signers ${list(atTip.signers)}: if the peer rotated its keys, put them in the group's fingerprints`
    : '';
  if (!last) {
    throw new TipRefused(
      `${refusal}${moved ? ' (a first run trusts only the meta fingerprints)' : ''}${movedTo}`,
    );
  }

  // Listed no further than one commit past the cap: a hostile history may be millions long.
  const commits = await listCommitGraph(
    mirror.dir,
    { kind: 'between', base: last, tip },
    { limit: MAX_CHAIN + 1, maxOutputBytes: MAX_CHAIN_LISTING_BYTES },
  ).catch((e: unknown) => {
    throw new TipRefused(
      `${refusal}; its history from the last accepted commit ${short(last)} cannot be listed: ${(e as Error).message}${movedTo}`,
    );
  });
  if (commits.length > MAX_CHAIN) {
    throw new TipRefused(
      `${refusal}; its history from the last accepted commit ${short(last)} is more than ${MAX_CHAIN} commits, the most followed through history${movedTo}`,
    );
  }
  const chain = await authorizeChain({
    history,
    commits,
    anchors: [last],
    keyring: operator,
    repositoryKeys: true,
    roots: 'configured',
  });
  warnings.push(...history.warnings);
  if (!chain.authorized) {
    // The oldest refused commit is where the chain broke.
    const broken = chain.verdicts.filter((v) => v.status !== 'good').pop()!;
    throw new TipRefused(
      `${refusal}; nor does its history from the last accepted commit ${short(last)} authorize it: commit ${short(broken.oid)} is ${broken.status}: ${broken.message}${movedTo}`,
    );
  }
  const notes = chain.changes.map(
    (c) =>
      `accepted through the peer's history: the signers changed at ${short(c.commit)}${c.signer ? ` (signed by ${c.signer})` : ''} from ${list(c.from)} to ${list(c.to)}`,
  );
  if (notes.length === 0)
    notes.push(
      `accepted through the peer's history from ${short(last)}: every commit signed by a signer in force`,
    );
  warnings.push(...(await retiredWarnings(source, history, tip)));
  return { via: 'history', notes, warnings };
}

/**
 * Why a tip accepted before may no longer be pinned, or null: its signing key now carries a
 * revocation in the operator's keyring (SPEC §3.7: a revocation counts). Without this check an
 * unchanged tip signed by a stolen key would stay pinned for ever, every run a success.
 */
export async function revokedSince(mirror: Mirror, tip: string, operator: Keyring): Promise<string | null> {
  // Revocation is judged before the allow-list: no signer needs to be allowed to find it.
  const check = await verifySignedObject(splitCommit(await mirror.rawCommit(tip)), {
    keyring: operator,
    allowed: new Set(),
  });
  return check.status === 'revoked-key' ? check.message : null;
}

/** Meta fingerprints the peer's policy at the accepted tip no longer lists (SPEC §3.7). */
async function retiredWarnings(source: GroupSource, history: SignerHistory, tip: string): Promise<string[]> {
  const set = await history.signersAt(tip);
  if (!set.fromPolicy) return [];
  return source.fingerprints
    .filter((f) => !set.signers.includes(f))
    .map(
      (f) =>
        `the meta fingerprint ${f} is no longer among the peer's signers at ${short(tip)} (${list(set.signers)}): a retired key keeps its power here until it is removed from the meta configuration or revoked`,
    );
}
