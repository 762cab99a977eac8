/**
 * The GitHub Action as the runner runs it: `node dist/action.js` in a workspace that actions/checkout
 * made with its defaults (depth 1, detached HEAD, one ref fetched, an `origin` remote), inputs as
 * INPUT_* variables, outputs and the job summary read back from their files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeCert } from '../helpers/certs.ts';
import { ROOT } from '../helpers/cli.ts';
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
import { tempDir } from '../helpers/tmp.ts';
import { bareOrigin, type CiWorld, createCiWorld, git, jobEnv, spawnOk, ZERO } from './world.ts';

const ACTION = join(ROOT, 'dist', 'action.js');
const CERT = makeCert({ key: 'ec-p256', days: 365 });
/** Just after the certificate's notBefore, so the configuration is active and the leaf valid. */
const VALID_AFTER_MS = Date.parse(new X509Certificate(CERT.pem).validFrom) + 1000;
const VALID_AFTER = new Date(VALID_AFTER_MS)
  .toISOString()
  .replace('T', ' ')
  .replace(/\.\d+Z$/, '');

function serviceYaml(domain = 'example.org'): string {
  return [
    'version: 1',
    'config:',
    `  - valid_after: ${VALID_AFTER}`,
    '    domains:',
    `      - domain: ${domain}`,
    '        cert: certs/mail.pem',
    '',
  ].join('\n');
}

let world: CiWorld;
let home: GnupgHome;
let signer: GeneratedKey;
let stranger: GeneratedKey;
let armored: string;

before(async () => {
  world = await createCiWorld();
  ({ home, signer, stranger, armored } = world);
  const wait = VALID_AFTER_MS + 1000 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
});

after(async () => world.close());

/** A publisher repository whose first commit holds a valid service file and certificate. */
const publisher = (opts: { firstSigned?: boolean } = {}) =>
  world.publisher({ 'smtp.yml': serviceYaml(), 'certs/mail.pem': CERT.pem }, opts);
const signed = (repo: TestRepo, message: string, files?: Record<string, string>) =>
  world.signed(repo, message, files);
const unsigned = (repo: TestRepo, message: string) => world.unsigned(repo, message);

/** What actions/checkout does by default: one commit, fetched by id into one ref, detached. */
function checkout(origin: string, sha: string, ref: string): string {
  const ws = tempDir('smtpfp-ws-');
  git(ws, 'init', '-q');
  git(ws, 'remote', 'add', 'origin', `file://${origin}`);
  git(ws, 'fetch', '-q', '--no-tags', '--depth=1', 'origin', `+${sha}:${ref}`);
  git(ws, 'checkout', '-q', '--detach', sha);
  assert.equal(git(ws, 'rev-parse', '--is-shallow-repository'), 'true');
  return ws;
}

interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

function runAction(opts: {
  ws: string;
  event: string;
  payload: unknown;
  sha: string;
  ref: string;
  inputs?: Record<string, string>;
}): ActionRun {
  const dir = tempDir('smtpfp-runner-');
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  const payload = { repository: { default_branch: 'main' }, ...(opts.payload as Record<string, unknown>) };
  writeFileSync(eventPath, JSON.stringify(payload));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env = jobEnv();
  const inputs = {
    fingerprints: signer.fingerprint,
    keys: armored,
    keyring: '',
    strict: 'false',
    path: '.',
    ...opts.inputs,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  Object.assign(env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: opts.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: opts.sha,
    GITHUB_REF: opts.ref,
    GITHUB_WORKSPACE: opts.ws,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
  });
  const r = spawnSync(process.execPath, [ACTION], {
    cwd: opts.ws,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const outputs: Record<string, string> = {};
  const text = readFileSync(outputPath, 'utf8');
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]!] = m[3]!;
  return {
    code: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    outputs,
    summary: existsSync(summaryPath) ? readFileSync(summaryPath, 'utf8') : '',
  };
}

function pushPayload(before: string, after: string, extra: Record<string, unknown> = {}) {
  return { ref: 'refs/heads/main', before, after, created: false, deleted: false, forced: false, ...extra };
}

const explain = (r: ActionRun) => `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

describe('GitHub Action: push', () => {
  test('signed commits pass; outputs and the job summary are written', async () => {
    const repo = await publisher();
    const base = await signed(repo, 'second');
    const origin = bareOrigin(repo);
    const c3 = await signed(repo, 'third');
    const c4 = await signed(repo, 'fourth');
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = checkout(origin, c4, 'refs/remotes/origin/main');

    const r = runAction({
      ws,
      event: 'push',
      payload: pushPayload(base, c4),
      sha: c4,
      ref: 'refs/heads/main',
    });
    assert.equal(r.code, 0, explain(r));
    assert.deepEqual(r.outputs, { commits: '2', good: '2', bad: '0' });
    assert.doesNotMatch(r.stdout, /^::error/m);
    assert.match(r.summary, /<th>commit<\/th><th>status<\/th><th>signer<\/th>/);
    for (const oid of [c3, c4]) {
      assert.ok(r.summary.includes(`<code>${oid.slice(0, 12)}</code>`), `summary lists ${oid}`);
    }
    assert.ok(r.summary.includes(signer.fingerprint));
    assert.doesNotMatch(r.summary, /❌/);
  });

  test('an unsigned commit below the tip of a depth-1 clone is found and fails the step', async () => {
    const repo = await publisher();
    const base = await signed(repo, 'second');
    const origin = bareOrigin(repo);
    const bad = await unsigned(repo, 'sneaky');
    const tip = await signed(repo, 'tip');
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = checkout(origin, tip, 'refs/remotes/origin/main');

    const r = runAction({
      ws,
      event: 'push',
      payload: pushPayload(base, tip),
      sha: tip,
      ref: 'refs/heads/main',
    });
    assert.equal(r.code, 1, explain(r));
    assert.deepEqual(r.outputs, { commits: '2', good: '1', bad: '1' });
    assert.match(r.stdout, new RegExp(`^::error title=smtpfp unsigned::commit ${bad}`, 'm'));
    assert.match(r.summary, new RegExp(`<code>${bad.slice(0, 12)}</code> sneaky</td><td>❌ unsigned`));
  });

  test('a range deeper than the first deepening step is read whole', async () => {
    const repo = await publisher();
    const origin = bareOrigin(repo);
    const base = git(repo.dir, 'rev-parse', 'HEAD');
    for (let i = 0; i < 70; i++) await unsigned(repo, `bulk ${i}`);
    const tip = await signed(repo, 'tip');
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = checkout(origin, tip, 'refs/remotes/origin/main');

    const r = runAction({
      ws,
      event: 'push',
      payload: pushPayload(base, tip),
      sha: tip,
      ref: 'refs/heads/main',
    });
    assert.equal(r.code, 1, explain(r));
    assert.deepEqual(r.outputs, { commits: '71', good: '1', bad: '70' });
  });

  test('a new branch verifies only the commits no other branch has', async () => {
    // The history before signing was adopted is unsigned; it is on main, so not the branch's.
    const repo = await publisher({ firstSigned: false });
    await unsigned(repo, 'old history');
    const origin = bareOrigin(repo);
    git(repo.dir, 'checkout', '-q', '-b', 'feature');
    const f1 = await signed(repo, 'feature one');
    const f2 = await signed(repo, 'feature two');
    git(repo.dir, 'push', '-q', origin, 'feature');
    const ws = checkout(origin, f2, 'refs/remotes/origin/feature');

    const r = runAction({
      ws,
      event: 'push',
      payload: { ...pushPayload(ZERO, f2, { created: true }), ref: 'refs/heads/feature' },
      sha: f2,
      ref: 'refs/heads/feature',
    });
    assert.equal(r.code, 0, explain(r));
    assert.deepEqual(r.outputs, { commits: '2', good: '2', bad: '0' });
    for (const oid of [f1, f2]) assert.ok(r.summary.includes(oid.slice(0, 12)));
  });

  test('a new branch with an unsigned commit fails', async () => {
    const repo = await publisher();
    const origin = bareOrigin(repo);
    git(repo.dir, 'checkout', '-q', '-b', 'feature');
    const bad = await unsigned(repo, 'unsigned on the branch');
    const tip = await signed(repo, 'feature tip');
    git(repo.dir, 'push', '-q', origin, 'feature');
    const ws = checkout(origin, tip, 'refs/remotes/origin/feature');

    const r = runAction({
      ws,
      event: 'push',
      payload: { ...pushPayload(ZERO, tip, { created: true }), ref: 'refs/heads/feature' },
      sha: tip,
      ref: 'refs/heads/feature',
    });
    assert.equal(r.code, 1, explain(r));
    assert.deepEqual(r.outputs, { commits: '2', good: '1', bad: '1' });
    assert.match(r.stdout, new RegExp(`::error title=smtpfp unsigned::commit ${bad}`));
  });

  for (const pruned of [false, true]) {
    test(`a force push (old tip ${pruned ? 'gone from' : 'still on'} the remote) verifies the rewritten branch and says so`, async () => {
      const repo = await publisher();
      await signed(repo, 'shared');
      git(repo.dir, 'branch', 'stable');
      const old = await signed(repo, 'old tip');
      const origin = bareOrigin(repo);
      git(repo.dir, 'reset', '-q', '--hard', 'stable');
      const bad = await unsigned(repo, 'rewritten, unsigned');
      const tip = await signed(repo, 'rewritten tip');
      git(repo.dir, 'push', '-q', '-f', origin, 'main');
      if (pruned) {
        git(origin, 'reflog', 'expire', '--expire=now', '--all');
        git(origin, 'gc', '-q', '--prune=now');
        assert.notEqual(spawnSync('git', ['cat-file', '-e', old], { cwd: origin }).status, 0);
      }
      const ws = checkout(origin, tip, 'refs/remotes/origin/main');

      const r = runAction({
        ws,
        event: 'push',
        payload: pushPayload(old, tip, { forced: true }),
        sha: tip,
        ref: 'refs/heads/main',
      });
      assert.equal(r.code, 1, explain(r));
      // With the old tip at hand: what the new tip adds to it. With the old tip gone, the default
      // branch itself was rewritten and nothing else is trusted: its whole history.
      assert.deepEqual(
        r.outputs,
        pruned ? { commits: '4', good: '3', bad: '1' } : { commits: '2', good: '1', bad: '1' },
      );
      assert.match(r.stdout, /^::notice title=smtpfp::history was rewritten/m);
      assert.match(r.stdout, new RegExp(`::error title=smtpfp unsigned::commit ${bad}`));
      assert.match(r.summary, /history was rewritten/);
    });
  }

  test('a deleted ref: nothing to verify, success', async () => {
    const repo = await publisher();
    const origin = bareOrigin(repo);
    const head = git(repo.dir, 'rev-parse', 'HEAD');
    const ws = checkout(origin, head, 'refs/remotes/origin/main');
    const r = runAction({
      ws,
      event: 'push',
      payload: { ref: 'refs/heads/gone', before: head, after: ZERO, deleted: true },
      sha: head,
      ref: 'refs/heads/gone',
    });
    assert.equal(r.code, 0, explain(r));
    assert.deepEqual(r.outputs, { commits: '0', good: '0', bad: '0' });
  });
});

describe('GitHub Action: pull_request', () => {
  test("verifies base.sha..head.sha of the payload and checks the head, never GitHub's merge commit", async () => {
    const repo = await publisher();
    await signed(repo, 'main before the branch');
    git(repo.dir, 'checkout', '-q', '-b', 'feature');
    const f1 = await signed(repo, 'feature one');
    const f2 = await signed(repo, 'feature two');
    git(repo.dir, 'checkout', '-q', 'main');
    // main moves on after the branch forked: base.sha is not an ancestor of head.sha.
    const base = await signed(repo, 'main moves on', { 'broken.yml': 'version: 1\nconfig: [\n' });
    const origin = bareOrigin(repo);
    // GitHub's merge commit: unsigned, holding main's broken file.
    git(repo.dir, 'checkout', '-q', '--detach', base);
    git(repo.dir, '-c', 'commit.gpgsign=false', 'merge', '-q', '--no-ff', '-m', 'Merge f2 into base', f2);
    const merge = git(repo.dir, 'rev-parse', 'HEAD');
    git(repo.dir, 'push', '-q', origin, `${merge}:refs/pull/7/merge`);
    const ws = checkout(origin, merge, 'refs/remotes/pull/7/merge');

    const payload = {
      number: 7,
      pull_request: {
        number: 7,
        head: { sha: f2, ref: 'feature', repo: { full_name: 'peer/pins' } },
        base: { sha: base, ref: 'main', repo: { full_name: 'peer/pins' } },
      },
    };
    const r = runAction({ ws, event: 'pull_request', payload, sha: merge, ref: 'refs/pull/7/merge' });
    assert.equal(r.code, 0, explain(r));
    assert.deepEqual(r.outputs, { commits: '2', good: '2', bad: '0' });
    assert.ok(!r.summary.includes(merge.slice(0, 12)), 'the merge commit is not verified');
    assert.ok(!r.stdout.includes('broken.yml'), "the merge commit's tree is not checked");
    for (const oid of [f1, f2]) assert.ok(r.summary.includes(oid.slice(0, 12)));
  });
});

describe('GitHub Action: check findings and inputs', () => {
  test('an invalid service file is an error annotation at its line and fails the step', async () => {
    const repo = await publisher();
    const base = await signed(repo, 'second');
    const origin = bareOrigin(repo);
    const tip = await signed(repo, 'uppercase domain', { 'smtp.yml': serviceYaml('Example.ORG') });
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = checkout(origin, tip, 'refs/remotes/origin/main');

    const r = runAction({
      ws,
      event: 'push',
      payload: pushPayload(base, tip),
      sha: tip,
      ref: 'refs/heads/main',
    });
    assert.equal(r.code, 1, explain(r));
    assert.match(r.stdout, /^::error file=smtp\.yml,line=5,col=\d+,title=smtpfp schema::/m);
    assert.deepEqual(r.outputs, { commits: '1', good: '1', bad: '0' });
    assert.match(r.summary, /<code>smtp\.yml:5:\d+<\/code>/);
  });

  test('a checkout in a sub-folder of the workspace: annotations name the file from the workspace', async () => {
    const repo = await publisher();
    const base = git(repo.dir, 'rev-parse', 'HEAD');
    const origin = bareOrigin(repo);
    const tip = await signed(repo, 'uppercase domain', { 'smtp.yml': serviceYaml('Example.ORG') });
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = tempDir('smtpfp-ws-');
    const sub = checkout(origin, tip, 'refs/remotes/origin/main');
    spawnOk('mv', [sub, join(ws, 'pins')], ws);

    const r = runAction({
      ws,
      event: 'push',
      payload: pushPayload(base, tip),
      sha: tip,
      ref: 'refs/heads/main',
      inputs: { path: 'pins' },
    });
    assert.equal(r.code, 1, explain(r));
    assert.match(r.stdout, /^::error file=pins\/smtp\.yml,line=5,/m);
  });

  test('strict fails on a warning', async () => {
    const repo = await publisher();
    const base = git(repo.dir, 'rev-parse', 'HEAD');
    const origin = bareOrigin(repo);
    const future = serviceYaml().replace(VALID_AFTER, '2999-01-01 00:00');
    const tip = await signed(repo, 'only a future configuration', { 'smtp.yml': future });
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = checkout(origin, tip, 'refs/remotes/origin/main');
    const args = { ws, event: 'push', payload: pushPayload(base, tip), sha: tip, ref: 'refs/heads/main' };

    const lax = runAction(args);
    assert.equal(lax.code, 0, explain(lax));
    assert.match(lax.stdout, /^::warning file=smtp\.yml,.*title=smtpfp no-active-config::/m);
    const strict = runAction({ ...args, inputs: { strict: 'true' } });
    assert.equal(strict.code, 1, explain(strict));
  });

  test('the policy and keyring come from the base commit, not from the pushed commits', async () => {
    const repo = await publisher();
    const policy = `version: 1\nsigners:\n  - ${signer.fingerprint}\nkeyring: keys/\n`;
    mkdirSync(join(repo.dir, 'keys'));
    const base = await signed(repo, 'policy', { '.smtpfp.yml': policy, 'keys/publisher.asc': armored });
    const origin = bareOrigin(repo);
    // The push authorizes a stranger's key and is signed by it.
    const strangerKey = Buffer.from(
      await exportKeys(home, [stranger.fingerprint], { armor: true }),
    ).toString();
    const tip = await repo.commit({
      message: 'let me in\n',
      signWith: stranger.fingerprint,
      files: {
        '.smtpfp.yml': `version: 1\nsigners:\n  - ${stranger.fingerprint}\nkeyring: keys/\n`,
        'keys/publisher.asc': strangerKey,
      },
    });
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = checkout(origin, tip, 'refs/remotes/origin/main');
    const args = { ws, event: 'push', payload: pushPayload(base, tip), sha: tip, ref: 'refs/heads/main' };

    const fromPolicy = runAction({ ...args, inputs: { fingerprints: '', keys: '' } });
    assert.equal(fromPolicy.code, 1, explain(fromPolicy));
    assert.deepEqual(fromPolicy.outputs, { commits: '1', good: '0', bad: '1' });
    // The stranger's key is read from the pushed commit, but only the base's signers are in force.
    assert.match(fromPolicy.stdout, /::error title=smtpfp not-allowed::/);

    // The keyring input names the same folder: read at the base too.
    const fromInput = runAction({ ...args, inputs: { keys: '', keyring: 'keys' } });
    assert.equal(fromInput.code, 1, explain(fromInput));
    assert.match(fromInput.stdout, /::error title=smtpfp unknown-key::/);
  });

  test('fingerprints in groups of four, several separated by newlines and commas', async () => {
    const repo = await publisher();
    const base = git(repo.dir, 'rev-parse', 'HEAD');
    const origin = bareOrigin(repo);
    const tip = await signed(repo, 'second');
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = checkout(origin, tip, 'refs/remotes/origin/main');
    const grouped = signer.fingerprint.replace(/(.{4})(?!$)/g, '$1 ').toLowerCase();
    const r = runAction({
      ws,
      event: 'push',
      payload: pushPayload(base, tip),
      sha: tip,
      ref: 'refs/heads/main',
      inputs: { fingerprints: `\n${stranger.fingerprint},\n  ${grouped}  \n` },
    });
    assert.equal(r.code, 0, explain(r));
    assert.deepEqual(r.outputs, { commits: '1', good: '1', bad: '0' });
  });

  test('outside GitHub Actions the action fails with a message', () => {
    const r = spawnSync(process.execPath, [ACTION], {
      cwd: tempDir(),
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
    });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /::error::smtpfp: this action runs in GitHub Actions only/);
  });
});

describe('GitHub Action: what a push cannot make the job trust', () => {
  test('a force push to a commit another branch already holds still verifies it', async () => {
    const repo = await publisher();
    git(repo.dir, 'checkout', '-q', '-b', 'evil');
    const evil = await unsigned(repo, 'unsigned, on a branch whose CI failed');
    git(repo.dir, 'checkout', '-q', 'main');
    const old = await signed(repo, 'main tip');
    const origin = bareOrigin(repo);
    git(origin, 'update-ref', 'refs/heads/main', evil); // git push -f origin evil:main
    const ws = checkout(origin, evil, 'refs/remotes/origin/main');
    const r = runAction({
      ws,
      event: 'push',
      payload: pushPayload(old, evil, { forced: true }),
      sha: evil,
      ref: 'refs/heads/main',
    });
    assert.equal(r.code, 1, explain(r));
    assert.match(r.stdout, new RegExp(`::error title=smtpfp unsigned::commit ${evil}`));
  });

  test("a new branch's policy comes from the default branch, not from another pushed branch", async () => {
    const repo = await publisher();
    const policy = (fpr: string) => `version: 1\nsigners:\n  - ${fpr}\n`;
    await signed(repo, 'policy', { '.smtpfp.yml': policy(signer.fingerprint) });
    git(repo.dir, 'checkout', '-q', '-b', 'evil');
    // A stranger's branch allows the stranger (its own CI failed, but the branch exists).
    await repo.commit({
      message: 'allow me\n',
      signWith: stranger.fingerprint,
      files: { '.smtpfp.yml': policy(stranger.fingerprint) },
    });
    git(repo.dir, 'checkout', '-q', '-b', 'evil2');
    const tip = await repo.commit({
      message: 'more\n',
      signWith: stranger.fingerprint,
      files: { 'x.txt': 'x' },
    });
    const origin = bareOrigin(repo);
    const ws = checkout(origin, tip, 'refs/remotes/origin/evil2');
    const both = await exportKeys(home, [signer.fingerprint, stranger.fingerprint], { armor: true });
    const r = runAction({
      ws,
      event: 'push',
      payload: { ...pushPayload(ZERO, tip, { created: true }), ref: 'refs/heads/evil2' },
      sha: tip,
      ref: 'refs/heads/evil2',
      inputs: { fingerprints: '', keys: Buffer.from(both).toString('utf8') },
    });
    assert.equal(r.code, 1, explain(r));
    // Each commit is judged by its parent's signers (SPEC §3.7): the commit that allows the stranger
    // is refused, and so is the job; the one after it is good by the policy it was refused for.
    assert.deepEqual(r.outputs, { commits: '2', good: '1', bad: '1' });
    assert.match(r.stdout, /::error title=smtpfp not-allowed::/);
  });

  test('a keyring in the repository is read at the trusted commit: swapping it for a symlink does not help', async () => {
    // Dave's key was compromised and revoked; the attacker holds his secret key and an old,
    // unrevoked copy of his public key.
    const owner = await createGnupgHome();
    const attacker = await createGnupgHome();
    try {
      const dave = await generateKey(owner, { uid: 'Dave <dave@example.org>' });
      const secret = await owner.gpg([
        '--pinentry-mode',
        'loopback',
        '--passphrase',
        '',
        '--armor',
        '--export-secret-keys',
        dave.fingerprint,
      ]);
      const clean = Buffer.from(await exportKeys(owner, [dave.fingerprint], { armor: true })).toString(
        'utf8',
      );
      await revokeKey(owner, dave.fingerprint, 2);
      const revoked = Buffer.from(await exportKeys(owner, [dave.fingerprint], { armor: true })).toString(
        'utf8',
      );
      await attacker.gpg(['--import'], { input: secret.stdout });

      const repo = await createRepo(attacker);
      world.track(repo);
      const base = await repo.commit({
        message: 'publisher\n',
        signWith: dave.fingerprint,
        files: { 'smtp.yml': serviceYaml(), 'certs/mail.pem': CERT.pem, 'keys/dave.asc': revoked },
      });
      await repo.git(['rm', '-q', '-r', 'keys']);
      mkdirSync(join(repo.dir, 'k2'));
      writeFileSync(join(repo.dir, 'k2', 'dave.asc'), clean);
      spawnOk('ln', ['-s', 'k2', 'keys'], repo.dir);
      await repo.git(['add', '-A']);
      const tip = await repo.commit({ message: 'swap the keyring\n', signWith: dave.fingerprint });
      const origin = bareOrigin(repo);
      const ws = checkout(origin, tip, 'refs/remotes/origin/main');
      const r = runAction({
        ws,
        event: 'push',
        payload: pushPayload(base, tip),
        sha: tip,
        ref: 'refs/heads/main',
        inputs: { fingerprints: dave.fingerprint, keys: '', keyring: 'keys' },
      });
      assert.equal(r.code, 1, explain(r));
      assert.match(r.stdout, /::error title=smtpfp revoked-key::/);
    } finally {
      await owner.close();
      await attacker.close();
    }
  });
});
