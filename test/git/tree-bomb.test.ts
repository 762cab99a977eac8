import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { CommitTree, MAX_TREE_LISTING_BYTES } from '../../src/git/tree.ts';
import { isolatedGitEnv, TestRepo } from '../helpers/repo.ts';

/** A tree of `width` folders, each the same tree of `width` folders, `depth` levels down: width^depth files. */
export function treeBomb(repo: TestRepo, width: number, depth: number): string {
  const run = (args: string[], input: string) =>
    execFileSync('git', args, { cwd: repo.dir, input, env: isolatedGitEnv() }).toString().trim();
  const empty = run(['hash-object', '-w', '--stdin'], '');
  let tree = run(
    ['mktree'],
    Array.from({ length: width }, (_, i) => `100644 blob ${empty}\tf${i}\n`).join(''),
  );
  for (let level = 1; level < depth; level++) {
    tree = run(['mktree'], Array.from({ length: width }, (_, i) => `040000 tree ${tree}\td${i}\n`).join(''));
  }
  return run(['commit-tree', tree, '-m', 'bomb'], '');
}

// 27 million paths from a repository of a few KiB: listing them all would take minutes and
// gigabytes; the listing is cut off at its cap instead (SPEC §5).
test('a tree whose listing is over the cap (shared trees nested in each other) is refused quickly', async () => {
  const repo = new TestRepo();
  const commit = treeBomb(repo, 300, 3);
  const started = Date.now();
  await assert.rejects(
    CommitTree.open(repo.dir, commit, 'the bomb'),
    (e: Error) =>
      e.message === `the tree of the bomb lists more than ${MAX_TREE_LISTING_BYTES} bytes of paths: not read`,
  );
  assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
});

test('a tree within the cap is listed whole', async () => {
  const repo = new TestRepo();
  const commit = treeBomb(repo, 30, 3);
  const tree = await CommitTree.open(repo.dir, commit, 'small');
  try {
    assert.equal(tree.entriesUnder('d0').filter((e) => e.kind === 'file').length, 900);
  } finally {
    tree.close();
  }
});
