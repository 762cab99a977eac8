/**
 * verify-commits (the built CLI) against hostile repositories and inputs (SPEC §3.2, §5): replace
 * refs, huge objects, special files as keyrings, control characters in error messages, keyring
 * files gpg reads, bare repositories. Everything is made by the real git and gpg.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as openpgp from 'openpgp';
import { splitCommit } from '../../src/signing/payload.ts';
import { BIN, type CliRun } from '../helpers/cli.ts';
import {
  createGnupgHome,
  createRepo,
  exportKeys,
  type GeneratedKey,
  type GnupgHome,
  generateKey,
  run,
} from '../helpers/gpg.ts';
import { tempDir } from '../helpers/tmp.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

interface JsonReport {
  commits: Array<{ oid: string; status: string; signer: string | null; message: string }>;
  summary: { total: number; good: number; bad: number };
}

let home: GnupgHome;
let alice: GeneratedKey;
let bob: GeneratedKey;
let aliceAsc: string;
let aliceArmored: string;

before(async () => {
  home = await createGnupgHome();
  alice = await generateKey(home, { uid: 'Alice <alice@example.org>' });
  bob = await generateKey(home, { uid: 'Bob <bob@example.org>' });
  aliceArmored = Buffer.from(await exportKeys(home, [alice.fingerprint], { armor: true })).toString();
  aliceAsc = join(tempDir(), 'alice.asc');
  writeFileSync(aliceAsc, aliceArmored);
});
after(async () => home.close());

/** The built CLI with a time limit (a hang is a failure, not a stuck test) and optional node flags. */
function smtpfpTimed(
  args: string[],
  opts: { cwd: string; timeoutMs: number; nodeFlags?: string[]; env?: NodeJS.ProcessEnv },
): CliRun & { ms: number } {
  const started = Date.now();
  const r = spawnSync(process.execPath, [...(opts.nodeFlags ?? []), BIN, ...args], {
    cwd: opts.cwd,
    env: { ...(opts.env ?? process.env), NO_COLOR: '' },
    encoding: 'utf8',
    timeout: opts.timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

const trustArgs = () => ['--fingerprint', alice.fingerprint, '--keyring', aliceAsc];

function report(r: CliRun): JsonReport {
  try {
    return JSON.parse(r.stdout) as JsonReport;
  } catch {
    throw new Error(`no JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}

describe('objects are read as stored (SPEC §3.2: refs/replace/ and grafts ignored)', () => {
  test('an unsigned commit replaced by a signed one is still unsigned', async () => {
    const repo = await createRepo(home);
    const base = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
    const signed = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': 'signed' } });
    await repo.git(['reset', '-q', '--hard', base]);
    const unsigned = await repo.commit({ signWith: null, files: { 'a.txt': 'unsigned' } });
    await repo.git(['replace', unsigned, signed]);
    const r = smtpfpTimed(
      ['verify-commits', '--format', 'json', '--range', `${base}..main`, ...trustArgs()],
      {
        cwd: repo.dir,
        timeoutMs: 30_000,
      },
    );
    assert.deepEqual(
      report(r).commits.map((c) => [c.oid, c.status]),
      [[unsigned, 'unsigned']],
      r.stderr,
    );
    assert.equal(r.code, 1);
    await repo.close();
  });

  test('a graft that hides an unsigned parent does not hide it', async () => {
    const repo = await createRepo(home);
    const root = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
    const unsigned = await repo.commit({ signWith: null, files: { 'a.txt': '2' } });
    const tip = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '3' } });
    // The deprecated grafts file: tip's parent becomes root, skipping the unsigned commit.
    writeFileSync(join(repo.dir, '.git', 'info', 'grafts'), `${tip} ${root}\n`);
    const r = smtpfpTimed(
      ['verify-commits', '--format', 'json', '--range', `${root}..main`, ...trustArgs()],
      {
        cwd: repo.dir,
        timeoutMs: 30_000,
      },
    );
    assert.deepEqual(
      report(r).commits.map((c) => [c.oid, c.status]),
      [
        [tip, 'good'],
        [unsigned, 'unsigned'],
      ],
      r.stderr,
    );
    assert.doesNotMatch(r.stderr, /graft/i, 'no deprecation warning from git');
    await repo.close();
  });
});

describe('huge commits: bounded time and memory (SPEC §5)', () => {
  test('a commit over the 16 MiB cap is bad-signature, judged by its size without being read', async () => {
    const repo = await createRepo(home);
    const base = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
    const tree = (await repo.git(['rev-parse', `${base}^{tree}`])).stdout.toString().trim();
    const header = `tree ${tree}\nparent ${base}\nauthor A <a@example.org> 1700000000 +0000\ncommitter A <a@example.org> 1700000000 +0000\n\nhuge\n\n`;
    const body = Buffer.alloc(24 * 1024 * 1024, 'x\n');
    const huge = (
      await repo.git(['hash-object', '-t', 'commit', '-w', '--stdin'], {
        input: Buffer.concat([Buffer.from(header), body]),
      })
    ).stdout
      .toString()
      .trim();
    await repo.git(['update-ref', 'refs/heads/main', huge]);
    const r = smtpfpTimed(
      ['verify-commits', '--format', 'json', '--range', `${base}..main`, ...trustArgs()],
      {
        cwd: repo.dir,
        timeoutMs: 20_000,
        nodeFlags: ['--max-old-space-size=96'],
      },
    );
    const commits = report(r).commits;
    assert.deepEqual(
      commits.map((c) => [c.oid, c.status]),
      [[huge, 'bad-signature']],
    );
    assert.match(commits[0]!.message, /at most 16777216 bytes, got 2516\d{4} bytes/);
    assert.equal(r.code, 1);
    await repo.close();
  });

  test('a text-mode signature over a 12 MiB commit verifies in a small heap', async () => {
    const repo = await createRepo(home);
    const base = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
    const line = `${'y'.repeat(63)}\n`;
    const message = `big text-mode commit\n\n${line.repeat((12 * 1024 * 1024) / 64)}`;
    const big = await repo.commit({ signWith: alice.fingerprint, message, gpgArgs: ['--textmode'] });
    const raw = await repo.catFile(big);
    assert.match(Buffer.from(raw).toString('latin1'), /BEGIN PGP SIGNATURE/);
    const signature = await openpgp.readSignature({ armoredSignature: splitCommit(raw).signature! });
    assert.equal(signature.packets[0]?.signatureType, openpgp.enums.signature.text, 'a text-mode signature');
    const r = smtpfpTimed(
      ['verify-commits', '--format', 'json', '--range', `${base}..main`, ...trustArgs()],
      {
        cwd: repo.dir,
        timeoutMs: 30_000,
        nodeFlags: ['--max-old-space-size=64'],
      },
    );
    assert.deepEqual(
      report(r).commits.map((c) => [c.oid, c.status]),
      [[big, 'good']],
      r.stderr,
    );
    await repo.close();
  });
});

describe('special files as keyrings (SPEC §5)', () => {
  const expectRefused = (keyring: string, cwd: string, what: RegExp) => {
    const r = smtpfpTimed(
      ['verify-commits', '--all', '--fingerprint', alice.fingerprint, '--keyring', keyring],
      {
        cwd,
        timeoutMs: 8_000,
      },
    );
    assert.equal(r.code, 2, `exit ${r.code} after ${r.ms} ms: ${r.stderr}`);
    assert.match(r.stderr, what);
    assert.match(r.stderr, /^smtpfp: keyring '/m);
    assert.doesNotMatch(r.stderr, /internal error|heap|at .*\.js:\d+/);
  };

  test('a FIFO, /dev/zero and a work-tree symlink to /dev/zero: exit 2 at once, never read', async () => {
    const repo = await createRepo(home);
    await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
    const fifo = join(tempDir(), 'keys.fifo');
    await run('mkfifo', [fifo]);
    expectRefused(fifo, repo.dir, /is a FIFO, not a regular file/);
    expectRefused('/dev/zero', repo.dir, /is a device, not a regular file/);
    mkdirSync(join(repo.dir, 'keys'));
    symlinkSync('/dev/zero', join(repo.dir, 'keys', 'alice.asc'));
    expectRefused('keys/alice.asc', repo.dir, /keys\/alice\.asc' is a device/);
    await repo.close();
  });
});

describe('no control character from a repository reaches stderr (SPEC §5)', () => {
  test("an unknown key in the committed policy and a key file's name", async () => {
    const repo = await createRepo(home);
    await repo.commit({
      signWith: alice.fingerprint,
      files: {
        '.smtpfp.yml': `version: 1\nsigners:\n  - ${alice.fingerprint}\n"\\e]0;pwned\\a\\e[31m": 1\n`,
      },
    });
    const policy = smtpfpTimed(['verify-commits', '--all'], { cwd: repo.dir, timeoutMs: 30_000 });
    assert.equal(policy.code, 2, policy.stderr);
    assert.match(policy.stderr, /unknown key/);
    assert.doesNotMatch(policy.stderr, CONTROL);

    const keys = join(tempDir(), 'keys');
    mkdirSync(keys);
    writeFileSync(join(keys, 'a\u001b[31mred\u0007'), 'not a key\n');
    const named = smtpfpTimed(
      ['verify-commits', '--all', '--fingerprint', alice.fingerprint, '--keyring', keys],
      {
        cwd: repo.dir,
        timeoutMs: 30_000,
      },
    );
    assert.equal(named.code, 2, named.stderr);
    assert.match(named.stderr, /red/);
    assert.doesNotMatch(named.stderr, CONTROL);
    await repo.close();
  });

  test('a PRE_COMMIT_* variable naming nothing', async () => {
    const repo = await createRepo(home);
    await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
    const evil = 'x\u001b]0;pwned\u0007\u001b[2J';
    const r = smtpfpTimed(['pre-push', ...trustArgs()], {
      cwd: repo.dir,
      timeoutMs: 30_000,
      env: {
        ...home.env,
        PRE_COMMIT_FROM_REF: evil,
        PRE_COMMIT_TO_REF: evil,
        PRE_COMMIT_REMOTE_NAME: 'origin',
      },
    });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /PRE_COMMIT_TO_REF/);
    assert.doesNotMatch(r.stderr, CONTROL);
    await repo.close();
  });
});

describe('keyring files as gpg reads them (SPEC §3.2)', () => {
  test('a lone revocation certificate for an absent key is skipped with a warning', async () => {
    const repo = await createRepo(home);
    const c = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
    // gpg wrote bob's revocation certificate when it made his key; bob's key itself is absent.
    const stored = readFileSync(join(home.dir, 'openpgp-revocs.d', `${bob.fingerprint}.rev`), 'utf8');
    const revocationText = stored.replace(/^:-----BEGIN/m, '-----BEGIN');
    assert.match(revocationText, /^-----BEGIN PGP PUBLIC KEY BLOCK-----$/m);
    const file = join(tempDir(), 'keys.asc');
    writeFileSync(file, `${aliceArmored}\n${revocationText}`);
    const r = smtpfpTimed(
      ['verify-commits', '--format', 'json', '--all', '--fingerprint', alice.fingerprint, '--keyring', file],
      { cwd: repo.dir, timeoutMs: 30_000 },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      report(r).commits.map((x) => [x.oid, x.status]),
      [[c, 'good']],
    );
    assert.match(r.stderr, /warning: .*keys\.asc: armored key block 2 .*skipped/);
    await repo.close();
  });

  test('armor lines indented by a space (after the BEGIN line) are read, as gpg reads them', async () => {
    const repo = await createRepo(home);
    const c = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
    const file = join(tempDir(), 'indented.asc');
    writeFileSync(
      file,
      aliceArmored
        .split('\n')
        .map((l, i) => (l && i > 0 ? ` ${l}` : l))
        .join('\n'),
    );
    const shown = await run('gpg', ['--batch', '--show-keys', file], { env: home.env });
    assert.match(shown.stdout.toString(), new RegExp(alice.fingerprint), 'gpg reads the file');
    const r = smtpfpTimed(
      ['verify-commits', '--format', 'json', '--all', '--fingerprint', alice.fingerprint, '--keyring', file],
      { cwd: repo.dir, timeoutMs: 30_000 },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      report(r).commits.map((x) => [x.oid, x.status]),
      [[c, 'good']],
    );
    await repo.close();
  });
});

describe('bare repositories (SPEC §3.2)', () => {
  test('verify-commits runs in a bare mirror', async () => {
    const repo = await createRepo(home);
    const c1 = await repo.commit({ signWith: alice.fingerprint, files: { 'a.txt': '1' } });
    const c2 = await repo.commit({ signWith: null, files: { 'a.txt': '2' } });
    const mirror = join(tempDir(), 'mirror.git');
    await run('git', ['clone', '-q', '--mirror', repo.dir, mirror]);
    const r = smtpfpTimed(['verify-commits', '--format', 'json', '--all', ...trustArgs()], {
      cwd: mirror,
      timeoutMs: 30_000,
    });
    assert.deepEqual(
      report(r).commits.map((x) => [x.oid, x.status]),
      [
        [c2, 'unsigned'],
        [c1, 'good'],
      ],
      r.stderr,
    );
    assert.equal(r.code, 1);
    await repo.close();
  });
});
