import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommitTree } from '../../src/git/tree.ts';
import { keyFilesInTree, MAX_KEY_FOLDER_BYTES, MAX_KEY_FOLDER_FILES } from '../../src/trust/load.ts';
import { TestRepo } from '../helpers/repo.ts';

// A hostile peer or mirror lists many large key files of one tiny compressed blob: reading them
// all would take gigabytes of memory before any signature is checked (SPEC §5).
test('a keys folder over the byte cap is refused before any file is read', async () => {
  const repo = new TestRepo();
  const blob = 'A'.repeat(4 * 1024 * 1024 - 1);
  const count = Math.ceil(MAX_KEY_FOLDER_BYTES / blob.length) + 1;
  for (let i = 0; i < count; i++) repo.write(`keys/k${i}.asc`, blob);
  const commit = repo.commit('many large key files');
  const tree = await CommitTree.open(repo.dir, commit, 'test');
  try {
    await assert.rejects(
      keyFilesInTree(tree, 'keys', commit),
      /over the cap of 16777216: expected a few public keys/,
    );
  } finally {
    tree.close();
  }
});

test('a keys folder with too many files is refused; a folder within the caps is read', async () => {
  const repo = new TestRepo();
  for (let i = 0; i <= MAX_KEY_FOLDER_FILES; i++) repo.write(`keys/k${i}.asc`, `${i}`);
  const many = repo.commit('many key files');
  repo.git('rm', '-q', '-r', 'keys');
  repo.write('keys/one.asc', 'x').write('keys/two.asc', 'y');
  const few = repo.commit('two key files');
  const tree = await CommitTree.open(repo.dir, many, 'test');
  try {
    await assert.rejects(keyFilesInTree(tree, 'keys', many), new RegExp(`over ${MAX_KEY_FOLDER_FILES}`));
  } finally {
    tree.close();
  }
  const small = await CommitTree.open(repo.dir, few, 'test');
  try {
    assert.equal((await keyFilesInTree(small, 'keys', few)).length, 2);
  } finally {
    small.close();
  }
});
