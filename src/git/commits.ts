import { ObjectReader } from './cat-file.ts';
import { git, gitText } from './run.ts';

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

/** The full object ids of a range, newest first, as `git rev-list` orders them. */
export async function listCommits(cwd: string, range: RangeSpec): Promise<string[]> {
  let args: string[];
  switch (range.kind) {
    case 'between':
      args = ['rev-list', '--end-of-options', range.tip, `^${range.base}`];
      break;
    case 'all':
      args = ['rev-list', '--all'];
      break;
    case 'new-branch':
      args = ['rev-list', '--end-of-options', range.tip, ...range.trusted.map((r) => `^${r}`)];
      break;
  }
  const out = await gitText(args, { cwd });
  return out ? out.split('\n') : [];
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
}

/** Streams raw objects through one `git cat-file --batch` process, in order, reading ahead. */
export async function* readObjects(
  cwd: string,
  oids: readonly string[],
  kind: 'commit' | 'tag',
): AsyncGenerator<RawObject> {
  const reader = new ObjectReader(cwd);
  try {
    const AHEAD = 64;
    const pending: Array<Promise<RawObject>> = [];
    let next = 0;
    const request = (oid: string) => {
      const p = reader.read(oid).then((o) => {
        if (!o) throw new Error(`object ${oid} is missing from the repository`);
        if (o.type !== kind) throw new Error(`object ${oid} is a ${o.type}, expected a ${kind}`);
        return { oid, raw: o.data, kind };
      });
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
