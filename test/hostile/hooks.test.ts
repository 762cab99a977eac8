/**
 * Hostile input to the hooks (SPEC §3.3, §5): the lines git hands `pre-push` on stdin, and a
 * hostile index under `pre-commit`. The push is refused (exit 1 or 2) or verified; nothing leaks
 * to the terminal and nothing is written.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
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
import { TestRepo as PlainRepo } from '../helpers/repo.ts';
import { tempDir } from '../helpers/tmp.ts';
import { runHostile } from './harness.ts';

const ZERO = '0'.repeat(40);

interface PushCase {
  name: string;
  input(oids: { signed: string; unsigned: string }): string | Buffer;
  /** 0: verified and good; 1: a commit not good; 2: refused as input. */
  exit: 0 | 1 | 2;
}

const cases: PushCase[] = [
  {
    name: 'baseline: a signed new branch',
    input: (o) => `refs/heads/main ${o.signed} refs/heads/main ${ZERO}\n`,
    exit: 0,
  },
  {
    name: 'baseline: an unsigned commit',
    input: (o) => `refs/heads/main ${o.unsigned} refs/heads/main ${ZERO}\n`,
    exit: 1,
  },
  { name: 'a line of garbage', input: () => 'hello world\n', exit: 2 },
  {
    name: 'three fields instead of four',
    input: (o) => `refs/heads/main ${o.signed} refs/heads/main\n`,
    exit: 2,
  },
  {
    name: 'an oid that is not hex',
    input: () => `refs/heads/main ${'z'.repeat(40)} refs/heads/main ${ZERO}\n`,
    exit: 2,
  },
  {
    name: 'an oid that looks like an option',
    input: () => `refs/heads/main --output=/tmp/smtpfp-pwned refs/heads/main ${ZERO}\n`,
    exit: 2,
  },
  {
    name: 'an oid that is not in the repository',
    input: () => `refs/heads/main ${'1'.repeat(40)} refs/heads/main ${ZERO}\n`,
    exit: 2,
  },
  {
    name: 'a ref name with ESC and OSC sequences',
    input: (o) =>
      `refs/heads/\u001b]0;pwned\u0007\u001b[2J ${o.unsigned} refs/heads/\u001b[31mmain ${ZERO}\n`,
    exit: 1,
  },
  {
    // The local ref name is only a label: what is verified is the object id.
    name: 'NUL bytes in a local ref name',
    input: (o) => `refs/heads/main\u0000 ${o.signed} refs/heads/main ${ZERO}\n`,
    exit: 0,
  },
  {
    name: 'CRLF line ends',
    input: (o) => `refs/heads/main ${o.signed} refs/heads/main ${ZERO}\r\n`,
    exit: 0,
  },
  {
    name: '10,000 branch deletions',
    input: (o) => `(delete) ${ZERO} refs/heads/gone ${o.signed}\n`.repeat(10_000),
    exit: 0,
  },
  { name: 'over 16 MiB of input', input: () => Buffer.alloc(16 * 1024 * 1024 + 10, 0x61), exit: 2 },
  {
    name: 'random bytes',
    input: () => Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 40503) & 0xff)),
    exit: 2,
  },
];

let home: GnupgHome;
let alice: GeneratedKey;
let repo: TestRepo;
let keyring: string;
const oids = { signed: '', unsigned: '' };

before(async () => {
  home = await createGnupgHome();
  alice = await generateKey(home, { uid: 'Alice <alice@example.org>' });
  keyring = join(tempDir(), 'alice.asc');
  writeFileSync(keyring, await exportKeys(home, [alice.fingerprint], { armor: true }));
  repo = await createRepo(home);
  oids.signed = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
  oids.unsigned = await repo.commit({ files: { 'a.txt': '2' } });
});
after(async () => {
  await repo.close();
  await home.close();
});

describe('hostile pre-push input: refused or verified, never trusted', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = runHostile(
        c.name,
        [
          'pre-push',
          'origin',
          '/nonexistent/remote.git',
          '--fingerprint',
          alice.fingerprint,
          '--keyring',
          keyring,
        ],
        repo.dir,
        { input: c.input(oids), env: home.env },
      );
      assert.equal(r.code, c.exit, `${c.name}: ${r.stdout}${r.stderr}`);
      if (c.exit === 2) assert.match(r.stderr, /^smtpfp: /m, 'exit 2 says why');
      assert.equal(existsSync('/tmp/smtpfp-pwned'), false, 'no value reaches git as an option');
    });
  }
});

describe('hostile index under pre-commit', () => {
  it('a staged alias bomb and an ESC-named service file are findings, never a hang or a raw escape', () => {
    const plain = new PlainRepo();
    plain.write('x.yml', 'version: 1\n').commit('start');
    const bomb = ['version: 1', 'a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    plain
      .write('smtp.yml', `${bomb.join('\n')}\n`)
      .write('\u001b]0;pwned\u0007.yml', 'version: 2\n')
      .add();
    const r = runHostile('pre-commit', ['pre-commit'], plain.dir, { env: plain.env });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /smtp\.yml: error: .*alias.* \[yaml-syntax\]/);
    assert.match(r.stdout, /\]0;pwned.*\.yml:1:1: error: /);
  });
});
