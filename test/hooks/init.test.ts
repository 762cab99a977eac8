import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HOOK_MARK, hookScript } from '../../src/hooks/install.ts';
import { ROOT } from '../helpers/cli.ts';
import type { TestRepo } from '../helpers/repo.ts';
import { serviceYaml } from '../publisher/fixtures.ts';
import { cli, createWorld, gitRun, publisher, signatureMark, type World, writeExecutable } from './world.ts';

let world: World;
before(async () => {
  world = await createWorld();
});
after(async () => {
  await world.close();
});

const executable = (path: string) => (statSync(path).mode & 0o111) === 0o111;

function assertOurHook(path: string, hook: 'pre-commit' | 'pre-push') {
  assert.ok(existsSync(path), `${path} exists`);
  assert.ok(executable(path), `${path} is executable`);
  const text = readFileSync(path, 'utf8');
  assert.equal(text, hookScript(hook));
  assert.ok(text.includes(HOOK_MARK));
  assert.match(text, /node_modules\/\.bin\/smtpfp/);
  assert.doesNotMatch(text, /npx/, 'never downloads at commit time');
}

describe('smtpfp init: plain git hooks', () => {
  it('installs both hooks in .git/hooks and is idempotent', () => {
    const repo = publisher(world);
    const first = cli(repo, ['init']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /pre-commit: installed \.git\/hooks\/pre-commit/);
    assert.match(first.stdout, /pre-push: installed \.git\/hooks\/pre-push/);
    assertOurHook(join(repo.dir, '.git/hooks/pre-commit'), 'pre-commit');
    assertOurHook(join(repo.dir, '.git/hooks/pre-push'), 'pre-push');
    assert.match(readFileSync(join(repo.dir, '.git/hooks/pre-push'), 'utf8'), /smtpfp pre-push "\$@"/);

    const again = cli(repo, ['init']);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /pre-commit: already installed/);
    assert.match(again.stdout, /pre-push: already installed/);

    // An older hook of ours is updated without --force.
    const path = join(repo.dir, '.git/hooks/pre-commit');
    writeFileSync(path, `#!/bin/sh\n${HOOK_MARK} (an older version)\nexec smtpfp pre-commit\n`);
    const updated = cli(repo, ['init']);
    assert.equal(updated.code, 0);
    assert.match(updated.stdout, /pre-commit: updated/);
    assertOurHook(path, 'pre-commit');
  });

  it('never overwrites a foreign hook without --force, and keeps a backup with it', () => {
    const repo = publisher(world);
    const path = join(repo.dir, '.git/hooks/pre-commit');
    const mine = '#!/bin/sh\necho my own checks\n';
    writeExecutable(path, mine);
    const refused = cli(repo, ['init']);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stdout,
      /pre-commit: .* is not smtpfp's hook: left as it is; 'smtpfp init --force' replaces it/,
    );
    assert.equal(readFileSync(path, 'utf8'), mine);
    assertOurHook(join(repo.dir, '.git/hooks/pre-push'), 'pre-push');

    const forced = cli(repo, ['init', '--force']);
    assert.equal(forced.code, 0, forced.stdout + forced.stderr);
    assert.match(forced.stdout, /pre-commit: replaced .*pre-commit\.smtpfp-backup/);
    assert.equal(readFileSync(`${path}.smtpfp-backup`, 'utf8'), mine);
    assertOurHook(path, 'pre-commit');
  });

  it('installs where core.hooksPath points', () => {
    const repo = publisher(world);
    repo.git('config', 'core.hooksPath', '.githooks');
    const r = cli(repo, ['init', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.layout, 'git');
    assert.deepEqual(
      report.hooks.map((h: { action: string }) => h.action),
      ['installed', 'installed'],
    );
    assertOurHook(join(repo.dir, '.githooks/pre-commit'), 'pre-commit');
    assert.ok(!existsSync(join(repo.dir, '.git/hooks/pre-commit')));
  });

  it('prefers the project-local bin, and fails with install advice when smtpfp is nowhere', () => {
    const repo = publisher(world);
    assert.equal(cli(repo, ['init']).code, 0);
    repo.write('README', 'x\n').add('README');
    const marker = join(repo.dir, '.git', 'local-bin-ran');
    writeExecutable(
      join(repo.dir, 'node_modules/.bin/smtpfp'),
      `#!/bin/sh\ntouch '${marker}'\nexec '${process.execPath}' '${join(ROOT, 'dist/smtpfp.js')}' "$@"\n`,
    );
    repo.write('.gitignore', 'node_modules/\n').add('.gitignore');
    const ok = gitRun(repo, ['commit', '-m', 'with local bin']);
    assert.equal(ok.code, 0, ok.output);
    assert.ok(existsSync(marker), 'node_modules/.bin/smtpfp ran');

    execFileSync('rm', ['-rf', join(repo.dir, 'node_modules')]);
    repo.write('README', 'y\n').add('README');
    const nowhere = gitRun(repo, ['commit', '-m', 'no smtpfp'], { PATH: '/usr/bin:/bin' });
    assert.notEqual(nowhere.code, 0);
    assert.match(nowhere.output, /install it with 'npm install --save-dev smtpfp'/);
  });
});

describe('smtpfp init: husky', () => {
  function huskyRepo(): TestRepo {
    const repo = publisher(world);
    // husky 9 itself: writes .husky/_ and sets core.hooksPath=.husky/_
    execFileSync(process.execPath, [join(ROOT, 'node_modules/husky/bin.js')], {
      cwd: repo.dir,
      env: repo.env,
    });
    assert.equal(repo.git('config', 'core.hooksPath'), '.husky/_');
    return repo;
  }

  it('writes .husky/pre-commit and .husky/pre-push, which husky runs in a real commit', () => {
    const repo = huskyRepo();
    const r = cli(repo, ['init']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /pre-commit: installed \.husky\/pre-commit/);
    assertOurHook(join(repo.dir, '.husky/pre-commit'), 'pre-commit');
    assertOurHook(join(repo.dir, '.husky/pre-push'), 'pre-push');
    assert.ok(!existsSync(join(repo.dir, '.git/hooks/pre-commit')));

    const before = repo.git('rev-parse', 'HEAD');
    repo.write('smtp.yml', serviceYaml({ domain: 'BAD.example' })).add('smtp.yml');
    const blocked = gitRun(repo, ['commit', '-m', 'bad']);
    assert.notEqual(blocked.code, 0);
    assert.match(blocked.output, /\[schema\]/);
    assert.match(blocked.output, /husky - pre-commit script failed/);
    assert.equal(repo.git('rev-parse', 'HEAD'), before);

    repo.write('smtp.yml', serviceYaml()).add('smtp.yml');
    repo.write('README', 'x\n').add('README');
    const ok = gitRun(repo, ['commit', '-m', 'good']);
    assert.equal(ok.code, 0, ok.output);
    assert.equal(signatureMark(repo), 'G');
  });

  it('recognises a .husky folder before husky is set up, and core.hooksPath=.husky', () => {
    const repo = publisher(world);
    repo.write('.husky/pre-commit', 'npm test\n');
    const r = cli(repo, ['init']);
    assert.equal(r.code, 1, 'the existing husky hook is foreign');
    assert.match(r.stdout, /pre-commit: \.husky\/pre-commit is not smtpfp's hook/);
    assert.match(r.stdout, /core\.hooksPath is not set/);
    assertOurHook(join(repo.dir, '.husky/pre-push'), 'pre-push');

    const other = publisher(world);
    other.git('config', 'core.hooksPath', '.husky');
    assert.equal(cli(other, ['init']).code, 0);
    assertOurHook(join(other.dir, '.husky/pre-commit'), 'pre-commit');
  });
});
