import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as openpgp from 'openpgp';
import type { CommitVerdict } from '../../src/model/verdict.ts';
import { Keyring } from '../../src/signing/keyring.ts';
import { splitCommit, splitTag } from '../../src/signing/payload.ts';
import {
  normalizeFingerprint,
  type ObjectToVerify,
  type SignatureCheck,
  type Trust,
  verifyObjects,
  verifySignedObject,
} from '../../src/signing/verify.ts';
import {
  addRevoker,
  createGnupgHome,
  createRepo,
  designatedRevoke,
  exportKeys,
  type GeneratedKey,
  type GnupgHome,
  generateKey,
  generateSshKey,
  generateX509Key,
  revokeKey,
  setExpire,
  type TestRepo,
} from '../helpers/gpg.ts';

const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

async function check(repo: TestRepo, oid: string, trust: Trust): Promise<SignatureCheck> {
  return verifySignedObject(splitCommit(await repo.catFile(oid)), trust);
}

/** Writes a modified commit object into the repository so git can judge it too. */
async function storeObject(repo: TestRepo, raw: Uint8Array): Promise<string> {
  const r = await repo.git(['hash-object', '-t', 'commit', '-w', '--stdin'], { input: raw });
  return r.stdout.toString().trim();
}

describe('normalizeFingerprint', () => {
  test('40 or 64 hex digits, spaces and case ignored', () => {
    assert.equal(
      normalizeFingerprint('8a14 94d2 7609 c257 6600  81d4 7f68 d898 8f8f 06fb'),
      '8A1494D27609C257660081D47F68D8988F8F06FB',
    );
    assert.equal(normalizeFingerprint('ab'.repeat(32)), 'AB'.repeat(32));
    assert.equal(normalizeFingerprint('8A1494D27609C257'), null);
    assert.equal(normalizeFingerprint('G'.repeat(40)), null);
    assert.equal(normalizeFingerprint(`0x${'A'.repeat(40)}`), null);
    assert.equal(normalizeFingerprint('A'.repeat(50)), null);
  });
});

describe('statuses of commits signed now', () => {
  let home: GnupgHome;
  let empty: GnupgHome;
  let repo: TestRepo;
  let alice: GeneratedKey; // allowed, Ed25519
  let bob: GeneratedKey; // in the keyring, not allowed
  let carol: GeneratedKey; // allowed, signs with a subkey
  let dave: GeneratedKey; // not in the keyring
  let erin: GeneratedKey; // allowed, RSA
  let frank: GeneratedKey; // allowed, ECDSA P-256
  let grace: GeneratedKey; // allowed, DSA (verified through openpgp.js)
  let trust: Trust;

  before(async () => {
    home = await createGnupgHome();
    empty = await createGnupgHome();
    alice = await generateKey(home, { uid: 'Alice <alice@example.org>' });
    bob = await generateKey(home, { uid: 'Bob <bob@example.org>' });
    carol = await generateKey(home, { uid: 'Carol <carol@example.org>', signingSubkey: true });
    dave = await generateKey(home, { uid: 'Dave <dave@example.org>' });
    erin = await generateKey(home, { uid: 'Erin <erin@example.org>', algo: 'rsa2048' });
    frank = await generateKey(home, { uid: 'Frank <frank@example.org>', algo: 'nistp256' });
    grace = await generateKey(home, { uid: 'Grace <grace@example.org>', algo: 'dsa2048' });
    const known = [alice, bob, carol, erin, frank, grace].map((k) => k.fingerprint);
    const keyring = await Keyring.fromFiles([
      { name: 'keys.asc', data: await exportKeys(home, known, { armor: true }) },
    ]);
    trust = { keyring, allowed: new Set([alice, carol, erin, frank, grace].map((k) => k.fingerprint)) };
    repo = await createRepo(home);
  });
  after(async () => {
    await repo.close();
    await home.close();
    await empty.close();
  });

  test('good: Ed25519, RSA, ECDSA and DSA keys; git verify-commit agrees', async () => {
    for (const key of [alice, erin, frank, grace]) {
      const oid = await repo.commit({ signWith: key.fingerprint });
      const result = await check(repo, oid, trust);
      assert.deepEqual(
        { status: result.status, signer: result.signer },
        { status: 'good', signer: key.fingerprint },
        result.message,
      );
      assert.ok(result.message.includes(key.uid));
      assert.equal(await repo.gitVerify(oid), 0);
    }
  });

  test('good: a text-mode (0x01) signature over CRLF and trailing blanks', async () => {
    const oid = await repo.commit({
      signWith: alice.fingerprint,
      gpgArgs: ['--textmode'],
      message: 'text mode  \r\n\nbody \t\n',
    });
    const split = splitCommit(await repo.catFile(oid));
    const packet = (await openpgp.readSignature({ armoredSignature: split.signature! })).packets[0]!;
    assert.equal(packet.signatureType, openpgp.enums.signature.text);
    const result = await verifySignedObject(split, trust);
    assert.equal(result.status, 'good', result.message);
    assert.equal(await repo.gitVerify(oid), 0);
  });

  test('good: a signing subkey of an allowed primary; the signer is the primary', async () => {
    const oid = await repo.commit({ signWith: carol.signingFingerprint });
    const result = await check(repo, oid, trust);
    assert.equal(result.status, 'good', result.message);
    assert.equal(result.signer, carol.fingerprint);
    // Allowing the subkey's own fingerprint does not allow it: signers are primary keys.
    const bySubkey = await check(repo, oid, { ...trust, allowed: new Set([carol.signingFingerprint]) });
    assert.equal(bySubkey.status, 'not-allowed');
    assert.equal(bySubkey.signer, carol.fingerprint);
  });

  test('unsigned: no signature header; git verify-commit fails too', async () => {
    const oid = await repo.commit();
    assert.deepEqual(await check(repo, oid, trust), {
      status: 'unsigned',
      signer: null,
      message: 'no signature',
    });
    assert.notEqual(await repo.gitVerify(oid), 0);
  });

  test('not-allowed: a valid signature by a known key that is not listed', async () => {
    const oid = await repo.commit({ signWith: bob.fingerprint });
    const result = await check(repo, oid, trust);
    assert.deepEqual(
      { status: result.status, signer: result.signer },
      { status: 'not-allowed', signer: bob.fingerprint },
    );
  });

  test('unknown-key: no public key for the issuer; git without the key fails too', async () => {
    const oid = await repo.commit({ signWith: dave.fingerprint });
    const result = await check(repo, oid, trust);
    assert.deepEqual(
      { status: result.status, signer: result.signer },
      { status: 'unknown-key', signer: null },
    );
    assert.ok(result.message.includes(dave.fingerprint), result.message);
    assert.notEqual(await repo.gitVerify(oid, 'commit', empty.env), 0);
  });

  test('bad-signature: a tampered commit, and a signature moved to another commit; git agrees', async () => {
    const oid = await repo.commit({ signWith: alice.fingerprint, message: 'pay 10 EUR\n' });
    const raw = latin1(await repo.catFile(oid));
    const tampered = bytes(raw.replace('pay 10 EUR', 'pay 99 EUR'));
    const result = await verifySignedObject(splitCommit(tampered), trust);
    // The signature does not verify: its issuer is only a claim, so no signer is named.
    assert.deepEqual(
      { status: result.status, signer: result.signer },
      { status: 'bad-signature', signer: null },
    );
    assert.ok(result.message.includes(alice.fingerprint), result.message);
    assert.notEqual(await repo.gitVerify(await storeObject(repo, tampered)), 0);

    const other = latin1(await repo.catFile(await repo.commit({ message: 'unsigned\n' })));
    const signature = /\ngpgsig [\s\S]*?-----END PGP SIGNATURE-----\n/.exec(raw)![0];
    const moved = bytes(other.replace(/\n\n/, `${signature}\n`));
    assert.equal((await verifySignedObject(splitCommit(moved), trust)).status, 'bad-signature');
    assert.notEqual(await repo.gitVerify(await storeObject(repo, moved)), 0);
  });

  test('bad-signature: two signature headers (a second block cannot vouch for the first); git agrees', async () => {
    const good = await repo.commit({ signWith: alice.fingerprint, message: 'signed once\n' });
    const raw = latin1(await repo.catFile(good));
    const field = /\ngpgsig [\s\S]*?-----END PGP SIGNATURE-----\n/.exec(raw)![0];
    const doubled = bytes(raw.replace(field, `${field}${field.slice(1)}`));
    const result = await verifySignedObject(splitCommit(doubled), trust);
    assert.equal(result.status, 'bad-signature', result.message);
    assert.match(result.message, /one signature block/);
    assert.notEqual(await repo.gitVerify(await storeObject(repo, doubled)), 0);
  });

  test('bad-signature: a signature block that cannot be read', async () => {
    const oid = await repo.commit({ signWith: alice.fingerprint });
    const raw = latin1(await repo.catFile(oid));
    const garbled = bytes(raw.replace(/(\n \n )(\S{10})/, '$1AAAAAAAAAA'));
    assert.notEqual(latin1(garbled), raw);
    const result = await verifySignedObject(splitCommit(garbled), trust);
    assert.equal(result.status, 'bad-signature', result.message);
  });

  test('weak-hash: SHA-1, before unknown-key; git and gpg accept it', async () => {
    const weak = await repo.commit({ signWith: alice.fingerprint, gpgArgs: ['--digest-algo', 'SHA1'] });
    const result = await check(repo, weak, trust);
    assert.deepEqual({ status: result.status, signer: result.signer }, { status: 'weak-hash', signer: null });
    assert.match(result.message, /SHA-1/);
    assert.ok(result.message.includes(alice.fingerprint), 'the claimed issuer is named in the message');
    assert.equal(await repo.gitVerify(weak), 0, 'git is more lenient here, by design');

    const unknown = await repo.commit({ signWith: dave.fingerprint, gpgArgs: ['--digest-algo', 'SHA1'] });
    const r2 = await check(repo, unknown, trust);
    assert.deepEqual({ status: r2.status, signer: r2.signer }, { status: 'weak-hash', signer: null });
  });

  test('unsupported: a real SSH-signed commit', async () => {
    const pub = await generateSshKey(home.dir);
    const oid = await repo.commit({ signWith: { ssh: pub } });
    assert.match(latin1(await repo.catFile(oid)), /\ngpgsig -----BEGIN SSH SIGNATURE-----\n/);
    const result = await check(repo, oid, trust);
    assert.deepEqual(
      { status: result.status, signer: result.signer },
      { status: 'unsupported', signer: null },
    );
    assert.match(result.message, /SSH/);
  });

  test('unsupported: a real X.509 (gpgsm) signed commit', async () => {
    const fingerprint = await generateX509Key(home);
    const oid = await repo.commit({ signWith: { x509: fingerprint } });
    assert.match(latin1(await repo.catFile(oid)), /\ngpgsig -----BEGIN SIGNED MESSAGE-----\n/);
    const result = await check(repo, oid, trust);
    assert.deepEqual(
      { status: result.status, signer: result.signer },
      { status: 'unsupported', signer: null },
    );
    assert.match(result.message, /X\.509/);
  });

  test('a key naming a designated revoker verifies; a revocation by that revoker applies', async () => {
    const r = await createGnupgHome();
    const rrepo = await createRepo(r);
    try {
      const owner = await generateKey(r, { uid: 'Owner <owner@example.org>' });
      const revoker = await generateKey(r, { uid: 'Revoker <revoker@example.org>' });
      await addRevoker(r, owner.fingerprint, revoker.fingerprint);
      const oid = await rrepo.commit({ signWith: owner.fingerprint });
      const statusWith = async () => {
        const keyring = await Keyring.fromFiles([
          { name: 'owner.gpg', data: await exportKeys(r, [owner.fingerprint]) },
        ]);
        return check(rrepo, oid, { keyring, allowed: new Set([owner.fingerprint]) });
      };
      const good = await statusWith();
      assert.equal(good.status, 'good', good.message);
      await designatedRevoke(r, owner.fingerprint, 2);
      const revoked = await statusWith();
      assert.deepEqual(
        { status: revoked.status, signer: revoked.signer },
        { status: 'revoked-key', signer: owner.fingerprint },
      );
      assert.match(revoked.message, /designated revocation key/);
    } finally {
      await rrepo.close();
      await r.close();
    }
  });

  test('signed tags: good, not-allowed, unsigned; git verify-tag agrees on the good one', async () => {
    await repo.commit({ signWith: alice.fingerprint });
    const good = await repo.tag('t-good', { signWith: alice.fingerprint });
    const other = await repo.tag('t-bob', { signWith: bob.fingerprint });
    const plain = await repo.tag('t-plain');
    const statusOf = async (oid: string) =>
      (await verifySignedObject(splitTag(await repo.catFile(oid, 'tag')), trust)).status;
    assert.equal(await statusOf(good), 'good');
    assert.equal(await repo.gitVerify(good, 'tag'), 0);
    assert.equal(await statusOf(other), 'not-allowed');
    assert.equal(await statusOf(plain), 'unsigned');
  });

  test('verifyObjects: verdicts in input order from an async source, with subject and kind', async () => {
    const plan: Array<[string, CommitVerdict['status']]> = [];
    for (let i = 0; i < 12; i++) {
      const which = i % 3;
      const oid = await repo.commit({
        message: `change ${i}\n\nbody\n`,
        signWith: which === 0 ? alice.fingerprint : which === 1 ? bob.fingerprint : null,
      });
      plan.push([oid, which === 0 ? 'good' : which === 1 ? 'not-allowed' : 'unsigned']);
    }
    async function* source(): AsyncGenerator<ObjectToVerify> {
      for (const [oid] of plan) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield { oid, raw: await repo.catFile(oid), kind: 'commit' };
      }
    }
    for (const concurrency of [1, 4]) {
      const verdicts = await verifyObjects(source(), trust, { concurrency });
      assert.deepEqual(
        verdicts.map((v) => [v.oid, v.status]),
        plan,
      );
      assert.deepEqual(
        verdicts.map((v) => v.subject),
        plan.map((_, i) => `change ${i}`),
      );
      assert.ok(verdicts.every((v) => v.kind === 'commit'));
    }
    const syncInput = await Promise.all(
      plan.map(async ([oid]) => ({ oid, raw: await repo.catFile(oid), kind: 'commit' as const })),
    );
    assert.deepEqual(
      (await verifyObjects(syncInput, trust)).map((v) => v.status),
      plan.map(([, s]) => s),
    );
  });
});

describe('key validity judged at the signature time', () => {
  const created = day('2020-01-01');
  let home: GnupgHome;
  let repo: TestRepo;
  let trust: Trust;
  const keys: Record<string, GeneratedKey> = {};
  const commits: Record<string, string> = {};
  let armoredKeys: string;

  before(async () => {
    home = await createGnupgHome();
    repo = await createRepo(home);
    const key = async (name: string, opts: { expire?: string; signingSubkey?: boolean } = {}) => {
      keys[name] = await generateKey(home, { uid: `${name} <${name}@example.org>`, at: created, ...opts });
      return keys[name];
    };
    const sign = async (name: string, key: GeneratedKey, at: string, gpgArgs?: string[]) => {
      commits[name] = await repo.commit({
        signWith: key.signingFingerprint,
        at: day(at),
        message: `${name}\n`,
        ...(gpgArgs ? { gpgArgs } : {}),
      });
    };

    // Expiry extended after a commit (openpgpjs #1800): gpg replaces the self-signature.
    const extended = await key('extended', { expire: '1y' });
    await sign('extended-before', extended, '2020-06-01');
    await setExpire(home, extended.fingerprint, '10y', { at: day('2020-11-01') });
    await sign('extended-after', extended, '2021-06-01');
    await sign('extended-before-creation', extended, '2019-06-01', ['--ignore-time-conflict']);

    // Expiry set (back-dated to just after creation) so that a later commit falls after it.
    const expiring = await key('expiring');
    await sign('expiring-valid', expiring, '2020-06-01');
    await sign('expiring-expired', expiring, '2021-06-01');
    await setExpire(home, expiring.fingerprint, '2021-01-01', { at: day('2020-01-02') });

    // Revocations dated 2021-01-01: commits before and after.
    for (const reason of [0, 1, 2, 3] as const) {
      const k = await key(`revoked${reason}`);
      await sign(`revoked${reason}-before`, k, '2020-06-01');
      await sign(`revoked${reason}-after`, k, '2021-06-01');
      await revokeKey(home, k.fingerprint, reason, { at: day('2021-01-01') });
    }

    // Signing subkeys: one revoked (compromised), one given an expiry.
    const subRevoked = await key('subrevoked', { signingSubkey: true });
    await sign('subrevoked', subRevoked, '2020-06-01');
    await revokeKey(home, subRevoked.fingerprint, 2, {
      at: day('2021-01-01'),
      subkey: subRevoked.signingFingerprint,
    });
    const subExpiring = await key('subexpiring', { signingSubkey: true });
    await sign('subexpiring-valid', subExpiring, '2020-06-01');
    await sign('subexpiring-expired', subExpiring, '2021-06-01');
    await setExpire(home, subExpiring.fingerprint, '2021-01-01', {
      at: day('2020-01-02'),
      subkeys: [subExpiring.signingFingerprint],
    });

    const all = Object.values(keys).map((k) => k.fingerprint);
    const data = await exportKeys(home, all, { armor: true });
    armoredKeys = Buffer.from(data).toString();
    const keyring = await Keyring.fromFiles([{ name: 'keys.asc', data }]);
    trust = { keyring, allowed: new Set(all) };
  });
  after(async () => {
    await repo.close();
    await home.close();
  });

  const statusOf = async (name: string, t: Trust = trust) => {
    const oid = commits[name];
    assert.ok(oid, `commit ${name} was made`);
    return check(repo, oid, t);
  };

  test('extended expiry (openpgpjs #1800): commits made while the key was valid stay good', async () => {
    const key = keys.extended!;
    const raw = await repo.catFile(commits['extended-before']!);
    const split = splitCommit(raw);
    // The case is real: plain openpgp.js refuses this signature.
    const publicKey = (await openpgp.readKeys({ armoredKeys })).find(
      (k) => k.getFingerprint().toUpperCase() === key.fingerprint,
    );
    assert.ok(publicKey);
    const plain = await openpgp.verify({
      message: await openpgp.createMessage({ binary: split.payload }),
      signature: await openpgp.readSignature({ armoredSignature: split.signature! }),
      verificationKeys: publicKey,
    });
    await assert.rejects(plain.signatures[0]!.verified);

    for (const name of ['extended-before', 'extended-after']) {
      const result = await statusOf(name);
      assert.deepEqual(
        { status: result.status, signer: result.signer },
        { status: 'good', signer: key.fingerprint },
        result.message,
      );
    }
    assert.equal(await repo.gitVerify(commits['extended-before']!), 0, 'git agrees');
  });

  test('a signature dated before the key was created is refused (expired-key)', async () => {
    const result = await statusOf('extended-before-creation');
    assert.deepEqual(
      { status: result.status, signer: result.signer },
      { status: 'expired-key', signer: keys.extended!.fingerprint },
    );
    assert.match(result.message, /created on 2020-01-01/);
  });

  test('expired-key: made after the key expired; earlier commits stay good whatever the clock says', async () => {
    assert.equal((await statusOf('expiring-valid')).status, 'good');
    const result = await statusOf('expiring-expired');
    assert.deepEqual(
      { status: result.status, signer: result.signer },
      { status: 'expired-key', signer: keys.expiring!.fingerprint },
    );
    assert.notEqual(await repo.gitVerify(commits['expiring-expired']!), 0, 'git refuses it too');
    // expired-key comes before not-allowed
    assert.equal(
      (await statusOf('expiring-expired', { ...trust, allowed: new Set() })).status,
      'expired-key',
    );
  });

  test('revoked-key, hard (no reason, compromised): every signature, before and after', async () => {
    for (const reason of [0, 2]) {
      for (const when of ['before', 'after']) {
        const result = await statusOf(`revoked${reason}-${when}`);
        assert.deepEqual(
          { status: result.status, signer: result.signer },
          { status: 'revoked-key', signer: keys[`revoked${reason}`]!.fingerprint },
          `reason ${reason}, ${when}: ${result.message}`,
        );
      }
      assert.notEqual(await repo.gitVerify(commits[`revoked${reason}-before`]!), 0, 'git refuses it too');
    }
  });

  test('revoked-key, soft (superseded, retired): only signatures made after the revocation', async () => {
    for (const reason of [1, 3]) {
      const before = await statusOf(`revoked${reason}-before`);
      assert.equal(before.status, 'good', `reason ${reason}: ${before.message}`);
      const after = await statusOf(`revoked${reason}-after`);
      assert.deepEqual(
        { status: after.status, signer: after.signer },
        { status: 'revoked-key', signer: keys[`revoked${reason}`]!.fingerprint },
      );
    }
  });

  test('precedence: bad-signature before revoked-key, revoked-key before not-allowed', async () => {
    const raw = latin1(await repo.catFile(commits['revoked2-before']!));
    const tampered = splitCommit(bytes(raw.replace('revoked2-before', 'revoked2-b3fore')));
    assert.equal((await verifySignedObject(tampered, trust)).status, 'bad-signature');
    assert.equal((await statusOf('revoked2-before', { ...trust, allowed: new Set() })).status, 'revoked-key');
  });

  test('signing subkeys: a revoked subkey, and a subkey that expired', async () => {
    const revoked = await statusOf('subrevoked');
    assert.deepEqual(
      { status: revoked.status, signer: revoked.signer },
      { status: 'revoked-key', signer: keys.subrevoked!.fingerprint },
    );
    assert.match(revoked.message, new RegExp(keys.subrevoked!.signingFingerprint));
    assert.equal((await statusOf('subexpiring-valid')).status, 'good');
    const expired = await statusOf('subexpiring-expired');
    assert.deepEqual(
      { status: expired.status, signer: expired.signer },
      { status: 'expired-key', signer: keys.subexpiring!.fingerprint },
    );
    assert.match(expired.message, /subkey/);
  });
});
