/**
 * SPEC §3.2 decisions taken from verifying real signed history against git + gpg: one signature
 * packet per signature, `weak-key` for keys too weak to trust, expiry by the newest self-signature,
 * and keyring files read block by block. Keys, signatures and commits are made by the real gpg
 * and git.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { COMMIT_STATUSES } from '../../src/model/verdict.ts';
import { Keyring } from '../../src/signing/keyring.ts';
import { splitCommit } from '../../src/signing/payload.ts';
import { type SignatureCheck, type Trust, verifySignedObject } from '../../src/signing/verify.ts';
import {
  createGnupgHome,
  createRepo,
  exportKeys,
  type GeneratedKey,
  type GnupgHome,
  generateKey,
  setExpire,
  type TestRepo,
} from '../helpers/gpg.ts';

const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

let home: GnupgHome;
let repo: TestRepo;
let alice: GeneratedKey;
let mallory: GeneratedKey;

before(async () => {
  home = await createGnupgHome();
  repo = await createRepo(home);
  alice = await generateKey(home, { uid: 'Alice <alice@example.org>' });
  mallory = await generateKey(home, { uid: 'Mallory <mallory@example.org>' });
});
after(async () => {
  await repo.close();
  await home.close();
});

async function trustIn(fingerprints: string[], allowed = fingerprints): Promise<Trust> {
  const keyring = await Keyring.fromFiles([{ name: 'keys.asc', data: await exportKeys(home, fingerprints) }]);
  return { keyring, allowed: new Set(allowed) };
}

async function judge(oid: string, trust: Trust): Promise<SignatureCheck> {
  return verifySignedObject(splitCommit(await repo.catFile(oid)), trust);
}

describe('one signature packet per signature (SPEC §3.2)', () => {
  test('a block with two packets (an unknown key and an allowed one) is bad-signature, as git says', async () => {
    // gpg makes one armored block with a signature packet per -u: git's gpg call plus mallory's.
    const oid = await repo.commit({
      message: 'two signers\n',
      signWith: alice.fingerprint,
      gpgArgs: ['-u', mallory.fingerprint],
    });
    const trust = await trustIn([alice.fingerprint]);
    const result = await judge(oid, trust);
    assert.equal(result.status, 'bad-signature', result.message);
    assert.match(result.message, /exactly one signature packet, got 2/);
    assert.notEqual(await repo.gitVerify(oid, 'commit', { ...home.env }), 0, 'git refuses it too');
    // A single packet by the same key is good: the refusal is about the count.
    const single = await repo.commit({ message: 'one signer\n', signWith: alice.fingerprint });
    assert.equal((await judge(single, trust)).status, 'good');
  });
});

describe('weak-key (SPEC §3.2)', () => {
  test('a DSA-1024 signature that matches (gpg says good) is weak-key, before bad-signature', async () => {
    const made = await home.gpg([
      '--status-fd',
      '1',
      '--passphrase',
      '',
      '--quick-gen-key',
      'Old DSA <old@example.org>',
      'dsa1024',
      'sign',
      '0',
    ]);
    const fpr = /KEY_CREATED [PB] ([0-9A-F]{40})/.exec(made.stdout.toString())?.[1];
    assert.ok(fpr, 'gpg made a DSA-1024 key');
    // A SHA-256 digest, as the real commits used (SHA-1 would be weak-hash first).
    const oid = await repo.commit({
      message: 'signed with an old key\n',
      signWith: fpr,
      gpgArgs: ['--digest-algo', 'SHA256'],
    });
    assert.equal(await repo.gitVerify(oid), 0, 'gpg says the signature is good');
    const trust = await trustIn([fpr]);
    const result = await judge(oid, trust);
    assert.deepEqual({ status: result.status, signer: result.signer }, { status: 'weak-key', signer: null });
    assert.match(result.message, /DSA key of 1024 bits is too weak/);
    // In the order of SPEC §3.2: after unknown-key, before bad-signature.
    const order = COMMIT_STATUSES as readonly string[];
    assert.ok(order.indexOf('unknown-key') < order.indexOf('weak-key'));
    assert.ok(order.indexOf('weak-key') < order.indexOf('bad-signature'));
  });
});

describe('expiry follows the newest self-signature (SPEC §3.2)', () => {
  test('a key that lapsed and was extended later covers a signature made during the lapse', async () => {
    const lapsed = await generateKey(home, { uid: 'Lapsed <lapsed@example.org>', at: day('2020-01-01') });
    // Signed while the key had no expiry at all; later self-signatures first let it lapse on
    // 2021-01-01, then extend it: the commit of 2021-02 falls in the lapse.
    const oid = await repo.commit({
      message: 'during the lapse\n',
      signWith: lapsed.fingerprint,
      at: day('2021-02-01'),
    });
    await setExpire(home, lapsed.fingerprint, '2021-01-01', { at: day('2020-06-01') });
    const lapsing = await exportKeys(home, [lapsed.fingerprint]);
    await setExpire(home, lapsed.fingerprint, '2031-01-01', { at: day('2021-03-01') });
    // gpg replaced the lapsing self-signature; importing the older copy brings it back beside the
    // extension, as real keys carry both (a keyserver merges what it was sent).
    await home.gpg(['--import'], { input: lapsing });
    const listed = (
      await home.gpg(['--list-packets'], { input: await exportKeys(home, [lapsed.fingerprint]) })
    ).stdout.toString();
    assert.ok(
      (listed.match(/sigclass 0x13/g) ?? []).length >= 2,
      'the export keeps the older self-signatures',
    );
    assert.equal(await repo.gitVerify(oid), 0, 'gpg says good');
    const result = await judge(oid, await trustIn([lapsed.fingerprint]));
    assert.deepEqual(
      { status: result.status, signer: result.signer },
      { status: 'good', signer: lapsed.fingerprint },
      result.message,
    );
  });
});
