import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listCommitGraph } from '../../src/git/commits.ts';
import { TestRepo } from '../helpers/repo.ts';

// A consumer lists a peer's history only up to its cap: a hostile history may be millions of
// commits long, or hold merges of thousands of parents (SPEC §5: bounded memory).
test('listCommitGraph lists at most `limit` commits, newest first, and stops at its output cap', async () => {
  const repo = new TestRepo();
  const commits: string[] = [];
  for (let i = 0; i < 6; i++) {
    repo.write('a.txt', `${i}`);
    commits.push(repo.commit(`c${i}`));
  }
  const range = { kind: 'between' as const, base: commits[0]!, tip: commits[5]! };
  assert.equal((await listCommitGraph(repo.dir, range)).length, 5);
  const limited = await listCommitGraph(repo.dir, range, { limit: 3 });
  assert.deepEqual(
    limited.map((c) => c.oid),
    [commits[5], commits[4], commits[3]],
  );
  assert.deepEqual(limited[0]!.parents, [commits[4]]);
  await assert.rejects(listCommitGraph(repo.dir, range, { maxOutputBytes: 100 }), /more than 100 bytes/);
});
