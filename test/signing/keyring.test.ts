import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as openpgp from 'openpgp';
import { SigningError } from '../../src/signing/errors.ts';
import { Keyring } from '../../src/signing/keyring.ts';
import { splitCommit } from '../../src/signing/payload.ts';
import { verifySignedObject } from '../../src/signing/verify.ts';
import {
  createGnupgHome,
  createRepo,
  exportKeys,
  type GeneratedKey,
  type GnupgHome,
  generateKey,
  revokeKey,
  type TestRepo,
} from '../helpers/gpg.ts';

const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));

async function rejects(
  files: { name: string; data: Uint8Array }[],
  code: SigningError['code'],
  name: string,
) {
  await assert.rejects(Keyring.fromFiles(files), (e: unknown) => {
    assert.ok(e instanceof SigningError, `expected a SigningError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.equal(e.file, name);
    assert.ok(e.message.includes(name), `the message names the file: ${e.message}`);
    return true;
  });
}

describe('Keyring.fromFiles', () => {
  let home: GnupgHome;
  let alice: GeneratedKey;
  let bob: GeneratedKey;
  let carol: GeneratedKey;

  before(async () => {
    home = await createGnupgHome();
    alice = await generateKey(home, { uid: 'Alice <alice@example.org>' });
    bob = await generateKey(home, { uid: 'Bob <bob@example.org>', algo: 'rsa2048' });
    carol = await generateKey(home, { uid: 'Carol <carol@example.org>', signingSubkey: true });
  });
  after(() => home.close());

  test('reads every armored block of a file, where openpgp.readKeys stops at the first', async () => {
    const data = concat(
      utf8('Keys of the peers:\n\n'),
      await exportKeys(home, [alice.fingerprint], { armor: true }),
      utf8('\n'),
      await exportKeys(home, [bob.fingerprint], { armor: true }),
      await exportKeys(home, [carol.fingerprint], { armor: true }),
    );
    const onlyFirst = await openpgp.readKeys({ armoredKeys: Buffer.from(data).toString() });
    assert.equal(onlyFirst.length, 1);
    const keyring = await Keyring.fromFiles([{ name: 'keys/peers.asc', data }]);
    assert.deepEqual(
      keyring.primaryFingerprints(),
      [alice.fingerprint, bob.fingerprint, carol.fingerprint].sort(),
    );
    assert.deepEqual(keyring.userIds(bob.fingerprint), ['Bob <bob@example.org>']);
  });

  test('reads a binary gpg --export stream of several keys', async () => {
    const data = await exportKeys(home, [alice.fingerprint, bob.fingerprint, carol.fingerprint]);
    assert.notEqual(data[0]! & 0x80, 0, 'binary OpenPGP');
    const keyring = await Keyring.fromFiles([{ name: 'keyring.gpg', data }]);
    assert.deepEqual(
      keyring.primaryFingerprints(),
      [alice.fingerprint, bob.fingerprint, carol.fingerprint].sort(),
    );
    assert.ok(keyring.has(carol.fingerprint));
    assert.ok(!keyring.has(carol.signingFingerprint), 'subkeys are not primary keys');
  });

  test('looks a signing subkey up by fingerprint and by key id, paired with its primary', async () => {
    const keyring = await Keyring.fromFiles([
      { name: 'c.gpg', data: await exportKeys(home, [carol.fingerprint]) },
    ]);
    const byFpr = await keyring.signingKeys({ fingerprint: carol.signingFingerprint, keyId: null });
    const byId = await keyring.signingKeys({ fingerprint: null, keyId: carol.signingFingerprint.slice(-16) });
    for (const found of [byFpr, byId]) {
      assert.equal(found.length, 1);
      assert.equal(found[0]!.primaryFingerprint, carol.fingerprint);
      assert.equal(found[0]!.fingerprint, carol.signingFingerprint);
      assert.equal(found[0]!.isPrimary, false);
      assert.equal(
        found[0]!.own.statements.length,
        1,
        'the binding signature (with back-signature) is valid',
      );
    }
    assert.deepEqual(await keyring.signingKeys({ fingerprint: alice.fingerprint, keyId: null }), []);
  });

  test('a private key block is read as its public key', async () => {
    const secret = await home.gpg(['--armor', '--export-secret-keys', alice.fingerprint]);
    const keyring = await Keyring.fromFiles([{ name: 'secret.asc', data: new Uint8Array(secret.stdout) }]);
    assert.deepEqual(keyring.primaryFingerprints(), [alice.fingerprint]);
  });

  test('copies of one key in several files are merged: a revocation in a later file applies', async () => {
    const r = await createGnupgHome();
    let repo: TestRepo | undefined;
    try {
      const dave = await generateKey(r, {
        uid: 'Dave <dave@example.org>',
        at: new Date('2020-01-01T00:00:00Z'),
      });
      repo = await createRepo(r);
      const oid = await repo.commit({ signWith: dave.fingerprint, at: new Date('2020-06-01T00:00:00Z') });
      const before = await exportKeys(r, [dave.fingerprint], { armor: true });
      await revokeKey(r, dave.fingerprint, 2, { at: new Date('2021-01-01T00:00:00Z') });
      const revoked = await exportKeys(r, [dave.fingerprint]);
      const keyring = await Keyring.fromFiles([
        { name: 'dave.asc', data: before },
        { name: 'dave-revoked.gpg', data: revoked },
      ]);
      assert.deepEqual(keyring.primaryFingerprints(), [dave.fingerprint]);
      const check = await verifySignedObject(splitCommit(await repo.catFile(oid)), {
        keyring,
        allowed: new Set([dave.fingerprint]),
      });
      assert.equal(check.status, 'revoked-key', check.message);
      const unrevoked = await Keyring.fromFiles([{ name: 'dave.asc', data: before }]);
      const good = await verifySignedObject(splitCommit(await repo.catFile(oid)), {
        keyring: unrevoked,
        allowed: new Set([dave.fingerprint]),
      });
      assert.equal(good.status, 'good', good.message);
    } finally {
      await repo?.close();
      await r.close();
    }
  });

  test('merge and select', async () => {
    const a = await Keyring.fromFiles([{ name: 'a', data: await exportKeys(home, [alice.fingerprint]) }]);
    const b = await Keyring.fromFiles([{ name: 'b', data: await exportKeys(home, [bob.fingerprint]) }]);
    const both = Keyring.merge(a, b);
    assert.deepEqual(both.primaryFingerprints(), [alice.fingerprint, bob.fingerprint].sort());
    assert.deepEqual(both.select([bob.fingerprint]).primaryFingerprints(), [bob.fingerprint]);
    assert.deepEqual(Keyring.empty().primaryFingerprints(), []);
  });

  test('a file without any key is NO_KEYS, naming the file', async () => {
    await rejects(
      [{ name: 'keys/README.md', data: utf8('# Our keys\n\nAsk us.\n') }],
      'NO_KEYS',
      'keys/README.md',
    );
    await rejects([{ name: 'keys/empty.asc', data: new Uint8Array(0) }], 'NO_KEYS', 'keys/empty.asc');
    const signature = await home.gpg(['--armor', '--detach-sign', '-u', alice.fingerprint], { input: 'x' });
    await rejects([{ name: 'keys/a.sig', data: new Uint8Array(signature.stdout) }], 'NO_KEYS', 'keys/a.sig');
  });

  test('unreadable key data is BAD_KEYRING, naming the file', async () => {
    const good = { name: 'good.gpg', data: await exportKeys(home, [alice.fingerprint]) };
    const armored = Buffer.from(await exportKeys(home, [bob.fingerprint], { armor: true })).toString();
    const lines = armored.split('\n');
    const mangled = lines.map((l, i) => (i === 4 ? `${l.slice(0, 10)}!!!!${l.slice(14)}` : l)).join('\n');
    await rejects([good, { name: 'bad.asc', data: utf8(mangled) }], 'BAD_KEYRING', 'bad.asc');
    const garbage = new Uint8Array(64).map((_, i) => (i * 37 + 0x99) & 0xff);
    await rejects([good, { name: 'garbage.bin', data: garbage }], 'BAD_KEYRING', 'garbage.bin');
    const truncated = good.data.subarray(0, good.data.length - 20);
    await rejects([{ name: 'truncated.gpg', data: truncated }], 'BAD_KEYRING', 'truncated.gpg');
  });
});
