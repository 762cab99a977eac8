import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { smtpfp } from '../helpers/cli.ts';
import {
  createGnupgHome,
  createRepo,
  exportKeys,
  type GeneratedKey,
  type GnupgHome,
  generateKey,
} from '../helpers/gpg.ts';
import { tempDir } from '../helpers/tmp.ts';

interface JsonReport {
  commits: Array<{ oid: string; status: string; signer: string | null; message: string }>;
  summary: { total: number; good: number; bad: number };
}

let home: GnupgHome;
let alice: GeneratedKey;
let mallory: GeneratedKey;
let aliceAsc: string;
let bothAsc: string;

before(async () => {
  home = await createGnupgHome();
  alice = await generateKey(home, { uid: 'Alice <alice@example.org>' });
  mallory = await generateKey(home, { uid: 'Mallory <mallory@example.org>' });
  const dir = tempDir();
  aliceAsc = join(dir, 'alice.asc');
  bothAsc = join(dir, 'both.asc');
  writeFileSync(aliceAsc, await exportKeys(home, [alice.fingerprint], { armor: true }));
  writeFileSync(bothAsc, await exportKeys(home, [alice.fingerprint, mallory.fingerprint], { armor: true }));
});
after(async () => home.close());

const json = (cwd: string, args: string[]) => {
  const r = smtpfp(['verify-commits', '--format', 'json', ...args], { cwd });
  return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as JsonReport) : undefined };
};

describe('verify-commits: ranges and output (SPEC §3.2)', () => {
  it('--all: every commit, one verdict each, the documented JSON shape, exit 1 on a bad one', async () => {
    const repo = await createRepo(home);
    const c1 = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
    const c2 = await repo.commit({ signWith: null, files: { 'a.txt': '2' } });
    const c3 = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '3' } });
    const r = json(repo.dir, ['--all', '--fingerprint', alice.fingerprint, '--keyring', aliceAsc]);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(
      r.report!.commits.map((c) => [c.oid, c.status, c.signer]),
      [
        [c3, 'good', alice.fingerprint],
        [c2, 'unsigned', null],
        [c1, 'good', alice.fingerprint],
      ],
    );
    assert.deepEqual(r.report!.summary, { total: 3, good: 2, bad: 1 });
    assert.match(c1, /^[0-9a-f]{40}$/);
  });

  it('--range A..B and --since A verify only what B adds', async () => {
    const repo = await createRepo(home);
    const base = await repo.commit({ signWith: null, files: { 'a.txt': '1' } }); // unsigned, but trusted history
    const c2 = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '2' } });
    const trust = ['--fingerprint', alice.fingerprint, '--keyring', aliceAsc];
    const r = json(repo.dir, ['--range', `${base}..${c2}`, ...trust]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.report!.commits.map((c) => c.oid),
      [c2],
    );
    const s = json(repo.dir, ['--since', base, ...trust]);
    assert.deepEqual(s.report!.commits, r.report!.commits);
    assert.equal(json(repo.dir, ['--all', ...trust]).code, 1, 'the unsigned base is bad when verified');
  });

  it('a signature by a key that is not allowed is not-allowed, with the signer named', async () => {
    const repo = await createRepo(home);
    const c = await repo.commit({ signWith: mallory.fingerprint, files: { 'a.txt': '1' } });
    const r = json(repo.dir, ['--all', '--fingerprint', alice.fingerprint, '--keyring', bothAsc]);
    assert.equal(r.code, 1);
    assert.deepEqual(r.report!.commits[0], {
      oid: c,
      status: 'not-allowed',
      signer: mallory.fingerprint,
      message: r.report!.commits[0]!.message,
    });
  });

  it('fingerprints may be written with spaces and in lowercase', async () => {
    const repo = await createRepo(home);
    await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
    const spaced = alice.fingerprint
      .toLowerCase()
      .replace(/(.{4})/g, '$1 ')
      .trim();
    assert.equal(json(repo.dir, ['--all', '--fingerprint', spaced, '--keyring', aliceAsc]).code, 0);
  });

  it('--tags verifies annotated tags pointing into the range', async () => {
    const repo = await createRepo(home);
    await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
    const signed = await repo.tag('v1', { signWith: alice.fingerprint });
    const unsigned = await repo.tag('v1-unsigned', { signWith: null });
    const trust = ['--fingerprint', alice.fingerprint, '--keyring', aliceAsc];
    assert.equal(json(repo.dir, ['--all', ...trust]).report!.summary.total, 1, 'tags only with --tags');
    const r = json(repo.dir, ['--all', '--tags', ...trust]);
    const byOid = new Map(r.report!.commits.map((c) => [c.oid, c.status]));
    assert.equal(byOid.get(signed), 'good');
    assert.equal(byOid.get(unsigned), 'unsigned');
    assert.equal(r.code, 1);
  });

  it('text output names each commit and a closing summary', async () => {
    const repo = await createRepo(home);
    await repo.commit({ signWith: null, files: { 'a.txt': '1' }, message: 'sneaky change\n' });
    const r = smtpfp(['verify-commits', '--all', '--fingerprint', alice.fingerprint, '--keyring', aliceAsc], {
      cwd: repo.dir,
    });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^unsigned\s+[0-9a-f]{12} sneaky change$/m);
    assert.match(r.stdout, /1 of 1 commit not good/);
  });

  it('github format: an error annotation per bad commit', async () => {
    const repo = await createRepo(home);
    const c = await repo.commit({ signWith: null, files: { 'a.txt': '1' } });
    const r = smtpfp(
      [
        'verify-commits',
        '--all',
        '--format',
        'github',
        '--fingerprint',
        alice.fingerprint,
        '--keyring',
        aliceAsc,
      ],
      { cwd: repo.dir },
    );
    assert.match(r.stdout, new RegExp(`^::error title=smtpfp unsigned::commit ${c}`, 'm'));
  });

  it('the default range is what no remote-tracking branch has', async () => {
    const origin = await createRepo(home);
    await origin.commit({ signWith: null, files: { 'a.txt': 'unsigned history' } });
    const clone = tempDir();
    await origin.git(['clone', '-q', origin.dir, clone]);
    const local = await createRepo(home);
    await local.git(['-C', clone, 'config', 'user.email', 'alice@example.org']);
    await local.git(['-C', clone, 'config', 'user.name', 'Alice']);
    writeFileSync(join(clone, 'b.txt'), 'new');
    await local.git(['-C', clone, 'add', 'b.txt']);
    await local.git(['-C', clone, 'commit', '-q', '-m', 'local unsigned']);
    const r = json(clone, ['--fingerprint', alice.fingerprint, '--keyring', aliceAsc]);
    assert.equal(r.report!.summary.total, 1, 'only the local commit');
    assert.equal(r.report!.commits[0]!.status, 'unsigned');
  });
});

describe('verify-commits: the policy comes from the trusted base (SPEC §2.2)', () => {
  it('a push cannot authorize itself by editing .smtpfp.yml and keys/', async () => {
    const repo = await createRepo(home);
    const aliceKey = await exportKeys(home, [alice.fingerprint], { armor: true });
    const malloryKey = await exportKeys(home, [mallory.fingerprint], { armor: true });
    const base = await repo.commit({
      signWith: alice.fingerprint,
      files: {
        '.smtpfp.yml': `version: 1\nsigners:\n  - ${alice.fingerprint}\nkeyring: keys/\n`,
        'keys/alice.asc': Buffer.from(aliceKey).toString(),
        'keys/README.md': 'The signers of this repository.\n',
      },
    });
    const good = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
    const ok = json(repo.dir, ['--range', `${base}..${good}`]);
    assert.equal(ok.code, 0, ok.stderr);

    // Mallory adds herself to the policy and the keyring, and signs that very commit.
    const evil = await repo.commit({
      signWith: mallory.fingerprint,
      files: {
        '.smtpfp.yml': `version: 1\nsigners:\n  - ${alice.fingerprint}\n  - ${mallory.fingerprint}\nkeyring: keys/\n`,
        'keys/mallory.asc': Buffer.from(malloryKey).toString(),
      },
    });
    const r = json(repo.dir, ['--range', `${base}..${evil}`]);
    assert.equal(r.code, 1);
    assert.equal(r.report!.commits[0]!.oid, evil);
    // Her key is read from the commit (keys only identify signers), but the signer set in force at
    // its parent names alice only.
    assert.equal(r.report!.commits[0]!.status, 'not-allowed');
    assert.equal(r.report!.commits[0]!.signer, mallory.fingerprint);
    assert.match(
      r.report!.commits[0]!.message,
      new RegExp(`signers in force: ${alice.fingerprint} at ${good.slice(0, 12)}`),
    );

    // With no base the tip's policy is all there is: it is used, and a warning says so.
    const all = json(repo.dir, ['--all']);
    assert.match(all.stderr, /no trusted base commit/);
  });
});

describe('verify-commits: environment errors exit 2 (SPEC §3.2)', () => {
  it('a missing keyring, a file with no key, no allowed fingerprint, a malformed one, a bad range', async () => {
    const repo = await createRepo(home);
    await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
    const notKeys = join(tempDir(), 'notes.txt');
    writeFileSync(notKeys, 'no key in here\n');
    const cases: Array<[string[], RegExp]> = [
      [['--all', '--fingerprint', alice.fingerprint, '--keyring', '/nonexistent.asc'], /does not exist/],
      [['--all', '--fingerprint', alice.fingerprint, '--keyring', notKeys], /notes\.txt/],
      [['--all', '--keyring', aliceAsc], /no allowed signer/],
      [['--all', '--fingerprint', 'ABCD', '--keyring', aliceAsc], /40 or 64 hex/],
      [
        ['--range', 'nope..HEAD', '--fingerprint', alice.fingerprint, '--keyring', aliceAsc],
        /names no commit/,
      ],
      [['--range', 'HEAD', '--fingerprint', alice.fingerprint, '--keyring', aliceAsc], /A\.\.B/],
      [['--all', '--since', 'HEAD'], /exclude each other/],
    ];
    for (const [args, why] of cases) {
      const r = smtpfp(['verify-commits', ...args], { cwd: repo.dir });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, why);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
    assert.equal(smtpfp(['verify-commits', '--all'], { cwd: tempDir() }).code, 2, 'not a repository');
  });

  it('an allowed fingerprint without a key only warns (its commits are unknown-key)', async () => {
    const repo = await createRepo(home);
    await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
    const r = json(repo.dir, [
      '--all',
      '--fingerprint',
      alice.fingerprint,
      '--fingerprint',
      mallory.fingerprint,
      '--keyring',
      aliceAsc,
    ]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, new RegExp(`${mallory.fingerprint} has no public key`));
  });
});
