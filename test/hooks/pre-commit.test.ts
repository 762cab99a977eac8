import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BIN } from '../helpers/cli.ts';
import { generateKey } from '../helpers/gpg.ts';
import { TestRepo } from '../helpers/repo.ts';
import { tempDir } from '../helpers/tmp.ts';
import { GOOD_CERT, serviceYaml } from '../publisher/fixtures.ts';
import { cli, createWorld, gitRun, policyYaml, publisher, signatureMark, type World } from './world.ts';

let world: World;
before(async () => {
  world = await createWorld();
});
after(async () => {
  await world.close();
});

/** A publisher repository with the hooks installed by `smtpfp init`. */
function hooked(): TestRepo {
  const repo = publisher(world);
  const init = cli(repo, ['init']);
  assert.equal(init.code, 0, init.stdout + init.stderr);
  return repo;
}

describe('pre-commit hook in a real git commit', () => {
  it('blocks a commit of an invalid service file and lets a valid, signed one through', () => {
    const repo = hooked();
    const before = repo.git('rev-parse', 'HEAD');
    repo.write('smtp.yml', serviceYaml({ domain: 'BAD.example' })).add('smtp.yml');
    const blocked = gitRun(repo, ['commit', '-m', 'bad domain']);
    assert.notEqual(blocked.code, 0);
    assert.match(blocked.output, /smtp\.yml:5:\d+: error: .*\[schema\]/);
    assert.equal(repo.git('rev-parse', 'HEAD'), before, 'nothing was committed');

    repo.write('smtp.yml', serviceYaml({ domain: 'mail.example.org' })).add('smtp.yml');
    const ok = gitRun(repo, ['commit', '-m', 'good domain']);
    assert.equal(ok.code, 0, ok.output);
    assert.notEqual(repo.git('rev-parse', 'HEAD'), before);
    assert.equal(signatureMark(repo), 'G', 'the commit is signed by a key gpg trusts');
    assert.match(ok.output, /signing set-up: commits will be signed by [0-9A-F]{40} \(Alice/);
  });

  it('checks what `git commit -a` records (a temporary index), not the last `git add`', () => {
    const repo = hooked();
    const before = repo.git('rev-parse', 'HEAD');
    repo.write('certs/mail.pem', 'not a certificate\n'); // modified, not staged
    const blocked = gitRun(repo, ['commit', '-a', '-m', 'broken cert']);
    assert.notEqual(blocked.code, 0);
    assert.match(blocked.output, /\[cert-parse\]/);
    assert.equal(repo.git('rev-parse', 'HEAD'), before);
    // The same change left out of the commit does not block it.
    repo.write('README', 'hello\n').add('README');
    const ok = gitRun(repo, ['commit', '-m', 'readme only']);
    assert.equal(ok.code, 0, ok.output);
  });

  it('blocks a commit that would not be signed, naming the fix', () => {
    const repo = hooked();
    const before = repo.git('rev-parse', 'HEAD');
    repo.git('config', '--unset', 'commit.gpgsign');
    repo.write('README', 'x\n').add('README');
    const blocked = gitRun(repo, ['commit', '-m', 'unsigned']);
    assert.notEqual(blocked.code, 0);
    assert.match(blocked.output, /commit\.gpgsign is not set/);
    assert.match(blocked.output, /fix: git config commit\.gpgsign true$/m);
    assert.equal(repo.git('rev-parse', 'HEAD'), before);

    repo.git('config', 'commit.gpgsign', 'false');
    const stillBlocked = gitRun(repo, ['commit', '-m', 'unsigned']);
    assert.notEqual(stillBlocked.code, 0);
    assert.match(stillBlocked.output, /commit\.gpgsign is 'false'/);
  });

  it('blocks a signing key that is not an allowed signer and proposes an allowed one', () => {
    const repo = hooked();
    const before = repo.git('rev-parse', 'HEAD');
    repo.git('config', 'user.signingkey', world.mallory.fingerprint);
    repo.write('README', 'x\n').add('README');
    const blocked = gitRun(repo, ['commit', '-m', 'by mallory']);
    assert.notEqual(blocked.code, 0);
    assert.match(
      blocked.output,
      new RegExp(`${world.mallory.fingerprint} \\(Mallory.*is not an allowed signer`),
    );
    assert.match(
      blocked.output,
      new RegExp(`fix: git config user\\.signingkey ${world.alice.fingerprint}$`, 'm'),
    );
    assert.equal(repo.git('rev-parse', 'HEAD'), before);
  });

  it('blocks gpg.format=ssh with the command that unsets it', () => {
    const repo = hooked();
    const before = repo.git('rev-parse', 'HEAD');
    repo.git('config', 'gpg.format', 'ssh');
    repo.write('README', 'x\n').add('README');
    const blocked = gitRun(repo, ['commit', '-m', 'ssh']);
    assert.notEqual(blocked.code, 0);
    assert.match(blocked.output, /gpg\.format is 'ssh'/);
    assert.match(blocked.output, /fix: git config --unset gpg\.format$/m);
    assert.equal(repo.git('rev-parse', 'HEAD'), before);
  });
});

describe('smtpfp pre-commit: the signing set-up', () => {
  it('reads the allowed signers from HEAD, so a staged policy cannot allow its own signer', () => {
    const repo = publisher(world);
    repo.git('config', 'user.signingkey', world.mallory.fingerprint);
    repo
      .write('.smtpfp.yml', policyYaml([world.alice.fingerprint, world.mallory.fingerprint]))
      .add('.smtpfp.yml');
    const r = cli(repo, ['pre-commit']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /is not an allowed signer \(allowed signers in \.smtpfp\.yml in HEAD/);
  });

  it('resolves a subkey fingerprint, a key id and an e-mail to the primary key', async () => {
    const carol = await generateKey(world.home, { uid: 'Carol <carol@example.org>', signingSubkey: true });
    const repo = publisher(world, { signers: [world.alice.fingerprint, carol.fingerprint] });
    for (const spec of [
      carol.subkeyFingerprints[0]!,
      `${carol.signingFingerprint}!`,
      carol.fingerprint.slice(-16),
      'carol@example.org',
    ]) {
      repo.git('config', 'user.signingkey', spec);
      const r = cli(repo, ['pre-commit', '--format', 'json']);
      assert.equal(r.code, 0, `${spec}: ${r.stdout}${r.stderr}`);
      const report = JSON.parse(r.stdout);
      assert.equal(report.signing.signer.fingerprint, carol.fingerprint, spec);
      assert.equal(report.signing.signer.allowed, true);
    }
  });

  it('asks for user.signingkey when unset, proposing the allowed key gpg can sign with', () => {
    const repo = publisher(world);
    repo.git('config', '--unset', 'user.signingkey');
    const r = cli(repo, ['pre-commit']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /user\.signingkey is not set/);
    assert.match(r.stdout, new RegExp(`fix: git config user\\.signingkey ${world.alice.fingerprint}$`, 'm'));
  });

  it('reports a key gpg does not know and a gpg program that is not there', () => {
    const repo = publisher(world);
    repo.git('config', 'user.signingkey', 'nobody@example.net');
    let r = cli(repo, ['pre-commit']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /user\.signingkey 'nobody@example\.net' names no key that gpg knows/);

    repo.git('config', 'user.signingkey', world.alice.fingerprint);
    repo.git('config', 'gpg.program', '/nonexistent/gpg');
    r = cli(repo, ['pre-commit']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /'\/nonexistent\/gpg' is not installed or not on PATH/);
    assert.match(r.stdout, /fix: git config gpg\.program <path to gpg>/);
    // gpg.openpgp.program, read after gpg.program, is the one git uses.
    repo.git('config', 'gpg.openpgp.program', 'gpg');
    r = cli(repo, ['pre-commit']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('reads the policy from the index before the first commit, and says so', () => {
    const repo = new TestRepo({ dir: tempDir('smtpfp-first-'), env: world.extraEnv });
    repo.git('config', 'commit.gpgsign', 'true');
    repo.git('config', 'user.signingkey', world.mallory.fingerprint);
    repo
      .write('.smtpfp.yml', policyYaml([world.alice.fingerprint]))
      .write('smtp.yml', serviceYaml())
      .write('certs/mail.pem', GOOD_CERT.pem)
      .add();
    let r = cli(repo, ['pre-commit']);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /note: no commit yet: the allowed signers are read from \.smtpfp\.yml in the index/,
    );
    assert.match(r.stdout, /is not an allowed signer/);
    repo.git('config', 'user.signingkey', world.alice.fingerprint);
    r = cli(repo, ['pre-commit']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('prints one JSON document holding the findings and the signing problems', () => {
    const repo = publisher(world);
    repo.git('config', 'gpg.format', 'x509');
    repo.git('config', 'commit.gpgsign', 'no');
    repo.write('smtp.yml', serviceYaml({ cert: 'certs/nope.pem' })).add('smtp.yml');
    const r = cli(repo, ['pre-commit', '--format', 'json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(
      report.findings
        .filter((f: { severity: string }) => f.severity === 'error')
        .map((f: { rule: string }) => f.rule),
      ['cert-missing'],
    );
    assert.deepEqual(
      report.signing.problems.map((p: { setting: string; fix: string }) => [p.setting, p.fix]),
      [
        ['commit.gpgsign', 'git config commit.gpgsign true'],
        ['gpg.format', 'git config --unset gpg.format'],
      ],
    );
  });

  it('keeps the OpenPGP engine out of the modules pre-commit loads (its time budget)', () => {
    // Walk the built bundle from the bin: static imports, then the chunk the registry loads for pre-commit.
    const chunkGraph = (file: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(file)) return seen;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^(?:import|} from) ?.*?"(\.\/[^"]+\.js)";$/gm)) {
        chunkGraph(join(dirname(file), m[1]!), seen);
      }
      return seen;
    };
    const base = chunkGraph(BIN);
    const registry = [...base].map((f) => readFileSync(f, 'utf8')).join('\n');
    const lazy = /import\("(\.\/[^"]*pre-commit-[^"]+\.js)"\)/.exec(registry)?.[1];
    assert.ok(lazy, 'the registry loads pre-commit lazily');
    const loaded = chunkGraph(join(dirname(BIN), 'chunks', lazy!.replace(/^\.\//, '')), new Set(base));
    for (const f of loaded) {
      assert.ok(!readFileSync(f, 'utf8').includes('OpenPGP.js'), `${f} holds openpgp`);
    }
    const verifyLazy = /import\("(\.\/[^"]*verify-commits-[^"]+\.js)"\)/.exec(registry)?.[1];
    const verifyLoaded = chunkGraph(join(dirname(BIN), 'chunks', verifyLazy!.replace(/^\.\//, '')));
    assert.ok(
      [...verifyLoaded].some((f) => readFileSync(f, 'utf8').includes('OpenPGP.js')),
      'the marker does find openpgp where it is loaded',
    );
  });
});
