import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveCommit, whyNoCommit } from '../../src/git/repo.ts';
import { TestRepo } from '../helpers/repo.ts';
import { tempDir } from '../helpers/tmp.ts';

describe('whyNoCommit: what a revision that resolves to no commit names', () => {
  it('nothing, another type of object, or a commit object git refuses to parse', async () => {
    const repo = new TestRepo();
    repo.write('a.txt', 'a\n');
    repo.commit('one');
    const tree = repo.git('rev-parse', 'HEAD^{tree}');
    // No tree line: git stores it with --literally, and refuses to parse it as a commit.
    const body = join(tempDir(), 'commit');
    writeFileSync(body, 'author a <a@b> 1 +0000\ncommitter a <a@b> 1 +0000\n\nno tree\n');
    const malformed = repo.git('hash-object', '-t', 'commit', '--literally', '-w', body);
    assert.equal(await resolveCommit(repo.dir, 'nope'), undefined);
    assert.equal(await whyNoCommit(repo.dir, 'nope'), 'names no commit in this repository');
    assert.equal(await whyNoCommit(repo.dir, tree), 'names a tree, not a commit');
    assert.equal(await resolveCommit(repo.dir, malformed), undefined);
    assert.match(
      await whyNoCommit(repo.dir, malformed),
      new RegExp(`^names the commit object ${malformed}, which git refuses to parse: a malformed commit`),
    );
  });
});
