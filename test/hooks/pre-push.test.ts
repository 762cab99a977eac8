import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { TestRepo } from '../helpers/repo.ts';
import { tempDir } from '../helpers/tmp.ts';
import { cli, createWorld, gitRun, policyYaml, publisher, refOid, type World, withRemote } from './world.ts';

let world: World;
before(async () => {
  world = await createWorld();
});
after(async () => {
  await world.close();
});

/** A publisher with a bare remote holding its signed first commit, and the hooks installed. */
function pushing(): { repo: TestRepo; remote: TestRepo } {
  const repo = publisher(world);
  const remote = withRemote(repo);
  const init = cli(repo, ['init']);
  assert.equal(init.code, 0, init.stdout + init.stderr);
  return { repo, remote };
}

const signed = (repo: TestRepo, message: string) => {
  repo.git('commit', '-q', '--no-verify', '--allow-empty', '-m', message);
  return repo.git('rev-parse', 'HEAD');
};
const unsigned = (repo: TestRepo, message: string) => {
  repo.git('commit', '-q', '--no-verify', '--no-gpg-sign', '--allow-empty', '-m', message);
  return repo.git('rev-parse', 'HEAD');
};

describe('pre-push hook in a real git push', () => {
  it('blocks a push of an unsigned commit: nothing arrives at the remote', () => {
    const { repo, remote } = pushing();
    const before = refOid(remote, 'main');
    const tip = unsigned(repo, 'not signed');
    const r = gitRun(repo, ['push', 'origin', 'main']);
    assert.notEqual(r.code, 0);
    assert.match(r.output, new RegExp(`unsigned +${tip.slice(0, 12)}`));
    assert.match(r.output, /push blocked/);
    assert.equal(refOid(remote, 'main'), before);
    assert.equal(spawnCatFile(remote, tip), false, 'the commit object did not arrive');
  });

  it('lets a push of signed commits through', () => {
    const { repo, remote } = pushing();
    signed(repo, 'one');
    const tip = signed(repo, 'two');
    const r = gitRun(repo, ['push', 'origin', 'main']);
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /2 commits, all signed by allowed keys/);
    assert.equal(refOid(remote, 'main'), tip);
  });

  it('blocks a commit signed by a key that is not allowed', () => {
    const { repo, remote } = pushing();
    const before = refOid(remote, 'main');
    repo.git('config', 'user.signingkey', world.mallory.fingerprint);
    const tip = signed(repo, 'by mallory');
    const r = gitRun(repo, ['push', 'origin', 'main']);
    assert.notEqual(r.code, 0);
    assert.match(r.output, new RegExp(`not-allowed +${tip.slice(0, 12)}`));
    assert.equal(refOid(remote, 'main'), before);
  });

  it('reads the policy from the remote tip, so a push cannot allow its own signer', () => {
    const { repo, remote } = pushing();
    const before = refOid(remote, 'main');
    repo.git('config', 'user.signingkey', world.mallory.fingerprint);
    repo.write('.smtpfp.yml', policyYaml([world.alice.fingerprint, world.mallory.fingerprint]));
    repo.git('commit', '-q', '--no-verify', '-am', 'allow mallory');
    const r = gitRun(repo, ['push', 'origin', 'main']);
    assert.notEqual(r.code, 0);
    assert.match(r.output, /not-allowed/);
    assert.equal(refOid(remote, 'main'), before);
  });

  it('verifies a new branch: only the commits no remote branch has', () => {
    const { repo, remote } = pushing();
    repo.git('checkout', '-q', '-b', 'feature');
    const tip = signed(repo, 'feature work');
    const ok = gitRun(repo, ['push', 'origin', 'feature']);
    assert.equal(ok.code, 0, ok.output);
    assert.match(ok.output, /new branch/);
    assert.match(ok.output, /1 commit, all signed/);
    assert.doesNotMatch(
      ok.output,
      /no trusted base/,
      'the policy comes from the merge-base with origin/main',
    );
    assert.equal(refOid(remote, 'feature'), tip);

    repo.git('checkout', '-q', '-b', 'sloppy', 'main');
    unsigned(repo, 'sloppy work');
    const blocked = gitRun(repo, ['push', 'origin', 'sloppy']);
    assert.notEqual(blocked.code, 0);
    assert.equal(refOid(remote, 'sloppy'), undefined);
  });

  it("verifies commits of a new branch that only another remote's branches have", () => {
    const { repo, remote } = pushing();
    const upstream = new TestRepo({ bare: true, env: repo.env });
    repo.git('remote', 'add', 'upstream', upstream.dir);
    repo.git('checkout', '-q', '-b', 'up');
    const theirs = unsigned(repo, 'on upstream only, unsigned');
    repo.git('push', '-q', '--no-verify', 'upstream', 'up');
    repo.git('checkout', '-q', '-b', 'feature');
    signed(repo, 'feature on top');
    const blocked = gitRun(repo, ['push', 'origin', 'feature']);
    assert.notEqual(blocked.code, 0);
    assert.match(blocked.output, new RegExp(`unsigned +${theirs.slice(0, 12)}`));
    assert.equal(refOid(remote, 'feature'), undefined);
  });

  it("a push to a URL trusts no remote's branches: an unsigned commit merged from a fork is caught", () => {
    const { repo, remote } = pushing();
    const fork = new TestRepo({ bare: true, env: repo.env });
    repo.git('remote', 'add', 'fork', fork.dir);
    repo.git('checkout', '-q', '-b', 'theirs');
    const theirs = unsigned(repo, 'from the fork, unsigned');
    repo.git('push', '-q', '--no-verify', 'fork', 'theirs');
    repo.git('fetch', '-q', 'fork');
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--ff-only', 'theirs');
    const tip = repo.git('rev-parse', 'HEAD');
    const r = cli(repo, ['pre-push', remote.dir, remote.dir], {
      input: `refs/heads/main ${tip} refs/heads/feat ${'0'.repeat(40)}\n`,
    });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`unsigned +${theirs.slice(0, 12)}`));
  });

  it('lets a deletion through', () => {
    const { repo, remote } = pushing();
    repo.git('checkout', '-q', '-b', 'feature');
    signed(repo, 'feature work');
    assert.equal(gitRun(repo, ['push', 'origin', 'feature']).code, 0);
    // Even with an unsigned commit on the local branch: a deletion pushes nothing.
    unsigned(repo, 'local only');
    const r = gitRun(repo, ['push', 'origin', '--delete', 'feature']);
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /skipped, a deletion/);
    assert.equal(refOid(remote, 'feature'), undefined);
  });

  it('verifies a force push against the remote tip it replaces', () => {
    const { repo, remote } = pushing();
    const first = signed(repo, 'will be rewritten');
    assert.equal(gitRun(repo, ['push', 'origin', 'main']).code, 0);
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    unsigned(repo, 'unsigned rewrite');
    const blocked = gitRun(repo, ['push', '--force', 'origin', 'main']);
    assert.notEqual(blocked.code, 0);
    assert.equal(refOid(remote, 'main'), first);

    repo.git('reset', '-q', '--hard', 'HEAD~1');
    const rewrite = signed(repo, 'signed rewrite');
    const ok = gitRun(repo, ['push', '--force', 'origin', 'main']);
    assert.equal(ok.code, 0, ok.output);
    assert.equal(refOid(remote, 'main'), rewrite);
  });

  it('handles a force push over commits this repository does not have: new-branch semantics, with a warning', () => {
    const { repo, remote } = pushing();
    // Someone else pushes a commit this clone never fetches.
    const other = new TestRepo({ dir: tempDir('smtpfp-other-'), env: repo.env });
    other.git('config', 'commit.gpgsign', 'true');
    other.git('config', 'user.signingkey', world.alice.fingerprint);
    other.git('pull', '-q', remote.dir, 'main');
    other.git('commit', '-q', '--no-verify', '--allow-empty', '-m', 'theirs');
    other.git('push', '-q', '--no-verify', remote.dir, 'HEAD:main');
    const theirs = refOid(remote, 'main')!;

    const mine = unsigned(repo, 'mine, unsigned');
    const blocked = gitRun(repo, ['push', '--force', 'origin', 'main']);
    assert.notEqual(blocked.code, 0);
    assert.match(blocked.output, /which this repository does not have/);
    assert.match(blocked.output, new RegExp(`unsigned +${mine.slice(0, 12)}`));
    assert.equal(refOid(remote, 'main'), theirs);

    repo.git('reset', '-q', '--hard', 'HEAD~1');
    const mineSigned = signed(repo, 'mine, signed');
    const ok = gitRun(repo, ['push', '--force', 'origin', 'main']);
    assert.equal(ok.code, 0, ok.output);
    assert.match(ok.output, /which this repository does not have/);
    assert.equal(refOid(remote, 'main'), mineSigned);
  });

  it('verifies a pushed signed tag as a tag, and peels tags for the range', () => {
    const { repo, remote } = pushing();
    repo.git('tag', '-s', '-u', world.alice.fingerprint, '-m', 'release 1', 'v1');
    const ok = gitRun(repo, ['push', 'origin', 'v1']);
    assert.equal(ok.code, 0, ok.output);
    assert.match(ok.output, /good +tag /);
    assert.ok(refOid(remote, 'refs/tags/v1'));

    repo.git('tag', '-s', '-u', world.mallory.fingerprint, '-m', 'release 2', 'v2');
    const blocked = gitRun(repo, ['push', 'origin', 'v2']);
    assert.notEqual(blocked.code, 0);
    assert.match(blocked.output, /not-allowed +tag /);
    assert.equal(refOid(remote, 'refs/tags/v2'), undefined);

    // An unsigned annotated tag of a pushed commit passes; with --tags every pushed tag must be good.
    repo.git('tag', '-a', '-m', 'plain', 'plain');
    const plain = repo.git('rev-parse', 'refs/tags/plain');
    const input = `refs/tags/plain ${plain} refs/tags/plain ${'0'.repeat(40)}\n`;
    assert.equal(cli(repo, ['pre-push', 'origin'], { input }).code, 0);
    const strict = cli(repo, ['pre-push', 'origin', '--tags'], { input });
    assert.equal(strict.code, 1, strict.stdout + strict.stderr);
    assert.match(strict.stdout, /unsigned +tag /);

    // An unsigned annotated tag on a new unsigned commit: the commit is what blocks.
    unsigned(repo, 'unsigned, tagged');
    repo.git('tag', '-a', '-m', 'release 3', 'v3');
    const peeled = gitRun(repo, ['push', 'origin', 'v3']);
    assert.notEqual(peeled.code, 0);
    assert.match(peeled.output, /unsigned +[0-9a-f]{12} unsigned, tagged/);
  });
});

function spawnCatFile(repo: TestRepo, oid: string): boolean {
  try {
    execFileSync('git', ['cat-file', '-e', oid], { cwd: repo.dir, env: repo.env, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('smtpfp pre-push: its input', () => {
  it('uses PRE_COMMIT_FROM_REF / PRE_COMMIT_TO_REF when stdin is empty (the pre-commit framework)', () => {
    const { repo } = pushing();
    const base = repo.git('rev-parse', 'origin/main');
    const good = signed(repo, 'signed');
    const env = { PRE_COMMIT_REMOTE_NAME: 'origin', PRE_COMMIT_REMOTE_BRANCH: 'refs/heads/main' };
    let r = cli(repo, ['pre-push'], { env: { ...env, PRE_COMMIT_FROM_REF: base, PRE_COMMIT_TO_REF: good } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /1 commit, all signed/);
    const bad = unsigned(repo, 'unsigned');
    r = cli(repo, ['pre-push'], { env: { ...env, PRE_COMMIT_FROM_REF: base, PRE_COMMIT_TO_REF: bad } });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`unsigned +${bad.slice(0, 12)}`));
    // Only the local branch (the framework's way of saying "shares nothing with the remote").
    r = cli(repo, ['pre-push'], { env: { ...env, PRE_COMMIT_LOCAL_BRANCH: 'refs/heads/main' } });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /new branch/);
    // Neither lines nor variables: nothing to verify.
    r = cli(repo, ['pre-push']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /no pushed refs to verify/);
  });

  it('understands SHA-256 repositories (64-digit ids, 64 zeros)', () => {
    const dir = tempDir('smtpfp-sha256-');
    execFileSync('git', ['init', '-q', '-b', 'main', '--object-format=sha256', dir]);
    const repo = publisher(world, { dir });
    const tip = repo.git('rev-parse', 'HEAD');
    assert.equal(tip.length, 64);
    const zero = '0'.repeat(64);
    let r = cli(repo, ['pre-push', 'origin', 'url'], {
      input: `refs/heads/main ${tip} refs/heads/main ${zero}\n`,
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /1 commit, all signed/);
    const bad = unsigned(repo, 'unsigned');
    r = cli(repo, ['pre-push', 'origin', 'url'], {
      input: `refs/heads/main ${bad} refs/heads/main ${tip}\n(delete) ${zero} refs/heads/old ${tip}\n`,
    });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /skipped, a deletion/);
    assert.match(r.stdout, new RegExp(`unsigned +${bad.slice(0, 12)}`));
  });

  it('refuses malformed input with exit 2, never passing it', () => {
    const repo = publisher(world);
    const tip = repo.git('rev-parse', 'HEAD');
    for (const input of [
      `refs/heads/main ${tip} refs/heads/main\n`,
      `refs/heads/main ${tip.slice(0, 20)} refs/heads/main ${'0'.repeat(40)}\n`,
    ]) {
      const r = cli(repo, ['pre-push'], { input });
      assert.equal(r.code, 2, input);
      assert.match(r.stderr, /expected '<local ref> <local oid> <remote ref> <remote oid>'/);
    }
    const missing = cli(repo, ['pre-push'], {
      input: `refs/heads/main ${'a'.repeat(40)} refs/heads/main ${'0'.repeat(40)}\n`,
    });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /is not in this repository/);
  });

  it('needs no policy for a ref that brings no new commit, and fails closed when commits need one', () => {
    const { repo } = pushing();
    repo.git('rm', '-q', '.smtpfp.yml');
    repo.git('commit', '-q', '--no-verify', '-m', 'drop the policy');
    repo.git('push', '-q', '--no-verify', 'origin', 'main');
    const tip = repo.git('rev-parse', 'HEAD');
    const zero = '0'.repeat(40);
    const copy = cli(repo, ['pre-push', 'origin'], {
      input: `refs/heads/main ${tip} refs/heads/copy ${zero}\n`,
    });
    assert.equal(copy.code, 0, copy.stdout + copy.stderr);
    assert.match(copy.stdout, /no commits to verify/);
    const next = signed(repo, 'after the policy is gone');
    const r = cli(repo, ['pre-push', 'origin'], {
      input: `refs/heads/main ${next} refs/heads/main ${tip}\n`,
    });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /no allowed signer/);
  });

  it('takes --fingerprint and --keyring over the policy file', () => {
    const { repo } = pushing();
    const base = repo.git('rev-parse', 'origin/main');
    repo.git('config', 'user.signingkey', world.mallory.fingerprint);
    const tip = signed(repo, 'by mallory');
    const input = `refs/heads/main ${tip} refs/heads/main ${base}\n`;
    assert.equal(cli(repo, ['pre-push'], { input }).code, 1);
    const keyring = `${tempDir('smtpfp-keys-')}/mallory.asc`;
    execFileSync('gpg', ['--batch', '--armor', '--output', keyring, '--export', world.mallory.fingerprint], {
      env: { ...process.env, GNUPGHOME: world.home.dir },
    });
    const r = cli(
      repo,
      ['pre-push', '--fingerprint', world.mallory.fingerprint, '--keyring', keyring, '--format', 'json'],
      {
        input,
      },
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.summary, { total: 1, good: 1, bad: 0 });
    assert.equal(report.refs[0].range, `${base}..${tip}`);
  });
});
