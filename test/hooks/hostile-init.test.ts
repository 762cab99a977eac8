/**
 * `smtpfp init` in a repository whose committed `.husky` is a symlink (SPEC §5: nothing written
 * through a symlink that leaves the repository). Real git clones, the built CLI.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { smtpfp } from '../helpers/cli.ts';
import { TestRepo } from '../helpers/repo.ts';
import { tempDir } from '../helpers/tmp.ts';

/** A clone of a repository whose commit holds `.husky` as a symlink to a folder outside it. */
function cloneWithHuskyLink(): { repo: TestRepo; outside: string } {
  const outside = tempDir('smtpfp-outside-');
  const origin = new TestRepo();
  origin.write('README', 'hello\n').symlink('.husky', outside).commit('husky is elsewhere');
  const dir = join(tempDir(), 'clone');
  origin.git('clone', '-q', origin.dir, dir);
  return { repo: new TestRepo({ dir }), outside };
}

describe('smtpfp init: a symlinked husky folder', () => {
  it('refuses a committed .husky symlink and writes nothing outside the repository', () => {
    const { repo, outside } = cloneWithHuskyLink();
    const r = smtpfp(['init'], { cwd: repo.dir, env: repo.env });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /husky hooks folder '\.husky'.*symlink '\.husky'.*refusing/);
    assert.deepEqual(readdirSync(outside), []);
  });

  it('refuses it too when core.hooksPath names it', () => {
    const { repo, outside } = cloneWithHuskyLink();
    repo.git('config', 'core.hooksPath', '.husky/_');
    const r = smtpfp(['init'], { cwd: repo.dir, env: repo.env });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.deepEqual(readdirSync(outside), []);
  });

  it('a real .husky folder still gets the hooks', () => {
    const repo = new TestRepo();
    mkdirSync(join(repo.dir, '.husky'));
    const r = smtpfp(['init'], { cwd: repo.dir, env: repo.env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(join(repo.dir, '.husky')).sort(), ['pre-commit', 'pre-push']);
  });
});
