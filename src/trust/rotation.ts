/**
 * Signer rotation (SPEC §3.7), the one rule of both sides: the *signer set in force at* a commit is
 * the `signers` of its `.smtpfp.yml`, or, when it has none (absent, empty, unusable), the
 * configured signers (the consumer's meta fingerprints, the publisher's trusted base). A commit is
 * *authorized* when its signature is `good` by a key in the signer set in force at one of its
 * parents, so a change of signers is trusted only when a signer already in force made it.
 *
 * Keys only identify signers (a fingerprint is the hash of the key), so keys from any commit of
 * the chain may verify any other: what grants power is the parent's signer set. For the same
 * reason every revocation found anywhere (keyring, trusted anchors, the chain) counts.
 */
import { type Policy, parsePolicy } from '../format/policy.ts';
import { MAX_YAML_BYTES } from '../format/yaml-load.ts';
import { ObjectReader } from '../git/cat-file.ts';
import {
  describeNames,
  type GraphCommit,
  type NamedObject,
  type RawObject,
  readObjects,
} from '../git/commits.ts';
import { CommitTree } from '../git/tree.ts';
import { short } from '../model/oid.ts';
import type { CommitVerdict } from '../model/verdict.ts';
import { POLICY_FILE } from '../publisher/check.ts';
import { type KeyFile, Keyring } from '../signing/keyring.ts';
import { verifyObjects } from '../signing/verify.ts';
import { keyFilesInTree } from './load.ts';

/** The folder of a repository whose keys may verify its commits (SPEC §2.3, §3.7). */
export const KEYS_FOLDER = 'keys';

/**
 * The most bytes of key files one history keeps: each keys folder is capped (load.ts), but a chain
 * of commits could change it at every commit (SPEC §5: bounded memory). A rotation needs a few keys.
 */
export const MAX_HISTORY_KEY_BYTES = 64 * 1024 * 1024;

/** Who may sign the children of a commit. */
export interface SignerSet {
  /** Primary-key fingerprints, uppercase hex, sorted. */
  signers: readonly string[];
  /** True when read from the commit's own `.smtpfp.yml`; false: the configured signers. */
  fromPolicy: boolean;
  /** The policy's `keyring` path, when it names a usable one. */
  keyring: string | null;
}

const sorted = (list: Iterable<string>): string[] => [...new Set(list)].sort();

/** The signer set of a commit from its policy (undefined: none usable) and the configured signers. */
export function signerSetOf(policy: Policy | undefined, configured: readonly string[]): SignerSet {
  const keyring = policy?.keyring !== undefined ? treePath(policy.keyring) : null;
  if (policy && policy.signers.length > 0)
    return { signers: sorted(policy.signers), fromPolicy: true, keyring };
  return { signers: sorted(configured), fromPolicy: false, keyring };
}

/**
 * A repository path as `COMMIT:path` may name it, or null: git reads `./` and `../` relative to
 * its working folder and aborts on a path outside the repository, so neither is ever sent.
 */
function treePath(path: string): string | null {
  const clean = path.replace(/\/+$/, '');
  if (clean === '' || clean.startsWith('/')) return null;
  if (clean.split('/').some((seg) => seg === '' || seg === '.' || seg === '..')) return null;
  return clean;
}

export const sameSigners = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Policies and keys read at commits of one repository, in batches (one git process per kind of
 * question, not per commit) and cached.
 */
export class SignerHistory {
  private readonly sets = new Map<string, SignerSet>();
  /** Key-holding objects already read, by object id (a keys folder rarely changes). */
  private readonly keyObjects = new Set<string>();
  private readonly files: KeyFile[] = [];
  /** Bytes of key files kept so far; past MAX_HISTORY_KEY_BYTES no more keys are read. */
  private keyBytes = 0;
  /** `TREE:path` (or `COMMIT:path`) names already resolved (null: nothing there). */
  private readonly named = new Map<string, NamedObject | null>();
  /** The root tree of commits whose tree is known: commits sharing a tree are asked about once. */
  private readonly trees = new Map<string, string>();
  readonly warnings: string[] = [];

  constructor(
    readonly repo: string,
    /** The signer set where a commit has no usable policy. */
    readonly configured: readonly string[],
    /** Key files or folders read at every commit besides `keys/` and the policy's keyring. */
    private readonly keyPaths: readonly string[] = [],
  ) {}

  /** Notes the root trees of listed commits, so that commits with the same tree share lookups. */
  knowTrees(commits: readonly GraphCommit[]): void {
    for (const c of commits) if (c.tree) this.trees.set(c.oid, c.tree);
  }

  private name(commit: string, path: string): string {
    return `${this.trees.get(commit) ?? commit}:${path}`;
  }

  /** Reads the policies of these commits (those not read yet). */
  async loadPolicies(commits: readonly string[]): Promise<void> {
    const todo = [...new Set(commits)].filter((c) => !this.sets.has(c));
    if (todo.length === 0) return;
    // The keys folder is asked for in the same git process: loadKeys usually needs it next.
    const named = await this.resolve(
      todo.flatMap((c) => [this.name(c, POLICY_FILE), this.name(c, KEYS_FOLDER)]),
    );
    const blobs = new Map<string, Policy | undefined>();
    const reader = new ObjectReader(this.repo);
    try {
      for (const c of todo) {
        const obj = named.get(this.name(c, POLICY_FILE));
        let policy: Policy | undefined;
        // A policy over the cap, not a file, or not parsing counts as absent (SPEC §3.7).
        if (obj && obj.type === 'blob' && obj.size <= MAX_YAML_BYTES) {
          if (!blobs.has(obj.oid)) {
            const data = (await reader.read(obj.oid))?.data;
            const parsed = data ? parsePolicy(POLICY_FILE, data) : undefined;
            blobs.set(obj.oid, parsed && 'policy' in parsed ? parsed.policy : undefined);
          }
          policy = blobs.get(obj.oid);
        }
        this.sets.set(c, signerSetOf(policy, this.configured));
      }
    } finally {
      reader.close();
    }
  }

  /** Resolves `COMMIT:path` names, asking git only about those not resolved before. */
  private async resolve(names: readonly string[]): Promise<Map<string, NamedObject>> {
    const missing = names.filter((n) => !this.named.has(n));
    if (missing.length > 0) {
      const found = await describeNames(this.repo, missing);
      for (const n of missing) this.named.set(n, found.get(n) ?? null);
    }
    const out = new Map<string, NamedObject>();
    for (const n of names) {
      const obj = this.named.get(n);
      if (obj) out.set(n, obj);
    }
    return out;
  }

  /** The signer set in force at a commit (its policy is read when it was not yet). */
  async signersAt(commit: string): Promise<SignerSet> {
    await this.loadPolicies([commit]);
    return this.sets.get(commit)!;
  }

  /**
   * Reads the keys at these commits: the `keys/` folder and the policy's keyring path. A folder or
   * file already read (same object id) is not read again. Unreadable keys are warnings.
   */
  async loadKeys(commits: readonly string[]): Promise<void> {
    const unique = [...new Set(commits)];
    await this.loadPolicies(unique);
    const wanted: Array<{ commit: string; path: string }> = [];
    for (const c of unique) {
      const paths = new Set([KEYS_FOLDER, ...this.keyPaths.flatMap((p) => treePath(p) ?? [])]);
      const own = this.sets.get(c)?.keyring;
      if (own) paths.add(own);
      for (const path of paths) wanted.push({ commit: c, path });
    }
    const named = await this.resolve(wanted.map((w) => this.name(w.commit, w.path)));
    // One commit per key-holding object is enough to read it.
    const toRead = new Map<string, { commit: string; path: string }>();
    for (const w of wanted) {
      const obj = named.get(this.name(w.commit, w.path));
      if (!obj || (obj.type !== 'tree' && obj.type !== 'blob')) continue;
      if (this.keyObjects.has(obj.oid) || toRead.has(obj.oid)) continue;
      toRead.set(obj.oid, w);
    }
    const byCommit = new Map<string, string[]>();
    for (const [oid, w] of toRead) {
      this.keyObjects.add(oid);
      byCommit.set(w.commit, [...(byCommit.get(w.commit) ?? []), w.path]);
    }
    for (const [commit, paths] of byCommit) {
      const tree = await CommitTree.open(this.repo, commit, `commit ${short(commit)}`);
      try {
        for (const path of paths) {
          if (this.keyBytes > MAX_HISTORY_KEY_BYTES) {
            this.warnings.push(
              `${path} at ${short(commit)}: not read, the history's key files are over ${MAX_HISTORY_KEY_BYTES} bytes`,
            );
            continue;
          }
          try {
            const files = await keyFilesInTree(tree, path, commit);
            this.keyBytes += files.reduce((n, f) => n + f.data.length, 0);
            this.files.push(...files);
          } catch (e) {
            this.warnings.push(`${path} at ${short(commit)}: ${(e as Error).message}`);
          }
        }
      } finally {
        tree.close();
      }
    }
  }

  /** Every key read so far, with `extra` (the operator's or the command line's keys). */
  async keyring(extra: Keyring): Promise<Keyring> {
    const rings: Keyring[] = [extra];
    // File by file, so that one damaged file (a hostile peer's) does not hide the others.
    for (const f of this.files) {
      try {
        rings.push(await Keyring.fromFiles([f], this.warnings));
      } catch (e) {
        this.warnings.push(`${f.name}: ${(e as Error).message}`);
      }
    }
    return Keyring.merge(...rings);
  }
}

/** A commit judged against the signer sets in force at its parents. */
export interface CommitAuthorization extends CommitVerdict {
  parents: readonly string[];
  /** The parent whose signer set authorized the commit; null when refused, or for a root commit. */
  authorizedBy: string | null;
  /** The signer set in force at the commit itself (for its children). */
  signers: readonly string[];
}

/** A commit whose own signer set differs from the one that authorized it. */
export interface SignerChange {
  commit: string;
  signer: string | null;
  from: readonly string[];
  to: readonly string[];
}

export interface ChainInput {
  history: SignerHistory;
  /** The commits to judge with their parents (rev-list order, newest first). */
  commits: readonly GraphCommit[];
  /** Trusted commits whose keys count too (the last accepted tip, a range's base). */
  anchors: readonly string[];
  /** Keys from outside the repository (the operator's keyring, `--keyring`). */
  keyring: Keyring;
  /** Read keys from the repository (anchors and chain); false when explicit keys override. */
  repositoryKeys: boolean;
  /**
   * A commit without parents: judged against its own policy (`own-policy`, only where nothing is
   * trusted anyway) or against the configured signers.
   */
  roots: 'own-policy' | 'configured';
}

export interface ChainOutcome {
  verdicts: CommitAuthorization[];
  /** Every commit is authorized. */
  authorized: boolean;
  /** Where the signer set changed, oldest first. */
  changes: SignerChange[];
  /** The keyring the chain was judged with. */
  keyring: Keyring;
}

const list = (s: readonly string[]) => (s.length ? s.join(', ') : 'nobody');

/** Judges every commit of a chain (SPEC §3.7); merges are authorized by any one parent. */
export async function authorizeChain(input: ChainInput): Promise<ChainOutcome> {
  const { history, commits } = input;
  history.knowTrees(commits);
  const all = [...new Set([...commits.flatMap((c) => [c.oid, ...c.parents]), ...input.anchors])];
  await history.loadPolicies(all);
  if (input.repositoryKeys) await history.loadKeys([...input.anchors, ...commits.map((c) => c.oid)]);
  const keyring = input.repositoryKeys ? await history.keyring(input.keyring) : input.keyring;

  const judge = async (c: GraphCommit, raw: RawObject): Promise<CommitAuthorization> => {
    const own = await history.signersAt(c.oid);
    const parentSets = await Promise.all(c.parents.map((p) => history.signersAt(p)));
    const inForce: Array<{ parent: string | null; signers: readonly string[] }> =
      c.parents.length > 0
        ? c.parents.map((p, k) => ({ parent: p, signers: parentSets[k]!.signers }))
        : [{ parent: null, signers: input.roots === 'own-policy' ? own.signers : history.configured }];
    // One verification against every parent's signers; the signer then tells which parent vouched.
    const allowed = new Set(inForce.flatMap((s) => s.signers));
    const [verdict] = await verifyObjects([raw], { keyring, allowed });
    const judged: CommitAuthorization = {
      ...verdict!,
      parents: c.parents,
      authorizedBy: null,
      signers: own.signers,
    };
    if (judged.status === 'good') {
      const by = inForce.find((s) => judged.signer !== null && s.signers.includes(judged.signer));
      judged.authorizedBy = by?.parent ?? null;
    } else if (judged.status === 'not-allowed' || judged.status === 'unknown-key') {
      const where = inForce
        .map((s) => (s.parent ? `${list(s.signers)} at ${short(s.parent)}` : list(s.signers)))
        .join('; ');
      judged.message = `${judged.message} (signers in force: ${where})`;
    }
    return judged;
  };

  // Commits are read as a stream and judged up to LIMIT at once: memory stays bounded.
  const pending: Array<Promise<CommitAuthorization>> = [];
  const inFlight = new Set<Promise<unknown>>();
  const LIMIT = 16;
  let index = 0;
  for await (const raw of readObjects(
    history.repo,
    commits.map((c) => c.oid),
    'commit',
  )) {
    const p = judge(commits[index++]!, raw);
    pending.push(p);
    const settled: Promise<void> = p.then(
      () => {
        inFlight.delete(settled);
      },
      () => {
        inFlight.delete(settled);
      },
    );
    inFlight.add(settled);
    if (inFlight.size >= LIMIT) await Promise.race(inFlight);
  }
  const verdicts = await Promise.all(pending);
  const changes: SignerChange[] = [];
  for (const v of verdicts) {
    if (v.authorizedBy === null) continue;
    const from = (await history.signersAt(v.authorizedBy)).signers;
    if (!sameSigners(from, v.signers)) changes.push({ commit: v.oid, signer: v.signer, from, to: v.signers });
  }
  return {
    verdicts,
    authorized: verdicts.every((v) => v.status === 'good'),
    changes: changes.reverse(),
    keyring,
  };
}
