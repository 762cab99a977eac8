import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IndexTree } from '../../src/git/tree.ts';
import { SmtpfpError } from '../../src/model/errors.ts';
import { TrustError } from '../../src/trust/errors.ts';
import { loadTrust, type TrustHints } from '../../src/trust/load.ts';
import { newBranchPolicyCommit } from '../../src/trust/new-branch.ts';
import { readPolicy } from '../../src/trust/policy.ts';
import { verifyRange } from '../../src/trust/verify.ts';
import {
  createGnupgHome,
  createRepo,
  exportKeys,
  type GeneratedKey,
  type GnupgHome,
  generateKey,
  type TestRepo,
} from '../helpers/gpg.ts';
import { tempDir } from '../helpers/tmp.ts';

let home: GnupgHome;
let alice: GeneratedKey;
let mallory: GeneratedKey;
let aliceArmored: string;
let malloryArmored: string;

before(async () => {
  home = await createGnupgHome();
  alice = await generateKey(home, { uid: 'Alice <alice@example.org>' });
  mallory = await generateKey(home, { uid: 'Mallory <mallory@example.org>' });
  aliceArmored = Buffer.from(await exportKeys(home, [alice.fingerprint], { armor: true })).toString('utf8');
  malloryArmored = Buffer.from(await exportKeys(home, [mallory.fingerprint], { armor: true })).toString(
    'utf8',
  );
});
after(async () => home.close());

const policy = (fpr: string) => `version: 1\nsigners:\n  - ${fpr}\nkeyring: keys/\n`;
const HINTS: TrustHints = {
  fingerprint: '--fingerprint',
  signers: '--fingerprint FPR',
  keys: '--keyring PATH',
};
const none = { fingerprints: [], keyrings: [] };

/** A base commit that trusts alice, then a tip (signed by mallory) that trusts mallory instead. */
async function takeover(): Promise<{ repo: TestRepo; base: string; tip: string }> {
  const repo = await createRepo(home);
  const base = await repo.commit({
    signWith: alice.fingerprint,
    files: { '.smtpfp.yml': policy(alice.fingerprint), 'keys/alice.asc': aliceArmored },
  });
  const tip = await repo.commit({
    signWith: mallory.fingerprint,
    files: { '.smtpfp.yml': policy(mallory.fingerprint), 'keys/alice.asc': malloryArmored },
  });
  return { repo, base, tip };
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

describe('trust/load', () => {
  it('reads signers and keys at the trusted commit, never at the tip under test', async () => {
    const { repo, base, tip } = await takeover();
    const loaded = await loadTrust({ repo: repo.dir, trusted: base, tip, sources: none });
    assert.deepEqual([...loaded.trust.allowed], [alice.fingerprint]);
    assert.deepEqual(loaded.trust.keyring.primaryFingerprints(), [alice.fingerprint]);
    assert.deepEqual(loaded.warnings, []);
    const verdicts = await verifyRange(repo.dir, { kind: 'between', base, tip }, loaded.trust, {
      tags: false,
    });
    assert.deepEqual(
      verdicts.map((v) => v.status),
      ['unknown-key'],
    );
  });

  it('with no trusted commit, the tip is read and a warning says so', async () => {
    const { repo, tip } = await takeover();
    const loaded = await loadTrust({ repo: repo.dir, trusted: null, tip, sources: none });
    assert.deepEqual([...loaded.trust.allowed], [mallory.fingerprint]);
    assert.ok(
      loaded.warnings.some((w) => /no trusted base commit/.test(w)),
      loaded.warnings.join('\n'),
    );
  });

  it('a keyring inside the repository is read in the trusted tree; an empty one is a typed error', async () => {
    const { repo, base, tip } = await takeover();
    const loaded = await loadTrust({
      repo: repo.dir,
      trusted: base,
      tip,
      sources: { fingerprints: [alice.fingerprint], keyrings: [], treeKeyrings: ['keys'] },
    });
    assert.deepEqual(loaded.trust.keyring.primaryFingerprints(), [alice.fingerprint]);
    const e = await caught(
      loadTrust({
        repo: repo.dir,
        trusted: base,
        tip,
        sources: { fingerprints: [alice.fingerprint], keyrings: [], treeKeyrings: ['nothing-here'] },
      }),
    );
    assert.ok(e instanceof TrustError);
    assert.equal(e.code, 'KEYRING_UNUSABLE');
    assert.equal(e.exitStatus, 2);
  });

  it('no signer anywhere: NO_SIGNERS, naming the caller hint only when one is given', async () => {
    const repo = await createRepo(home);
    const tip = await repo.commit({ files: { README: 'no policy\n' } });
    const bare = await caught(loadTrust({ repo: repo.dir, trusted: tip, tip, sources: none }));
    assert.ok(bare instanceof TrustError);
    assert.equal(bare.code, 'NO_SIGNERS');
    assert.doesNotMatch(bare.message, /--/);
    const hinted = await caught(
      loadTrust({ repo: repo.dir, trusted: tip, tip, sources: none, hints: HINTS }),
    );
    assert.ok(hinted instanceof SmtpfpError);
    assert.match(hinted.message, /give --fingerprint FPR/);
  });

  it('a malformed fingerprint is BAD_FINGERPRINT (exit 2)', async () => {
    const e = await caught(
      loadTrust({
        repo: tempDir(),
        trusted: null,
        tip: null,
        sources: { fingerprints: ['xyz'], keyrings: [] },
      }),
    );
    assert.ok(e instanceof TrustError);
    assert.equal(e.code, 'BAD_FINGERPRINT');
    assert.equal(e.exitStatus, 2);
  });

  it('explicit fingerprints and a keyring on disk need no commit at all', async () => {
    const file = join(tempDir(), 'alice.asc');
    writeFileSync(file, aliceArmored);
    const loaded = await loadTrust({
      repo: tempDir(),
      trusted: null,
      tip: null,
      sources: { fingerprints: [alice.fingerprint.toLowerCase()], keyrings: [file] },
    });
    assert.deepEqual([...loaded.trust.allowed], [alice.fingerprint]);
  });
});

describe('trust/policy', () => {
  it('reads the policy through any tree: the index, with the 1 MiB cap and no symlink followed', async () => {
    const repo = await createRepo(home);
    await repo.commit({ files: { x: '1' } });
    writeFileSync(join(repo.dir, '.smtpfp.yml'), policy(alice.fingerprint));
    await repo.git(['add', '.smtpfp.yml']);
    let tree = await IndexTree.open(repo.dir);
    const found = await readPolicy(tree);
    tree.close();
    assert.equal(found.kind, 'found');
    assert.deepEqual(found.kind === 'found' ? found.policy.signers : [], [alice.fingerprint]);

    writeFileSync(join(repo.dir, '.smtpfp.yml'), `# ${'x'.repeat(1024 * 1024)}\n`);
    await repo.git(['add', '.smtpfp.yml']);
    tree = await IndexTree.open(repo.dir);
    assert.equal((await readPolicy(tree)).kind, 'too-large');
    tree.close();

    await repo.git(['rm', '-q', '--cached', '.smtpfp.yml']);
    await repo.git([
      'update-index',
      '--add',
      '--cacheinfo',
      `120000,${'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'},.smtpfp.yml`,
    ]);
    tree = await IndexTree.open(repo.dir);
    const link = await readPolicy(tree);
    tree.close();
    assert.equal(link.kind, 'unusable');
  });
});

describe('trust/new-branch', () => {
  it("prefers the merge-base with the remote's default branch over other branches", async () => {
    const repo = await createRepo(home);
    const root = await repo.commit({ files: { a: '1' } });
    const onMain = await repo.commit({ files: { a: '2' } });
    await repo.git(['update-ref', 'refs/remotes/origin/main', onMain]);
    await repo.git(['symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main']);
    await repo.git(['checkout', '-q', '-b', 'feature', onMain]);
    const onOther = await repo.commit({ files: { b: '1' } });
    await repo.git(['update-ref', 'refs/remotes/origin/other', onOther]);
    const tip = await repo.commit({ files: { b: '2' } });
    const trusted = ['refs/remotes/origin/main', 'refs/remotes/origin/other'];
    assert.equal(await newBranchPolicyCommit(repo.dir, tip, trusted), onMain);
    assert.equal(await newBranchPolicyCommit(repo.dir, tip, ['refs/remotes/origin/other']), onOther);
    assert.notEqual(root, onMain);
  });
});
