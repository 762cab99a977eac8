import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parsePolicy } from '../../src/format/policy.ts';
import { TestRepo } from '../helpers/repo.ts';
import { GOOD_CERT, serviceYaml } from '../publisher/fixtures.ts';
import { cli, createWorld, gitRun, signatureMark, type World } from './world.ts';

let world: World;
before(async () => {
  world = await createWorld();
});
after(async () => {
  await world.close();
});

/** A publisher repository with no policy yet, set up to sign with `key` (or with no key). */
function newPublisher(key?: string): TestRepo {
  const repo = new TestRepo({ env: world.extraEnv });
  repo.git('config', 'commit.gpgsign', 'true');
  if (key) repo.git('config', 'user.signingkey', key);
  repo.write('smtp.yml', serviceYaml()).write('certs/mail.pem', GOOD_CERT.pem);
  return repo;
}

describe('smtpfp init: starting the policy', () => {
  it('writes .smtpfp.yml naming the signing key and exports that key into keys/; the result verifies', async () => {
    const repo = newPublisher(world.alice.fingerprint.slice(-16));
    const r = cli(repo, ['init']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const keyFile = `keys/${world.alice.fingerprint}.asc`;
    assert.match(
      r.stdout,
      new RegExp(
        `\\.smtpfp\\.yml: created, allowing ${world.alice.fingerprint} \\(Alice <alice@example\\.org>\\) to sign; its public key exported to ${keyFile}`,
      ),
    );
    assert.match(r.stdout, /pre-commit: installed/);
    const parsed = parsePolicy('.smtpfp.yml', readFileSync(join(repo.dir, '.smtpfp.yml')));
    assert.ok('policy' in parsed, JSON.stringify(parsed));
    assert.deepEqual(parsed.policy, { signers: [world.alice.fingerprint], keyring: 'keys/' });
    assert.deepEqual(readdirSync(join(repo.dir, 'keys')), [`${world.alice.fingerprint}.asc`]);
    assert.match(readFileSync(join(repo.dir, keyFile), 'utf8'), /^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    assert.ok(!readFileSync(join(repo.dir, keyFile), 'utf8').includes('PRIVATE'));

    // Commit as the printed line says, through the installed pre-commit hook; then the project's own
    // verification accepts the commit with the exported key alone.
    const next = /^next: (.*)$/m.exec(r.stdout)?.[1];
    assert.ok(next, r.stdout);
    repo.git('add', 'smtp.yml', 'certs/mail.pem');
    const commit = gitRun(repo, ['commit', '-q', '-m', 'first']);
    assert.equal(commit.code, 0, commit.output);
    const commit2 = gitRun(repo, ['add', '--', '.smtpfp.yml', keyFile]);
    assert.equal(commit2.code, 0, commit2.output);
    const c = gitRun(repo, ['commit', '-S', '-m', 'smtpfp policy: allowed signers']);
    assert.equal(c.code, 0, c.output);
    assert.equal(signatureMark(repo), 'G');
    const v = cli(repo, ['verify-commits', '--all', '--format', 'json']);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    const report = JSON.parse(v.stdout);
    assert.equal(report.summary.good, 2);

    // Running init again keeps the policy as it is.
    const before = readFileSync(join(repo.dir, '.smtpfp.yml'), 'utf8');
    const again = cli(repo, ['init', '--format', 'json']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(JSON.parse(again.stdout).policy, { action: 'exists' });
    assert.equal(readFileSync(join(repo.dir, '.smtpfp.yml'), 'utf8'), before);
  });

  it('without user.signingkey: hooks installed, no policy, a note that says how', () => {
    const repo = newPublisher();
    const r = cli(repo, ['init']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /note: no \.smtpfp\.yml created: git config user\.signingkey is not set/);
    assert.ok(!existsSync(join(repo.dir, '.smtpfp.yml')));
    assert.ok(!existsSync(join(repo.dir, 'keys')));
    assert.ok(existsSync(join(repo.dir, '.git/hooks/pre-commit')));
  });

  it('a signing key gpg does not know, or one without its secret part: exit 2 and nothing written', async () => {
    for (const spec of ['0000000000000000000000000000000000000000', 'nobody@example.org']) {
      const repo = newPublisher(spec);
      const r = cli(repo, ['init']);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /cannot start \.smtpfp\.yml: user\.signingkey '.*' names no key gpg knows/);
      assert.ok(!existsSync(join(repo.dir, '.smtpfp.yml')));
      assert.ok(!existsSync(join(repo.dir, 'keys')));
      assert.ok(!existsSync(join(repo.dir, '.git/hooks/pre-commit')), 'no hook either');
    }
  });
});
