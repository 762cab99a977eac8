import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listCommitGraph } from '../../src/git/commits.ts';
import { Keyring } from '../../src/signing/keyring.ts';
import { authorizeChain, type ChainOutcome, SignerHistory, signerSetOf } from '../../src/trust/rotation.ts';
import {
  createGnupgHome,
  createRepo,
  exportKeys,
  type GeneratedKey,
  type GnupgHome,
  generateKey,
  type TestRepo,
} from '../helpers/gpg.ts';
import { policyYaml, revokedCopy } from '../helpers/rotation.ts';

let home: GnupgHome;
let oldKey: GeneratedKey;
let newKey: GeneratedKey;
let stranger: GeneratedKey;
const armor: Record<string, string> = {};

before(async () => {
  home = await createGnupgHome();
  oldKey = await generateKey(home, { uid: 'Old <old@example.org>' });
  newKey = await generateKey(home, { uid: 'New <new@example.org>' });
  stranger = await generateKey(home, { uid: 'Stranger <stranger@example.org>' });
  for (const k of [oldKey, newKey, stranger]) {
    armor[k.fingerprint] = Buffer.from(await exportKeys(home, [k.fingerprint], { armor: true })).toString();
  }
});
after(() => home.close());

/** A repository whose first commit names `oldKey` as its signer. */
async function started(): Promise<{ repo: TestRepo; base: string }> {
  const repo = await createRepo(home);
  const base = await repo.commit({
    signWith: oldKey.fingerprint,
    files: { '.smtpfp.yml': policyYaml([oldKey.fingerprint]), 'keys/old.asc': armor[oldKey.fingerprint]! },
  });
  return { repo, base };
}

/** The rotation as a publisher does it: the old key signs the change, the new key what follows. */
async function rotate(repo: TestRepo): Promise<string> {
  return repo.commit({
    signWith: oldKey.fingerprint,
    message: 'rotate to the new key\n',
    files: { '.smtpfp.yml': policyYaml([newKey.fingerprint]), 'keys/new.asc': armor[newKey.fingerprint]! },
  });
}

async function judge(
  repo: TestRepo,
  base: string,
  tip: string,
  opts: { anchors?: string[]; configured?: string[] } = {},
): Promise<ChainOutcome> {
  const commits = await listCommitGraph(repo.dir, { kind: 'between', base, tip });
  return authorizeChain({
    history: new SignerHistory(repo.dir, opts.configured ?? [oldKey.fingerprint]),
    commits,
    anchors: opts.anchors ?? [base],
    keyring: Keyring.empty(),
    repositoryKeys: true,
    roots: 'configured',
  });
}

const statuses = (o: ChainOutcome) => Object.fromEntries(o.verdicts.map((v) => [v.oid, v.status]));

describe('the signer set in force', () => {
  it('is the policy when it lists signers, else the configured signers', () => {
    const configured = ['B'.repeat(40)];
    assert.deepEqual(signerSetOf({ signers: ['A'.repeat(40)] }, configured), {
      signers: ['A'.repeat(40)],
      fromPolicy: true,
      keyring: null,
    });
    assert.deepEqual(signerSetOf(undefined, configured).signers, configured);
    assert.equal(signerSetOf({ signers: [] }, configured).fromPolicy, false);
    // A keyring path git would read outside the repository is never used.
    assert.equal(signerSetOf({ signers: [], keyring: '../elsewhere' }, configured).keyring, null);
    assert.equal(signerSetOf({ signers: [], keyring: 'keys/' }, configured).keyring, 'keys');
  });

  it('falls back to the configured signers when the policy does not parse', async () => {
    const { repo } = await started();
    const broken = await repo.commit({
      signWith: oldKey.fingerprint,
      files: { '.smtpfp.yml': 'signers: [' },
    });
    const set = await new SignerHistory(repo.dir, [stranger.fingerprint]).signersAt(broken);
    assert.deepEqual(set, { signers: [stranger.fingerprint], fromPolicy: false, keyring: null });
    await repo.close();
  });
});

describe('a chain of commits', () => {
  it('follows a rotation: the old key signs the change, the new key signs what follows', async () => {
    const { repo, base } = await started();
    const r = await rotate(repo);
    const s1 = await repo.commit({ signWith: newKey.fingerprint, files: { 'smtp.yml': 'x' } });
    const s2 = await repo.commit({ signWith: newKey.fingerprint });
    const out = await judge(repo, base, s2);
    assert.equal(out.authorized, true, JSON.stringify(out.verdicts, null, 1));
    assert.deepEqual(statuses(out), { [r]: 'good', [s1]: 'good', [s2]: 'good' });
    assert.deepEqual(out.changes, [
      { commit: r, signer: oldKey.fingerprint, from: [oldKey.fingerprint], to: [newKey.fingerprint] },
    ]);
    assert.equal(out.verdicts.find((v) => v.oid === s1)?.authorizedBy, r);
    await repo.close();
  });

  it('refuses a commit that adds its own signer (self-authorization)', async () => {
    const { repo, base } = await started();
    const forged = await repo.commit({
      signWith: newKey.fingerprint,
      files: { '.smtpfp.yml': policyYaml([newKey.fingerprint]), 'keys/new.asc': armor[newKey.fingerprint]! },
    });
    const after = await repo.commit({ signWith: newKey.fingerprint });
    const out = await judge(repo, base, after);
    assert.equal(out.authorized, false);
    assert.equal(statuses(out)[forged], 'not-allowed');
    assert.match(out.verdicts.find((v) => v.oid === forged)!.message, new RegExp(oldKey.fingerprint));
    // What follows it is judged by the forged policy, but the chain as a whole is refused.
    assert.equal(statuses(out)[after], 'good');
    assert.deepEqual(out.changes, []);
    await repo.close();
  });

  it('is broken by an unsigned commit', async () => {
    const { repo, base } = await started();
    await rotate(repo);
    const unsigned = await repo.commit({ signWith: null });
    const tip = await repo.commit({ signWith: newKey.fingerprint });
    const out = await judge(repo, base, tip);
    assert.equal(out.authorized, false);
    assert.equal(statuses(out)[unsigned], 'unsigned');
    await repo.close();
  });

  it('is broken by a key not yet in force (the new key signs before the rotation)', async () => {
    const { repo, base } = await started();
    const early = await repo.commit({
      signWith: newKey.fingerprint,
      files: { 'keys/new.asc': armor[newKey.fingerprint]! },
    });
    const r = await rotate(repo);
    const out = await judge(repo, base, r);
    assert.equal(out.authorized, false);
    assert.equal(statuses(out)[early], 'not-allowed');
    assert.equal(statuses(out)[r], 'good');
    await repo.close();
  });

  it('judges a merge against each parent: authorized when one parent has its signer in force', async () => {
    const { repo, base } = await started();
    await repo.git(['branch', 'side']);
    const r = await rotate(repo);
    await repo.git(['checkout', '-q', 'side']);
    const side = await repo.commit({ signWith: oldKey.fingerprint, files: { 'side.txt': 'side' } });
    await repo.git(['checkout', '-q', 'main']);
    // Signed by the new key: in force at the rotated parent only.
    const merged = await repo.merge('side', { signWith: newKey.fingerprint });
    const out = await judge(repo, base, merged);
    assert.equal(out.authorized, true, JSON.stringify(out.verdicts, null, 1));
    assert.equal(out.verdicts.find((v) => v.oid === merged)?.authorizedBy, r);
    assert.equal(statuses(out)[side], 'good');

    // Signed by a key in force at neither parent: refused, naming both parents' signers.
    await repo.git(['reset', '-q', '--hard', r]);
    const bad = await repo.merge('side', { signWith: stranger.fingerprint });
    const refused = await judge(repo, base, bad);
    assert.equal(refused.authorized, false);
    const message = refused.verdicts.find((v) => v.oid === bad)!.message;
    assert.match(message, new RegExp(`${newKey.fingerprint} at ${r.slice(0, 12)}`));
    assert.match(message, new RegExp(`${oldKey.fingerprint} at ${side.slice(0, 12)}`));
    await repo.close();
  });

  it('refuses a revoked retired key that comes back through a merge with old history', async () => {
    const { repo, base } = await started();
    await rotate(repo);
    // The publisher revokes the old key (compromised) in a commit signed by the new key.
    const revoked = await repo.commit({
      signWith: newKey.fingerprint,
      files: { 'keys/old.asc': await revokedCopy(home, oldKey.fingerprint, 2) },
    });
    // Whoever holds the old key merges the latest history with the first commit, where the old key
    // was in force, and drops the revocation from the merged tree.
    await repo.git(['checkout', '-q', revoked]);
    await repo.commit({ files: { 'keys/old.asc': armor[oldKey.fingerprint]! }, signWith: null });
    const tree = (await repo.git(['rev-parse', 'HEAD^{tree}'])).stdout.toString().trim();
    const forged = (
      await repo.git(
        [
          '-c',
          `gpg.program=${home.program}`,
          'commit-tree',
          `-S${oldKey.fingerprint}`,
          '-p',
          revoked,
          '-p',
          base,
          '-m',
          'forged',
          tree,
        ],
        { env: home.env },
      )
    ).stdout
      .toString()
      .trim();
    const out = await judge(repo, revoked, forged, { anchors: [revoked] });
    assert.equal(out.authorized, false);
    assert.equal(statuses(out)[forged], 'revoked-key');
    // Without the revocation at the trusted anchor, the merge would pass: the anchor's keys count.
    const blind = await judge(repo, revoked, forged, { anchors: [] });
    assert.equal(statuses(blind)[forged], 'good');
    await repo.close();
  });
});
