import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasCommit, listCommits } from '../../src/git/commits.ts';
import { History, isAncestor } from '../../src/git/history.ts';
import { TestRepo } from '../helpers/repo.ts';
import { tempDir } from '../helpers/tmp.ts';

/** An origin with a line of `n` commits on main and a side branch, and a depth-1 clone of it. */
function world(n: number): { origin: TestRepo; clone: TestRepo; commits: string[]; side: string } {
  const origin = new TestRepo();
  const commits: string[] = [];
  for (let i = 0; i < n; i++) commits.push(origin.write('f.txt', `${i}\n`).commit(`c${i}`));
  origin.git('checkout', '-q', '-b', 'side', commits[2]!);
  const side = origin.write('side.txt', 'x\n').commit('side');
  origin.git('checkout', '-q', 'main');
  const clone = new TestRepo({ dir: tempDir('smtpfp-clone-') });
  clone.git('remote', 'add', 'origin', `file://${origin.dir}`);
  clone.git('fetch', '-q', '--depth=1', 'origin', 'main');
  clone.git('checkout', '-q', 'FETCH_HEAD');
  return { origin, clone, commits, side };
}

describe('git/history', () => {
  it('isAncestor answers for present commits and is false for missing ones', async () => {
    const repo = new TestRepo();
    const a = repo.write('a', '1').commit('a');
    const b = repo.write('a', '2').commit('b');
    await Promise.all([
      isAncestor(repo.dir, a, b).then((r) => assert.equal(r, true)),
      isAncestor(repo.dir, b, a).then((r) => assert.equal(r, false)),
      isAncestor(repo.dir, a, a).then((r) => assert.equal(r, true)),
      isAncestor(repo.dir, 'f'.repeat(40), b).then((r) => assert.equal(r, false)),
    ]);
  });

  it('deepens a shallow clone until a range is complete, and logs each fetch', async () => {
    const { clone, commits } = world(60);
    const log: string[] = [];
    const history = new History(clone.dir, (l) => log.push(l));
    const head = commits.at(-1)!;
    const base = commits[5]!;
    assert.equal(await history.isShallow(), true);
    assert.equal(await hasCommit(clone.dir, base), false);
    const range = { kind: 'between', base, tip: head } as const;
    assert.equal(await history.complete(range, head, base), true);
    assert.equal(await hasCommit(clone.dir, base), true);
    assert.equal(await history.isComplete(range), true);
    assert.equal((await listCommits(clone.dir, range)).length, 60 - 6);
    assert.ok(
      log.some((l) => /more commits of history/.test(l)),
      log.join('\n'),
    );
    assert.equal(await history.isAncestor(base, head), true);
  });

  it('fetches a commit by id and the remote branches as remote-tracking refs', async () => {
    const { clone, side } = world(4);
    const history = new History(clone.dir, () => {});
    assert.equal(await hasCommit(clone.dir, side), false);
    assert.equal(await history.fetchCommit(side), true);
    await history.fetchBranches();
    const refs = clone.git('for-each-ref', '--format=%(refname)', 'refs/remotes/').split('\n');
    assert.deepEqual(refs.sort(), ['refs/remotes/origin/main', 'refs/remotes/origin/side']);
  });

  it('without a remote, nothing is fetched and deepening stops at once', async () => {
    const repo = new TestRepo();
    const tip = repo.write('a', '1').commit('a');
    const history = new History(repo.dir, () => {});
    assert.equal(await history.hasRemote(), false);
    assert.equal(await history.fetchCommit('e'.repeat(40)), false);
    assert.equal(await history.deepen(tip), false);
    assert.equal(await history.complete({ kind: 'new-branch', tip, trusted: [] }, tip), true);
  });

  it('a remote that cannot be reached makes a range incomplete, never a pass', async () => {
    const { clone, commits } = world(10);
    clone.git('remote', 'set-url', 'origin', `file://${tempDir('smtpfp-gone-')}/nothing`);
    const log: string[] = [];
    const history = new History(clone.dir, (l) => log.push(l));
    const head = commits.at(-1)!;
    const range = { kind: 'between', base: commits[1]!, tip: head } as const;
    assert.equal(await history.complete(range, head, commits[1]), false);
    assert.ok(
      log.some((l) => /could not fetch/.test(l)),
      log.join('\n'),
    );
  });
});
