/**
 * Hostile keyrings (SPEC §3.2, §5): the `--keyring` file, and the policy that names signers, are
 * input too (a keyring folder is committed to the publisher repository). A keyring smtpfp cannot
 * use is exit 2 with a message; a usable one never makes a commit good that is not.
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
import { runHostile } from './harness.ts';

interface Keys {
  armored: string;
  binary: Buffer;
  /** The other key's armored export (not an allowed signer). */
  mallory: string;
}

interface KeyringCase {
  name: string;
  keyring(k: Keys): string | Uint8Array;
  /**
   * exit 2 (the keyring is unusable), the commit's status, or `refused`: exit 2 or a status that
   * is not good (a damaged block may be skipped with a warning, SPEC §3.2, when others are usable).
   */
  expect: { exit: 2 } | { status: string } | { refused: true };
}

/** CRC-24 of OpenPGP armor (RFC 9580 §6.1). */
function crc24(data: Uint8Array): number {
  let crc = 0xb704ce;
  for (const byte of data) {
    crc ^= byte << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

function armor(binary: Uint8Array, opts: { crc?: number; headers?: string } = {}): string {
  const crc = opts.crc ?? crc24(binary);
  const crcText = Buffer.from([crc >> 16, (crc >> 8) & 0xff, crc & 0xff]).toString('base64');
  const body = Buffer.from(binary)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN PGP PUBLIC KEY BLOCK-----\n${opts.headers ?? ''}\n${body}\n=${crcText}\n-----END PGP PUBLIC KEY BLOCK-----\n`;
}

/** The packets of a binary export: [tag, start, end] of each (new-format headers, as gpg writes). */
function packets(bin: Buffer): Array<{ tag: number; start: number; end: number; body: number }> {
  const out: Array<{ tag: number; start: number; end: number; body: number }> = [];
  let pos = 0;
  while (pos < bin.length) {
    const h = bin[pos]!;
    let tag: number;
    let len: number;
    let body: number;
    if (h & 0x40) {
      tag = h & 0x3f;
      const f = bin[pos + 1]!;
      if (f < 192) [len, body] = [f, pos + 2];
      else if (f < 224) [len, body] = [((f - 192) << 8) + bin[pos + 2]! + 192, pos + 3];
      else [len, body] = [bin.readUInt32BE(pos + 2), pos + 6];
    } else {
      tag = (h >> 2) & 0x0f;
      const size = 1 << (h & 3);
      body = pos + 1 + size;
      len = 0;
      for (let i = pos + 1; i < body; i++) len = len * 256 + bin[i]!;
    }
    out.push({ tag, start: pos, end: body + len, body });
    pos = body + len;
  }
  return out;
}

/** A copy of the export with the last byte of every signature packet (its MPI) flipped. */
function breakSelfSignatures(bin: Buffer): Buffer {
  const copy = Buffer.from(bin);
  for (const p of packets(bin)) if (p.tag === 2) copy[p.end - 1]! ^= 0x55;
  return copy;
}

const cases: KeyringCase[] = [
  { name: 'baseline: the allowed key, armored', keyring: (k) => k.armored, expect: { status: 'good' } },
  { name: 'baseline: the allowed key, binary', keyring: (k) => k.binary, expect: { status: 'good' } },
  { name: 'an empty file', keyring: () => '', expect: { exit: 2 } },
  {
    name: '4 KiB of garbage',
    keyring: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24)),
    expect: { exit: 2 },
  },
  { name: 'text that is not OpenPGP', keyring: () => 'hello\nworld\n', expect: { exit: 2 } },
  {
    name: 'the binary export cut in half',
    keyring: (k) => k.binary.subarray(0, k.binary.length >> 1),
    expect: { refused: true },
  },
  {
    name: 'the binary export cut inside the first packet',
    keyring: (k) => k.binary.subarray(0, 20),
    expect: { refused: true },
  },
  {
    name: 'an armored block cut before its END line',
    keyring: (k) => k.armored.slice(0, k.armored.length - 60),
    expect: { refused: true },
  },
  {
    name: 'an armored block with a wrong checksum',
    keyring: (k) => armor(k.binary, { crc: crc24(k.binary) ^ 1 }),
    expect: { status: 'good' },
  },
  {
    name: 'an armored block with a right checksum (re-armored here)',
    keyring: (k) => armor(k.binary),
    expect: { status: 'good' },
  },
  {
    name: 'armor headers with ESC and BEL',
    keyring: (k) => armor(k.binary, { headers: 'Comment: \u001b]0;pwned\u0007\u001b[2J\n' }),
    expect: { status: 'good' },
  },
  {
    name: 'base64 garbage inside the armor',
    keyring: () =>
      `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${'*&^%$#@!'.repeat(20)}\n-----END PGP PUBLIC KEY BLOCK-----\n`,
    expect: { refused: true },
  },
  {
    name: 'bad self-signatures: every signature packet damaged',
    keyring: (k) => breakSelfSignatures(k.binary),
    expect: { status: 'bad-signature' },
  },
  {
    name: 'the public-key packet alone (no user ID, no self-signature)',
    keyring: (k) => k.binary.subarray(0, packets(k.binary)[0]!.end),
    expect: { status: 'bad-signature' },
  },
  {
    name: 'a packet length that claims 4 GiB',
    keyring: () => Buffer.concat([Buffer.from([0xc6, 0xff, 0xff, 0xff, 0xff, 0xf0]), Buffer.alloc(200, 4)]),
    expect: { refused: true },
  },
  {
    name: 'a signature block where a key block is expected',
    keyring: () => '-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n-----END PGP SIGNATURE-----\n',
    expect: { exit: 2 },
  },
  {
    name: 'over 4 MiB',
    keyring: (k) => `${k.armored}\n${'#'.repeat(4 * 1024 * 1024)}\n`,
    expect: { exit: 2 },
  },
  {
    name: 'the allowed key repeated 1,000 times',
    keyring: (k) => Buffer.concat(Array.from({ length: 1000 }, () => k.binary)),
    expect: { status: 'good' },
  },
  {
    name: "the allowed key's primary packet with another key's user ID and self-signature",
    keyring: (k) => {
      const mal = Buffer.from(
        k.mallory.replace(/-----[^\n]*-----|=....\n|\n/g, '').replace(/^.*?\n\n/s, ''),
        'base64',
      );
      const ours = packets(k.binary)[0]!;
      const theirs = packets(mal).slice(1);
      return Buffer.concat([
        k.binary.subarray(ours.start, ours.end),
        ...theirs.map((p) => mal.subarray(p.start, p.end)),
      ]);
    },
    expect: { status: 'bad-signature' },
  },
];

let home: GnupgHome;
let alice: GeneratedKey;
let repo: TestRepo;
let keys: Keys;
let base: string;
let tip: string;

before(async () => {
  home = await createGnupgHome();
  alice = await generateKey(home, { uid: 'Alice <alice@example.org>' });
  const mallory = await generateKey(home, { uid: 'Mallory <mallory@example.org>' });
  keys = {
    armored: Buffer.from(await exportKeys(home, [alice.fingerprint], { armor: true })).toString('latin1'),
    binary: Buffer.from(await exportKeys(home, [alice.fingerprint])),
    mallory: Buffer.from(await exportKeys(home, [mallory.fingerprint], { armor: true })).toString('latin1'),
  };
  repo = await createRepo(home);
  base = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
  tip = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '2' } });
});
after(async () => {
  await repo.close();
  await home.close();
});

describe('hostile keyrings: exit 2 with a message, or a status that is never wrongly good', () => {
  for (const c of cases) {
    it(c.name, () => {
      const file = join(tempDir(), 'keyring.asc');
      writeFileSync(file, c.keyring(keys));
      const args = [
        'verify-commits',
        '--range',
        `${base}..${tip}`,
        '--fingerprint',
        alice.fingerprint,
        '--keyring',
        file,
      ];
      const json = runHostile(`${c.name} (json)`, [...args, '--format', 'json'], repo.dir);
      runHostile(`${c.name} (text)`, args, repo.dir);
      if ('refused' in c.expect) {
        if (json.code === 2)
          assert.match(json.stderr, /^smtpfp: .*keyring/m, 'the message names the keyring');
        else {
          const statuses = (JSON.parse(json.stdout) as { commits: Array<{ status: string }> }).commits.map(
            (v) => v.status,
          );
          assert.ok(json.code === 1 && !statuses.includes('good'), `${c.name}: ${json.stdout}`);
        }
        return;
      }
      if ('exit' in c.expect) {
        assert.equal(json.code, 2, `${c.name}: ${json.stdout}${json.stderr}`);
        assert.match(json.stderr, /^smtpfp: .*keyring/m, 'the message names the keyring');
        return;
      }
      const report = JSON.parse(json.stdout) as { commits: Array<{ status: string }> };
      assert.deepEqual(
        report.commits.map((v) => v.status),
        [c.expect.status],
        `${c.name}: ${json.stdout}${json.stderr}`,
      );
    });
  }
});

interface PolicyCase {
  name: string;
  /** Files of the trusted base commit besides the allowed key at keys/alice.asc. */
  files: (k: Keys, fingerprint: string) => Record<string, string | Uint8Array>;
  links?: Record<string, string>;
  /** exit 2 (the policy is unusable) or the tip commit's status. */
  expect: { exit: 2 } | { status: string };
}

const policyCases: PolicyCase[] = [
  {
    name: 'baseline: the policy names the signer and keys/',
    files: (_, f) => ({ '.smtpfp.yml': `version: 1\nsigners: [${f}]\nkeyring: keys/\n` }),
    expect: { status: 'good' },
  },
  {
    name: 'an alias bomb',
    files: () => {
      const lines = ['version: 1', 'a0: &a0 [x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 9; i++)
        lines.push(
          `a${i}: &a${i} [${Array(9)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
        );
      return { '.smtpfp.yml': `${lines.join('\n')}\n` };
    },
    expect: { exit: 2 },
  },
  {
    name: 'random bytes',
    files: () => ({ '.smtpfp.yml': Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 97) & 0xff)) }),
    expect: { exit: 2 },
  },
  {
    name: 'a keyring path that leaves the repository',
    files: (_, f) => ({ '.smtpfp.yml': `version: 1\nsigners: [${f}]\nkeyring: ../../../../etc/\n` }),
    expect: { exit: 2 },
  },
  {
    name: 'an absolute keyring path',
    files: (_, f) => ({ '.smtpfp.yml': `version: 1\nsigners: [${f}]\nkeyring: /etc/passwd\n` }),
    expect: { exit: 2 },
  },
  {
    name: 'a keyring that is a committed symlink out of the repository',
    files: (_, f) => ({ '.smtpfp.yml': `version: 1\nsigners: [${f}]\nkeyring: ring.asc\n` }),
    links: { 'ring.asc': '/etc/passwd' },
    expect: { exit: 2 },
  },
  {
    name: '10,000 signers',
    files: (_, f) => ({
      '.smtpfp.yml': `version: 1\nsigners:\n${Array.from({ length: 10_000 }, (_, i) => `  - ${i.toString(16).toUpperCase().padStart(40, 'A')}`).join('\n')}\n  - ${f}\nkeyring: keys/\n`,
    }),
    expect: { status: 'good' },
  },
];

describe('hostile signing policy at the trusted base: exit 2 with a message, never a wrong good', () => {
  for (const c of policyCases) {
    it(c.name, async () => {
      const r = await createRepo(home);
      try {
        await r.commit({
          files: {
            'keys/alice.asc': keys.armored,
            ...(c.files(keys, alice.fingerprint) as Record<string, string>),
          },
        });
        for (const [path, target] of Object.entries(c.links ?? {})) {
          const { symlinkSync } = await import('node:fs');
          symlinkSync(target, join(r.dir, path));
          await r.git(['add', '--', path]);
          await r.git(['commit', '-q', '--no-gpg-sign', '-m', 'link']);
        }
        const policyBase = (await r.git(['rev-parse', 'HEAD'])).stdout.toString().trim();
        const signedTip = await r.commit({ signWith: alice.fingerprint, files: { 'b.txt': 'b' } });
        const args = ['verify-commits', '--range', `${policyBase}..${signedTip}`];
        const json = runHostile(`${c.name} (json)`, [...args, '--format', 'json'], r.dir, { env: home.env });
        runHostile(`${c.name} (text)`, args, r.dir, { env: home.env });
        if ('exit' in c.expect) {
          assert.equal(json.code, 2, `${c.name}: ${json.stdout}${json.stderr}`);
          assert.match(json.stderr, /^smtpfp: /m);
          return;
        }
        const report = JSON.parse(json.stdout) as { commits: Array<{ status: string }> };
        assert.deepEqual(
          report.commits.map((v) => v.status),
          [c.expect.status],
          json.stderr,
        );
      } finally {
        await r.close();
      }
    });
  }
});
