/**
 * Hostile commit objects (SPEC §3.2, §5): objects written with `git hash-object --literally`, so
 * they hold what no honest git would write, verified by the shipped `verify-commits`. Where
 * smtpfp says `good`, real `git verify-commit` with real gpg must say good too.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
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
import { runHostile, show } from './harness.ts';

type Status = 'good' | 'unsigned' | 'bad-signature' | 'unsupported' | 'unknown-key' | 'weak-hash';

interface World {
  /** The signed base commit the hostile commits build on. */
  base: string;
  /** A commit payload (no signature) with the given message and extra header lines. */
  payload(opts?: { message?: string | Buffer; headers?: string; encoding?: string }): Buffer;
  /** A detached armored signature by the allowed key over these bytes (real gpg). */
  sign(payload: Buffer): Promise<string>;
  /** The payload with a `gpgsig` field holding `signature` (continuation lines as git writes them). */
  withSignature(payload: Buffer, signature: string, header?: string): Buffer;
}

interface CommitCase {
  name: string;
  make(w: World): Promise<Buffer> | Buffer;
  /** The commit's status, or exit 2 when git itself cannot walk the object. */
  expect: { status: Status } | { exit: 2; says?: RegExp };
  /** Further checks on the text report. */
  also?: (text: string) => void;
}

const latin1 = (b: Buffer) => b.toString('latin1');
const SIG_END = '-----END PGP SIGNATURE-----';

/** The object is there: exit 2 says git cannot parse it, not that the revision names nothing. */
const MALFORMED =
  /the range tip '[0-9a-f]{40}' names the commit object [0-9a-f]{40}, which git refuses to parse: a malformed commit \(git: (bogus commit object|bad tree pointer in commit) [0-9a-f]{40}\)/;

const cases: CommitCase[] = [
  {
    name: 'baseline: a crafted commit signed by the allowed key',
    make: async (w) => w.withSignature(w.payload(), await w.sign(w.payload())),
    expect: { status: 'good' },
  },
  { name: 'no signature', make: (w) => w.payload(), expect: { status: 'unsigned' } },
  {
    name: 'two gpgsig headers (the same good signature twice)',
    make: async (w) => {
      const sig = await w.sign(w.payload());
      const once = latin1(w.withSignature(w.payload(), sig));
      const field = /\ngpgsig [\s\S]*?-----END PGP SIGNATURE-----\n/.exec(once)![0];
      return Buffer.from(once.replace(field, `${field}${field.slice(1)}`), 'latin1');
    },
    expect: { status: 'bad-signature' },
  },
  {
    name: 'two armored blocks in one gpgsig field',
    make: async (w) => {
      const sig = await w.sign(w.payload());
      return w.withSignature(w.payload(), `${sig}${sig}`);
    },
    expect: { status: 'bad-signature' },
  },
  {
    name: 'a gpgsig with no continuation lines',
    make: (w) => w.withSignature(w.payload(), '-----BEGIN PGP SIGNATURE-----\n'),
    expect: { status: 'bad-signature' },
  },
  {
    name: 'an empty gpgsig value',
    make: (w) => w.withSignature(w.payload(), '\n'),
    expect: { status: 'bad-signature' },
  },
  {
    name: 'a gpgsig that stops before its END line',
    make: async (w) => {
      const sig = await w.sign(w.payload());
      return w.withSignature(w.payload(), sig.slice(0, sig.indexOf(SIG_END)));
    },
    expect: { status: 'bad-signature' },
  },
  {
    // gpg ignores text after the armor too (git verify-commit says good): the object id changes,
    // the signed payload does not.
    name: 'a good signature followed by text after its END line',
    make: async (w) => w.withSignature(w.payload(), `${await w.sign(w.payload())}trailing words\n`),
    expect: { status: 'good' },
  },
  {
    name: 'a signature whose armor has CRLF line ends',
    make: async (w) => w.withSignature(w.payload(), (await w.sign(w.payload())).replace(/\n/g, '\r\n')),
    expect: { status: 'good' },
  },
  {
    name: 'base64 garbage in the signature block',
    make: (w) =>
      w.withSignature(w.payload(), `-----BEGIN PGP SIGNATURE-----\n\n${'!@#$%^&*'.repeat(10)}\n${SIG_END}\n`),
    expect: { status: 'bad-signature' },
  },
  {
    name: 'a 600 KB signature block of random base64',
    make: (w) => {
      const junk = Buffer.from(Array.from({ length: 450_000 }, (_, i) => (i * 7919) & 0xff)).toString(
        'base64',
      );
      return w.withSignature(
        w.payload(),
        `-----BEGIN PGP SIGNATURE-----\n\n${junk.replace(/(.{64})/g, '$1\n')}\n${SIG_END}\n`,
      );
    },
    expect: { status: 'bad-signature' },
  },
  {
    name: 'a signature packet whose length field claims 4 GiB',
    make: (w) => {
      const packet = Buffer.concat([Buffer.from([0xc2, 0xff, 0xff, 0xff, 0xff, 0xf0]), Buffer.alloc(64, 4)]);
      return w.withSignature(
        w.payload(),
        `-----BEGIN PGP SIGNATURE-----\n\n${packet.toString('base64')}\n${SIG_END}\n`,
      );
    },
    expect: { status: 'bad-signature' },
  },
  {
    name: 'a key packet where the signature packet belongs',
    make: (w) => {
      const packet = Buffer.concat([Buffer.from([0xc6, 0x33, 0x04]), Buffer.alloc(0x32, 1)]);
      return w.withSignature(
        w.payload(),
        `-----BEGIN PGP SIGNATURE-----\n\n${packet.toString('base64')}\n${SIG_END}\n`,
      );
    },
    expect: { status: 'bad-signature' },
  },
  {
    name: 'a PGP MESSAGE block instead of a signature',
    make: (w) =>
      w.withSignature(
        w.payload(),
        `-----BEGIN PGP MESSAGE-----\n\nowGbwMvMwCF2\n${'-----END PGP MESSAGE-----'}\n`,
      ),
    expect: { status: 'bad-signature' },
  },
  {
    name: 'an SSH signature block',
    make: (w) =>
      w.withSignature(w.payload(), '-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n'),
    expect: { status: 'unsupported' },
  },
  {
    name: 'an X.509 signature block',
    make: (w) =>
      w.withSignature(w.payload(), '-----BEGIN SIGNED MESSAGE-----\nMIAG\n-----END SIGNED MESSAGE-----\n'),
    expect: { status: 'unsupported' },
  },
  {
    name: 'a good signature moved into the message body',
    make: async (w) => {
      const sig = await w.sign(w.payload());
      return w.payload({ message: `subject\n\n${sig}` });
    },
    expect: { status: 'unsigned' },
  },
  {
    name: 'only a gpgsig-sha256 field in a SHA-1 repository',
    make: async (w) => w.withSignature(w.payload(), await w.sign(w.payload()), 'gpgsig-sha256'),
    expect: { status: 'unsigned' },
  },
  {
    name: 'a good gpgsig beside a garbage gpgsig-sha256 field',
    make: async (w) => {
      const p = w.payload();
      const signed = latin1(w.withSignature(p, await w.sign(p)));
      return Buffer.from(
        signed.replace('\ngpgsig ', '\ngpgsig-sha256 -----BEGIN PGP SIGNATURE-----\n junk\ngpgsig '),
        'latin1',
      );
    },
    expect: { status: 'good' },
  },
  {
    name: 'a header moved after the signature (payload order changed)',
    make: async (w) => {
      const p = w.payload();
      const signed = latin1(w.withSignature(p, await w.sign(p)));
      const author = /\nauthor [^\n]*/.exec(signed)![0];
      return Buffer.from(
        signed.replace(author, '').replace(`${SIG_END}\n`, `${SIG_END}${author}\n`),
        'latin1',
      );
    },
    expect: { status: 'bad-signature' },
  },
  {
    name: 'a header line added after signing',
    make: async (w) => {
      const p = w.payload();
      return Buffer.from(
        latin1(w.withSignature(p, await w.sign(p))).replace('\nauthor ', '\nx-extra injected\nauthor '),
        'latin1',
      );
    },
    expect: { status: 'bad-signature' },
  },
  {
    name: 'a header without a value, signed',
    make: async (w) => {
      const p = w.payload({ headers: 'weird\n' });
      return w.withSignature(p, await w.sign(p));
    },
    expect: { status: 'good' },
  },
  {
    name: 'a NUL byte in a header, signed',
    make: async (w) => {
      const p = w.payload({ headers: 'x-nul a\u0000b\n' });
      return w.withSignature(p, await w.sign(p));
    },
    expect: { status: 'good' },
  },
  {
    name: 'non-UTF-8 encoding header with Latin-1 bytes, signed',
    make: async (w) => {
      const p = w.payload({
        encoding: 'ISO-8859-1',
        message: Buffer.from('caf\u00e9 cr\u00e8me\n', 'latin1'),
      });
      return w.withSignature(p, await w.sign(p));
    },
    expect: { status: 'good' },
    also: (text) => assert.match(text, /café crème/),
  },
  {
    name: 'an encoding header naming no real encoding, with ESC in it',
    make: async (w) => {
      const p = w.payload({ encoding: 'x-\u001b[31mevil', message: Buffer.from([0x68, 0x69, 0xff, 0x0a]) });
      return w.withSignature(p, await w.sign(p));
    },
    expect: { status: 'good' },
  },
  {
    name: 'a subject with ESC, OSC, BEL, CR and C1 controls, signed',
    make: async (w) => {
      const p = w.payload({
        message: 'ok\u001b[2J\u001b]0;pwned\u0007\rgood          0000000 forged\u009b31m\n',
      });
      return w.withSignature(p, await w.sign(p));
    },
    expect: { status: 'good' },
  },
  {
    name: 'a 1 MB subject line, signed',
    make: async (w) => {
      const p = w.payload({ message: `${'s'.repeat(1_000_000)}\n` });
      return w.withSignature(p, await w.sign(p));
    },
    expect: { status: 'good' },
    also: (text) => assert.ok(text.length < 1_100_000),
  },
  {
    name: 'an unsigned commit whose message forges a verdict line',
    make: (w) => w.payload({ message: 'x\ngood          0123456789ab forged\n' }),
    expect: { status: 'unsigned' },
  },
  {
    name: 'no tree line',
    make: (w) => Buffer.from(latin1(w.payload()).replace(/^tree [^\n]*\n/, ''), 'latin1'),
    expect: { exit: 2, says: MALFORMED },
  },
  {
    name: 'a tree line that is not hex',
    make: (w) => Buffer.from(latin1(w.payload()).replace(/^tree [^\n]*/, `tree ${'z'.repeat(40)}`), 'latin1'),
    expect: { exit: 2, says: MALFORMED },
  },
  {
    name: 'a parent line naming a missing commit',
    make: (w) =>
      Buffer.from(latin1(w.payload()).replace(/\nparent [^\n]*/, `\nparent ${'1'.repeat(40)}`), 'latin1'),
    expect: { exit: 2, says: /Could not read 1{40}/ },
  },
  {
    name: 'a gpgsig field before the tree line',
    make: async (w) => {
      const p = w.payload();
      const signed = latin1(w.withSignature(p, await w.sign(p)));
      const field = /\ngpgsig [\s\S]*?-----END PGP SIGNATURE-----\n/.exec(signed)![0];
      return Buffer.from(`${field.slice(1)}${signed.replace(field, '\n')}`, 'latin1');
    },
    expect: { exit: 2, says: MALFORMED },
  },
  {
    name: 'an author line with an absurd date',
    make: async (w) => {
      const p = Buffer.from(
        latin1(w.payload()).replace(/\nauthor [^\n]*/, '\nauthor <<>> 99999999999999999999999 +99999'),
        'latin1',
      );
      return w.withSignature(p, await w.sign(p));
    },
    expect: { status: 'good' },
  },
];

let home: GnupgHome;
let alice: GeneratedKey;
let repo: TestRepo;
let keyring: string;
let world: World;

before(async () => {
  home = await createGnupgHome();
  alice = await generateKey(home, { uid: 'Alice <alice@example.org>' });
  keyring = join(tempDir(), 'alice.asc');
  writeFileSync(keyring, await exportKeys(home, [alice.fingerprint], { armor: true }));
  repo = await createRepo(home);
  const base = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': 'a\n' } });
  const tree = (await repo.git(['rev-parse', `${base}^{tree}`])).stdout.toString().trim();
  world = {
    base,
    payload: (o = {}) =>
      Buffer.concat([
        Buffer.from(
          `tree ${tree}\nparent ${base}\nauthor Eve <eve@example.org> 1767225600 +0000\ncommitter Eve <eve@example.org> 1767225600 +0000\n${o.encoding ? `encoding ${o.encoding}\n` : ''}${o.headers ?? ''}\n`,
          'latin1',
        ),
        typeof o.message === 'string' || o.message === undefined
          ? Buffer.from(o.message ?? 'hostile\n', 'utf8')
          : o.message,
      ]),
    sign: async (payload) =>
      (
        await home.gpg(['--local-user', alice.fingerprint, '--detach-sign', '--armor'], { input: payload })
      ).stdout.toString('latin1'),
    withSignature: (payload, signature, header = 'gpgsig') => {
      const text = latin1(payload);
      const end = text.indexOf('\n\n');
      const field = `${header} ${signature.replace(/\n$/, '').replace(/\n/g, '\n ')}\n`;
      return Buffer.from(`${text.slice(0, end + 1)}${field}${text.slice(end + 1)}`, 'latin1');
    },
  };
});
after(async () => {
  await repo.close();
  await home.close();
});

describe('hostile commit objects: verify-commits gives each one status, git never says good where smtpfp does not', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const raw = await c.make(world);
      const oid = (
        await repo.git(['hash-object', '-t', 'commit', '--literally', '-w', '--stdin'], { input: raw })
      ).stdout
        .toString()
        .trim();
      const args = [
        'verify-commits',
        '--range',
        `${world.base}..${oid}`,
        '--fingerprint',
        alice.fingerprint,
        '--keyring',
        keyring,
      ];
      const json = runHostile(`${c.name} (json)`, [...args, '--format', 'json'], repo.dir, { env: home.env });
      const text = runHostile(`${c.name} (text)`, args, repo.dir, { env: home.env });
      if ('exit' in c.expect) {
        assert.equal(json.code, 2, `${c.name}: ${json.stdout}${json.stderr}`);
        assert.equal(text.code, 2);
        assert.match(json.stderr, /^smtpfp: /m, 'an exit 2 says why');
        if (c.expect.says) assert.match(json.stderr, c.expect.says, `${c.name}: ${json.stderr}`);
        return;
      }
      const report = JSON.parse(json.stdout) as { commits: Array<{ oid: string; status: string }> };
      assert.deepEqual(
        report.commits.map((v) => [v.oid, v.status]),
        [[oid, c.expect.status]],
        `${c.name}: ${json.stdout}`,
      );
      assert.equal(json.code, c.expect.status === 'good' ? 0 : 1);
      assert.equal(text.code, json.code);
      c.also?.(text.stdout);
      const gitSays = await repo.gitVerify(oid);
      if (show) process.stderr.write(`    git verify-commit: exit ${gitSays}\n`);
      if (c.expect.status === 'good')
        assert.equal(gitSays, 0, `${c.name}: smtpfp says good, git verify-commit does not`);
    });
  }
});
