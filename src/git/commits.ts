import { ObjectReader } from './cat-file.ts';
import { git, gitText } from './run.ts';

/** Which commits to verify (SPEC §3.2). */
export type RangeSpec =
  /** Commits reachable from `tip` and not from `base`. */
  | { kind: 'between'; base: string; tip: string }
  /**
   * Commits of `tip` that no other branch of the remote has: a new branch. `exclude` is the
   * remote-tracking ref of the branch being pushed or built, when it already exists.
   */
  | { kind: 'new-branch'; tip: string; exclude?: string }
  /** Every commit reachable from any ref. */
  | { kind: 'all' };

/** The remote-tracking branches that stand for "the other branches of the remote". */
export async function otherRemoteBranches(cwd: string, exclude?: string | null): Promise<string[]> {
  const out = await gitText(['for-each-ref', '--format=%(refname)', 'refs/remotes/'], { cwd });
  return out.split('\n').filter((r) => r && r !== exclude && !r.endsWith('/HEAD'));
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
    case 'new-branch': {
      const refs = await otherRemoteBranches(cwd, range.exclude);
      args = ['rev-list', '--end-of-options', range.tip, ...refs.map((r) => `^${r}`)];
      break;
    }
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

/** The bytes of `path` in a commit's tree, or undefined when there is no such file. */
export async function readFileAt(cwd: string, commit: string, path: string): Promise<Buffer | undefined> {
  const r = await git(['cat-file', '-e', `${commit}:${path}`], { cwd, okCodes: [1, 128] });
  if (r.code !== 0) return undefined;
  return (await git(['cat-file', 'blob', `${commit}:${path}`], { cwd })).stdout;
}

/** Whether a name is a commit present in the repository. */
export async function hasCommit(cwd: string, oid: string): Promise<boolean> {
  const r = await git(['cat-file', '-e', `${oid}^{commit}`], { cwd, okCodes: [1, 128] });
  return r.code === 0;
}

/** The newest commit of the remote's other branches that `tip` builds on: the trusted base of a new branch. */
export async function newBranchBase(
  repo: string,
  tip: string,
  exclude?: string | null,
): Promise<string | null> {
  let best: { oid: string; time: number } | null = null;
  for (const ref of await otherRemoteBranches(repo, exclude)) {
    const r = await git(['merge-base', tip, ref], { cwd: repo, okCodes: [1] });
    const oid = r.stdout.toString('latin1').trim();
    if (r.code !== 0 || !oid) continue;
    const time = Number(await gitText(['log', '-1', '--format=%ct', oid], { cwd: repo }));
    if (!best || time > best.time) best = { oid, time };
  }
  return best?.oid ?? null;
}
