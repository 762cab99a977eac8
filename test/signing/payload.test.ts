import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Keyring } from '../../src/signing/keyring.ts';
import { commitSubject, splitCommit, splitTag } from '../../src/signing/payload.ts';
import { verifySignedObject } from '../../src/signing/verify.ts';
import {
  createGnupgHome,
  createRepo,
  exportKeys,
  type GeneratedKey,
  type GnupgHome,
  generateKey,
  type TestRepo,
} from '../helpers/gpg.ts';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

const TREE1 = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const TREE256 = '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321';
const SIG = ['-----BEGIN PGP SIGNATURE-----', '', 'iHUEABYIAB0WIQ', '=ep4O', '-----END PGP SIGNATURE-----'];
const field = (name: string, lines: string[]): string => `${name} ${lines.join('\n ')}\n`;

describe('splitCommit on crafted objects', () => {
  test('removes the whole gpgsig field and keeps every other byte in order', () => {
    const head = `tree ${TREE1}\nparent ${'1'.repeat(40)}\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n`;
    const tail = 'encoding ISO-8859-1\n\nsubject\r\n\r\ngpgsig in the message stays\n caf\xe9\n';
    const raw = bytes(head + field('gpgsig', SIG) + tail);
    const split = splitCommit(raw);
    assert.equal(text(split.payload), head + tail);
    assert.equal(split.signature, `${SIG.join('\n')}\n`);
    assert.equal(split.kind, 'openpgp');
  });

  test('a signature field after the header section is message text, not a signature', () => {
    const raw = bytes(`tree ${TREE1}\nauthor A <a@x> 1 +0000\n\n${field('gpgsig', SIG)}`);
    const split = splitCommit(raw);
    assert.equal(split.signature, null);
    assert.equal(split.kind, null);
    assert.equal(split.payload, raw);
  });

  test('SHA-1 objects use gpgsig and drop gpgsig-sha256; SHA-256 objects the other way round', () => {
    const other = ['-----BEGIN SSH SIGNATURE-----', 'AAAA', '-----END SSH SIGNATURE-----'];
    const body = 'author A <a@x> 1 +0000\n';
    const sha1 = bytes(
      `tree ${TREE1}\n${body}${field('gpgsig', SIG)}${field('gpgsig-sha256', other)}\nmsg\n`,
    );
    const s1 = splitCommit(sha1);
    assert.equal(s1.kind, 'openpgp');
    assert.equal(text(s1.payload), `tree ${TREE1}\n${body}\nmsg\n`);

    const sha256 = bytes(
      `tree ${TREE256}\n${body}${field('gpgsig', SIG)}${field('gpgsig-sha256', other)}\nmsg\n`,
    );
    const s256 = splitCommit(sha256);
    assert.equal(s256.kind, 'ssh');
    assert.equal(s256.signature, `${other.join('\n')}\n`);
    assert.equal(text(s256.payload), `tree ${TREE256}\n${body}\nmsg\n`);
  });

  test('mergetag stays in the payload with its embedded signature', () => {
    const mergetag = field('mergetag', ['object 1', 'type commit', 'tag v1', '', 'msg', ...SIG]);
    const raw = bytes(`tree ${TREE1}\n${mergetag}${field('gpgsig', SIG)}\nmerge\n`);
    const split = splitCommit(raw);
    assert.equal(text(split.payload), `tree ${TREE1}\n${mergetag}\nmerge\n`);
    assert.equal(split.signature, `${SIG.join('\n')}\n`);
  });

  test('recognizes SSH, X.509 and unknown signatures', () => {
    const of = (first: string) =>
      splitCommit(bytes(`tree ${TREE1}\n${field('gpgsig', [first, 'x'])}\nm\n`)).kind;
    assert.equal(of('-----BEGIN SSH SIGNATURE-----'), 'ssh');
    assert.equal(of('-----BEGIN SIGNED MESSAGE-----'), 'x509');
    assert.equal(of('-----BEGIN PGP MESSAGE-----'), 'openpgp');
    assert.equal(of('hello'), 'unknown');
  });

  test('an unsigned commit: the raw bytes, no signature', () => {
    const raw = bytes(`tree ${TREE1}\nauthor A <a@x> 1 +0000\n\nm\n`);
    assert.deepEqual(splitCommit(raw), { payload: raw, signature: null, kind: null });
  });
});

describe('splitTag on crafted objects', () => {
  const head = `object ${TREE1}\ntype commit\ntag v1\ntagger A <a@x> 1 +0000\n`;

  test('the signature starts at the last line that begins a signature block', () => {
    const message = '\nquoting a block:\n-----BEGIN PGP SIGNATURE-----\nin the message\n';
    const raw = bytes(`${head}${message}${SIG.join('\n')}\n`);
    const split = splitTag(raw);
    assert.equal(text(split.payload), head + message);
    assert.equal(split.signature, `${SIG.join('\n')}\n`);
    assert.equal(split.kind, 'openpgp');
  });

  test('gpgsig header fields are removed from a tag payload', () => {
    const raw = bytes(`${head}${field('gpgsig-sha256', SIG)}\nmsg\n${SIG.join('\n')}\n`);
    assert.equal(text(splitTag(raw).payload), `${head}\nmsg\n`);
  });

  test('an unsigned tag has no signature', () => {
    const raw = bytes(`${head}\nmsg\n`);
    assert.deepEqual(splitTag(raw), { payload: raw, signature: null, kind: null });
  });
});

describe('commitSubject', () => {
  test('first message line, decoded with the declared encoding', () => {
    const raw = bytes(`tree ${TREE1}\nencoding ISO-8859-1\n\n\ncaf\xe9 au lait\r\n\nbody\n`);
    assert.equal(commitSubject(raw), 'café au lait');
    assert.equal(commitSubject(bytes(`tree ${TREE1}\n\n`)), '');
  });
});

describe('payloads of real commits match what gpg signed', () => {
  let home: GnupgHome;
  let key: GeneratedKey;
  let keyring: Keyring;
  const repos: TestRepo[] = [];

  before(async () => {
    home = await createGnupgHome();
    key = await generateKey(home, { uid: 'Payload Signer <payload@example.org>' });
    keyring = await Keyring.fromFiles([{ name: 'key.asc', data: await exportKeys(home, [key.fingerprint]) }]);
  });
  after(async () => {
    for (const repo of repos) await repo.close();
    await home.close();
  });

  async function repo(opts: { objectFormat?: 'sha1' | 'sha256' } = {}): Promise<TestRepo> {
    const r = await createRepo(home, opts);
    repos.push(r);
    return r;
  }

  /** gpg itself checks our payload against the signature: independent of the verifier under test. */
  async function gpgAccepts(r: TestRepo, payload: Uint8Array, signature: string): Promise<boolean> {
    const data = join(r.dir, '.git', 'payload');
    const sig = join(r.dir, '.git', 'payload.sig');
    await writeFile(data, payload);
    await writeFile(sig, signature);
    const result = await home.gpg(['--verify', sig, data], { okCodes: [1, 2] });
    return result.code === 0;
  }

  async function assertVerifies(
    r: TestRepo,
    oid: string,
    type: 'commit' | 'tag' = 'commit',
  ): Promise<Uint8Array> {
    const raw = await r.catFile(oid, type);
    const split = type === 'tag' ? splitTag(raw) : splitCommit(raw);
    assert.ok(split.signature, 'the object is signed');
    assert.ok(await gpgAccepts(r, split.payload, split.signature), 'gpg verifies our payload');
    const check = await verifySignedObject(split, { keyring, allowed: new Set([key.fingerprint]) });
    assert.equal(check.status, 'good', check.message);
    assert.equal(await r.gitVerify(oid, type), 0, `git verify-${type} agrees`);
    return split.payload;
  }

  test('a commit message with CRLF line ends', async () => {
    const r = await repo();
    const oid = await r.commit({ message: 'subject\r\n\r\nbody line\r\n', signWith: key.fingerprint });
    const payload = await assertVerifies(r, oid);
    assert.ok(text(payload).endsWith('\n\nsubject\r\n\r\nbody line\r\n'));
  });

  test('a latin-1 message with an encoding header', async () => {
    const r = await repo();
    const message = Buffer.from('caf\xe9 cr\xe8me\n', 'latin1');
    const oid = await r.commit({ message, encoding: 'ISO-8859-1', signWith: key.fingerprint });
    const raw = await r.catFile(oid);
    assert.match(text(raw), /\nencoding ISO-8859-1\n/);
    const payload = await assertVerifies(r, oid);
    assert.ok(Buffer.from(payload).includes(message), 'the non-UTF-8 bytes are kept');
    assert.equal(commitSubject(raw), 'café crème');
  });

  test('a merge of a signed tag (mergetag), and the signed tag itself', async () => {
    const r = await repo();
    await r.commit({ signWith: key.fingerprint });
    await r.git(['checkout', '-q', '-b', 'side']);
    await r.commit({ signWith: key.fingerprint, files: { 'side.txt': 'side\n' } });
    const tag = await r.tag('v1', { signWith: key.fingerprint });
    await r.git(['checkout', '-q', 'main']);
    await r.commit({ signWith: key.fingerprint, files: { 'main.txt': 'main\n' } });
    const merge = await r.merge('v1', { signWith: key.fingerprint });
    const payload = await assertVerifies(r, merge);
    assert.match(text(payload), /\nmergetag object [0-9a-f]{40}\n/);
    assert.match(text(payload), /\n -----BEGIN PGP SIGNATURE-----\n/);
    await assertVerifies(r, tag, 'tag');
  });

  test('a SHA-256 repository (gpgsig-sha256)', async () => {
    const r = await repo({ objectFormat: 'sha256' });
    const oid = await r.commit({ signWith: key.fingerprint });
    assert.match(text(await r.catFile(oid)), /\ngpgsig-sha256 -----BEGIN PGP SIGNATURE-----\n/);
    await assertVerifies(r, oid);
  });
});
