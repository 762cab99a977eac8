/**
 * The history a check needs, in a clone that may be shallow: fetch commits and branches from the
 * remote, deepen a shallow clone step by step, and answer ancestry questions.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { short } from '../model/oid.ts';
import { hasCommit, listCommits, type RangeSpec } from './commits.ts';
import { GitError, git, gitText } from './run.ts';

/**
 * Whether `ancestor` is `of` or one of its ancestors: a new tip that is not a descendant of the
 * last accepted one is a rollback or a rewrite. False too when either commit is missing.
 */
export async function isAncestor(repo: string, ancestor: string, of: string): Promise<boolean> {
  const r = await git(['merge-base', '--is-ancestor', ancestor, of], { cwd: repo, okCodes: [1, 128] });
  return r.code === 0;
}

export const REMOTE = 'origin';
const BRANCHES_REFSPEC = `+refs/heads/*:refs/remotes/${REMOTE}/*`;
/** `git fetch --deepen` steps before giving up on depth and fetching the whole history. */
const DEEPEN_STEPS = [50, 100, 200, 400, 800];

export class History {
  private remote: boolean | undefined;
  private deepened = 0;
  private branchesFetched = false;

  constructor(
    readonly repo: string,
    private readonly log: (line: string) => void,
  ) {}

  async hasRemote(): Promise<boolean> {
    if (this.remote === undefined) {
      const r = await git(['config', '--get', `remote.${REMOTE}.url`], { cwd: this.repo, okCodes: [1] });
      this.remote = r.code === 0 && r.stdout.length > 0;
    }
    return this.remote;
  }

  async isShallow(): Promise<boolean> {
    return (await gitText(['rev-parse', '--is-shallow-repository'], { cwd: this.repo })) === 'true';
  }

  /** The commits whose parents a shallow clone cut off. */
  async shallowCommits(): Promise<Set<string>> {
    const file = await gitText(['rev-parse', '--git-path', 'shallow'], { cwd: this.repo });
    const text = await readFile(resolve(this.repo, file), 'latin1').catch(() => '');
    return new Set(text.split('\n').filter(Boolean));
  }

  /** Runs `git fetch` from the remote; returns git's complaint, or null when it worked. */
  private async fetch(args: string[], what: string): Promise<string | null> {
    if (!(await this.hasRemote())) return `no remote '${REMOTE}' to fetch ${what} from`;
    this.log(`fetching ${what}`);
    try {
      await git(['fetch', '--quiet', '--no-tags', '--recurse-submodules=no', ...args], { cwd: this.repo });
      return null;
    } catch (e) {
      if (!(e instanceof GitError)) throw e;
      const reason = e.stderr.trim().split('\n').pop() || e.message;
      this.log(`could not fetch ${what}: ${reason}`);
      return reason;
    }
  }

  /** Fetches one commit by id (a `before` a force push left out, a pull request's head and base). */
  async fetchCommit(oid: string): Promise<boolean> {
    if (await hasCommit(this.repo, oid)) return true;
    await this.fetch([REMOTE, oid], `commit ${short(oid)}`);
    return hasCommit(this.repo, oid);
  }

  /** The remote's branches as remote-tracking refs: what "on another branch" is measured against. */
  async fetchBranches(): Promise<void> {
    if (this.branchesFetched) return;
    this.branchesFetched = true;
    await this.fetch([REMOTE, BRANCHES_REFSPEC], "the remote's branches");
  }

  /** Fetches more history below `tip`; false when there is no more to get. */
  async deepen(tip: string): Promise<boolean> {
    if (!(await this.isShallow()) || !(await this.hasRemote())) return false;
    const step = DEEPEN_STEPS[this.deepened];
    if (step === undefined) {
      if (this.deepened > DEEPEN_STEPS.length) return false;
      this.deepened += 1;
      return (await this.fetch(['--unshallow', REMOTE, tip], 'the whole history')) === null;
    }
    this.deepened += 1;
    return (await this.fetch([`--deepen=${step}`, REMOTE, tip], `${step} more commits of history`)) === null;
  }

  /**
   * Whether rev-list read the range whole: no listed commit is a shallow boundary (whose parents,
   * possibly also in the range, are missing).
   */
  async isComplete(range: RangeSpec): Promise<boolean> {
    const shallow = await this.shallowCommits();
    if (shallow.size === 0) return true;
    const listed = await listCommits(this.repo, range);
    return !listed.some((c) => shallow.has(c));
  }

  /** Deepens until the range is complete (and `need` present); false when history ran out first. */
  async complete(range: RangeSpec, tip: string, need?: string): Promise<boolean> {
    for (;;) {
      const present = need === undefined || (await hasCommit(this.repo, need));
      if (present && (await this.isComplete(range))) return true;
      if (!(await this.deepen(tip))) return false;
    }
  }

  async isAncestor(ancestor: string, of: string): Promise<boolean> {
    return isAncestor(this.repo, ancestor, of);
  }
}
