import { ObjectReader } from './cat-file.ts';
import { GitError, git, gitText } from './run.ts';

/** Which commits to verify (SPEC §3.2). */
export type RangeSpec =
  /** Commits reachable from `tip` and not from `base`. */
  | { kind: 'between'; base: string; tip: string }
  /**
   * Commits of `tip` that none of the `trusted` refs has: a new branch. Which refs are trusted is
   * the caller's decision (the remote's other branches, or only its default branch); an empty
   * list means every commit of `tip`.
   */
  | { kind: 'new-branch'; tip: string; trusted: readonly string[] }
  /** Every commit reachable from any ref. */
  | { kind: 'all' };

/** The remote-tracking branches that stand for "the other branches of the remote". */
/** The branches the remotes' HEADs point at (their default branches), among `refs`. */
export async function defaultBranches(cwd: string, refs: readonly string[]): Promise<string[]> {
  const out = await gitText(['for-each-ref', '--format=%(refname) %(symref)', 'refs/remotes/'], { cwd });
  const targets = new Set(
    out
      .split('\n')
      .map((l) => l.split(' '))
      .filter(([ref, target]) => ref?.endsWith('/HEAD') && target)
      .map(([, target]) => target!),
  );
  return refs.filter((r) => targets.has(r));
}

export async function otherRemoteBranches(
  cwd: string,
  exclude?: string | null,
  remote?: string,
): Promise<string[]> {
  const out = await gitText(
    ['for-each-ref', '--format=%(refname)', remote ? `refs/remotes/${remote}/` : 'refs/remotes/'],
    {
      cwd,
    },
  );
  return out.split('\n').filter((r) => r && r !== exclude && !r.endsWith('/HEAD'));
}

/** The remote-tracking refs that point at a commit. */
export async function remoteBranchesAt(cwd: string, commit: string): Promise<string[]> {
  const out = await gitText(['for-each-ref', '--points-at', commit, '--format=%(refname)', 'refs/remotes/'], {
    cwd,
  });
  return out.split('\n').filter(Boolean);
}

function revListArgs(range: RangeSpec, extra: string[] = []): string[] {
  switch (range.kind) {
    case 'between':
      return ['rev-list', ...extra, '--end-of-options', range.tip, `^${range.base}`];
    case 'all':
      return ['rev-list', ...extra, '--all'];
    case 'new-branch':
      return ['rev-list', ...extra, '--end-of-options', range.tip, ...range.trusted.map((r) => `^${r}`)];
  }
}

/** The full object ids of a range, newest first, as `git rev-list` orders them. */
export async function listCommits(cwd: string, range: RangeSpec): Promise<string[]> {
  const out = await gitText(revListArgs(range), { cwd });
  return out ? out.split('\n') : [];
}

/** A commit of a range with its root tree and its parents (full object ids, in the commit's order). */
export interface GraphCommit {
  oid: string;
  tree: string;
  parents: string[];
}

/** The commits of a range with their trees and parents, newest first: one `git rev-list`. */
export async function listCommitGraph(
  cwd: string,
  range: RangeSpec,
  /**
   * For a hostile repository: at most `limit` commits are listed, and git is stopped once the
   * listing is over `maxOutputBytes` (a GitError then; a merge may name thousands of parents).
   */
  bounds: { limit?: number; maxOutputBytes?: number } = {},
): Promise<GraphCommit[]> {
  // One line per commit: "<oid> <tree> <parents...>".
  const extra = ['--no-commit-header', '--format=%H %T %P'];
  if (bounds.limit !== undefined) extra.unshift(`--max-count=${bounds.limit}`);
  const out = await gitText(revListArgs(range, extra), {
    cwd,
    ...(bounds.maxOutputBytes !== undefined ? { maxOutputBytes: bounds.maxOutputBytes } : {}),
  });
  if (!out) return [];
  return out.split('\n').map((line) => {
    const [oid = '', tree = '', ...parents] = line.split(' ').filter(Boolean);
    return { oid, tree, parents };
  });
}

/** What a name such as `COMMIT:path` designates: object id, type and size. */
export interface NamedObject {
  oid: string;
  type: string;
  size: number;
}

/**
 * Resolves many object names (`COMMIT:path` included) in one `git cat-file --batch-check`; a name
 * that designates nothing is absent from the map. Names holding a line break are never sent.
 */
export async function describeNames(
  cwd: string,
  names: readonly string[],
): Promise<Map<string, NamedObject>> {
  const found = new Map<string, NamedObject>();
  const sendable = [...new Set(names)].filter((n) => !/[\n\r\0]/.test(n));
  if (sendable.length === 0) return found;
  const { stdout } = await git(['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], {
    cwd,
    input: `${sendable.join('\n')}\n`,
  });
  // One answer line per name, in order: "<oid> <type> <size>", or "<name> missing" (or ambiguous).
  const lines = stdout.toString('latin1').split('\n');
  sendable.forEach((name, i) => {
    const m = /^([0-9a-f]{40,64}) (\w+) (\d+)$/.exec(lines[i] ?? '');
    if (m) found.set(name, { oid: m[1]!, type: m[2]!, size: Number(m[3]) });
  });
  return found;
}

/** Annotated tags whose target commit is in `commits` (all annotated tags when `commits` is undefined). */
export async function listTags(cwd: string, commits?: ReadonlySet<string>): Promise<string[]> {
  const out = await gitText(
    ['for-each-ref', '--format=%(objecttype) %(objectname) %(*objectname)', 'refs/tags/'],
    {
      cwd,
    },
  );
  const tags: string[] = [];
  for (const line of out.split('\n')) {
    const [type, oid, peeled] = line.split(' ');
    if (type !== 'tag' || !oid) continue;
    if (!commits || (peeled && commits.has(peeled))) tags.push(oid);
  }
  return tags;
}

export interface RawObject {
  oid: string;
  raw: Uint8Array;
  kind: 'commit' | 'tag';
  /** Set instead of reading the object when it is over MAX_SIGNED_OBJECT_BYTES (`raw` is then empty). */
  tooLarge?: { size: number; cap: number };
}

/**
 * Commits and tags above this size are not read (SPEC §5: git objects are size-capped). Real ones
 * are a few KiB; the largest in the wild hold long messages of a few hundred KiB.
 */
export const MAX_SIGNED_OBJECT_BYTES = 16 * 1024 * 1024;

/** Type and size of each object, from one `git cat-file --batch-check` call; absent: missing. */
export async function objectSizes(
  cwd: string,
  oids: readonly string[],
  env?: NodeJS.ProcessEnv,
): Promise<Map<string, { type: string; size: number }>> {
  const found = new Map<string, { type: string; size: number }>();
  if (oids.length === 0) return found;
  const { stdout } = await git(['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], {
    cwd,
    input: `${oids.join('\n')}\n`,
    ...(env ? { env } : {}),
  });
  for (const line of stdout.toString('latin1').split('\n')) {
    const [oid, type, size] = line.split(' ');
    if (oid && type && size && /^\d+$/.test(size)) found.set(oid, { type, size: Number(size) });
  }
  return found;
}

/**
 * Streams raw objects through one `git cat-file --batch` process, in order, reading ahead. `env`:
 * the environment git runs in (a mirror's own), the caller's when absent.
 */
export async function* readObjects(
  cwd: string,
  oids: readonly string[],
  kind: 'commit' | 'tag',
  env?: NodeJS.ProcessEnv,
): AsyncGenerator<RawObject> {
  // Sizes first: a huge object is judged by its size and never read into memory.
  const sizes = await objectSizes(cwd, oids, env);
  const reader = new ObjectReader(cwd, env);
  try {
    const AHEAD = 64;
    const pending: Array<Promise<RawObject>> = [];
    let next = 0;
    const read = (oid: string): Promise<RawObject> => {
      const known = sizes.get(oid);
      if (!known) {
        return Promise.reject(
          new GitError(
            `object ${oid} is missing from the repository (a corrupt or incomplete repository?)`,
            'GIT_FAILED',
          ),
        );
      }
      if (known.type !== kind) {
        return Promise.reject(
          new GitError(`object ${oid} is a ${known.type}, expected a ${kind}`, 'GIT_FAILED'),
        );
      }
      if (known.size > MAX_SIGNED_OBJECT_BYTES) {
        return Promise.resolve({
          oid,
          raw: new Uint8Array(0),
          kind,
          tooLarge: { size: known.size, cap: MAX_SIGNED_OBJECT_BYTES },
        });
      }
      return reader.read(oid).then((o) => {
        if (!o) throw new GitError(`object ${oid} is missing from the repository`, 'GIT_FAILED');
        return { oid, raw: o.data, kind };
      });
    };
    const request = (oid: string) => {
      const p = read(oid);
      p.catch(() => {}); // read ahead: the rejection surfaces when this object's turn comes
      return p;
    };
    while (next < oids.length && pending.length < AHEAD) pending.push(request(oids[next++]!));
    while (pending.length > 0) {
      const obj = await pending.shift()!;
      if (next < oids.length) pending.push(request(oids[next++]!));
      yield obj;
    }
  } finally {
    reader.close();
  }
}

/** Whether a name is a commit present in the repository. */
export async function hasCommit(cwd: string, oid: string): Promise<boolean> {
  const r = await git(['cat-file', '-e', `${oid}^{commit}`], { cwd, okCodes: [1, 128] });
  return r.code === 0;
}

/** The newest commit of the trusted refs that `tip` builds on: where a new branch's policy is read. */
export async function newBranchBase(
  repo: string,
  tip: string,
  trusted: readonly string[],
): Promise<string | null> {
  const bases = new Set<string>();
  for (const ref of trusted) {
    const r = await git(['merge-base', tip, ref], { cwd: repo, okCodes: [1] });
    const oid = r.stdout.toString('latin1').trim();
    if (r.code === 0 && oid) bases.add(oid);
  }
  if (bases.size === 0) return null;
  const out = await gitText(['log', '--no-walk=unsorted', '--format=%ct %H', ...bases], { cwd: repo });
  let best: { oid: string; time: number } | null = null;
  for (const line of out.split('\n')) {
    const [time, oid] = line.split(' ');
    if (oid && (!best || Number(time) > best.time)) best = { oid, time: Number(time) };
  }
  return best?.oid ?? null;
}
