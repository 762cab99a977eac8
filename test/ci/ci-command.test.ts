/**
 * `smtpfp ci` (the built CLI) under GitLab CI's variables, in shallow clones of a bare origin:
 * push, first push, merge request, and the report formats.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliRun, smtpfp } from '../helpers/cli.ts';
import type { GeneratedKey, TestRepo } from '../helpers/gpg.ts';
import { tempDir } from '../helpers/tmp.ts';
import { GOOD_CERT, NOW_ARGS, serviceYaml } from '../publisher/fixtures.ts';
import { bareOrigin, type CiWorld, createCiWorld, git, jobEnv, ZERO } from './world.ts';

let world: CiWorld;
let signer: GeneratedKey;
let armored: string;

before(async () => {
  world = await createCiWorld();
  ({ signer, armored } = world);
});

after(async () => world.close());

const publisher = () => world.publisher({ 'smtp.yml': serviceYaml(), 'certs/mail.pem': GOOD_CERT.pem });
const signed = (repo: TestRepo, message: string, files?: Record<string, string>) =>
  world.signed(repo, message, files);
const unsigned = (repo: TestRepo, message: string) => world.unsigned(repo, message);

/** A GitLab runner's shallow clone (GIT_DEPTH: 1) of `branch`, detached at `sha`. */
function shallowClone(origin: string, branch: string, sha: string): string {
  const ws = join(tempDir('smtpfp-gl-'), 'project');
  git(tempDir(), 'clone', '-q', '--depth', '1', '--branch', branch, `file://${origin}`, ws);
  git(ws, 'checkout', '-q', '--detach', sha);
  assert.equal(git(ws, 'rev-parse', '--is-shallow-repository'), 'true');
  return ws;
}

function ciEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { ...jobEnv(), SMTPFP_FINGERPRINTS: signer.fingerprint, SMTPFP_KEYS: armored, ...vars };
}

function gitlabPush(ws: string, before: string, sha: string, branch = 'main'): NodeJS.ProcessEnv {
  return ciEnv({
    CI: 'true',
    GITLAB_CI: 'true',
    CI_DEFAULT_BRANCH: 'main',
    CI_PIPELINE_SOURCE: 'push',
    CI_COMMIT_SHA: sha,
    CI_COMMIT_BEFORE_SHA: before,
    CI_COMMIT_BRANCH: branch,
    CI_PROJECT_DIR: ws,
  });
}

function ci(ws: string, env: NodeJS.ProcessEnv, args: string[] = []): CliRun {
  return smtpfp(['ci', ...NOW_ARGS, ...args], { cwd: ws, env });
}

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

/** stdout must be exactly one JSON array (GitLab reads it as the Code Quality report). */
function codeQuality(r: CliRun): Issue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    assert.fail(`stdout is not one JSON document (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
  assert.ok(Array.isArray(parsed), 'a JSON array');
  return parsed as Issue[];
}

const explain = (r: CliRun) => `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

describe('smtpfp ci under GitLab CI', () => {
  test('push: an unsigned commit below the tip of a shallow clone fails with a Code Quality report', async () => {
    const repo = await publisher();
    const before = await signed(repo, 'second');
    const origin = bareOrigin(repo);
    const bad = await unsigned(repo, 'sneaky');
    const tip = await signed(repo, 'tip');
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = shallowClone(origin, 'main', tip);

    const r = ci(ws, gitlabPush(ws, before, tip), ['--format', 'gitlab']);
    assert.equal(r.code, 1, explain(r));
    const issues = codeQuality(r);
    assert.deepEqual(
      issues.map((i) => i.check_name),
      ['commit-unsigned'],
    );
    assert.ok(issues[0]!.description.includes(bad.slice(0, 12)));
    assert.equal(issues[0]!.severity, 'critical');
    assert.match(r.stderr, /GitLab push to main/);
    assert.match(r.stderr, /unsigned\s+\S+ sneaky/);
  });

  test('push: signed commits pass with an empty report', async () => {
    const repo = await publisher();
    const before = await signed(repo, 'second');
    const origin = bareOrigin(repo);
    await signed(repo, 'third');
    const tip = await signed(repo, 'tip');
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = shallowClone(origin, 'main', tip);

    const r = ci(ws, gitlabPush(ws, before, tip), ['--format', 'gitlab']);
    assert.equal(r.code, 0, explain(r));
    assert.deepEqual(codeQuality(r), []);
    assert.match(r.stderr, /passed, 2 commits verified/);
  });

  test('first push of a branch (zero before): only the commits no other branch has', async () => {
    const repo = await publisher();
    await unsigned(repo, 'history from before signing');
    const origin = bareOrigin(repo);
    git(repo.dir, 'checkout', '-q', '-b', 'feature');
    await signed(repo, 'feature one');
    const bad = await unsigned(repo, 'feature two');
    const tip = await signed(repo, 'feature three');
    git(repo.dir, 'push', '-q', origin, 'feature');
    const ws = shallowClone(origin, 'feature', tip);

    const r = ci(ws, gitlabPush(ws, ZERO, tip, 'feature'), ['--format', 'json']);
    assert.equal(r.code, 1, explain(r));
    const out = JSON.parse(r.stdout);
    assert.equal(out.range.kind, 'new-branch');
    assert.equal(out.range.base, null);
    assert.equal(out.range.head, tip);
    assert.deepEqual(out.verification, { total: 3, good: 2, bad: 1 });
    assert.deepEqual(
      out.commits.filter((c: { status: string }) => c.status !== 'good').map((c: { oid: string }) => c.oid),
      [bad],
    );
  });

  test('merge request pipeline: CI_MERGE_REQUEST_DIFF_BASE_SHA..CI_COMMIT_SHA', async () => {
    const repo = await publisher();
    await unsigned(repo, 'old unsigned history on main');
    const diffBase = await signed(repo, 'fork point');
    git(repo.dir, 'checkout', '-q', '-b', 'topic');
    const bad = await unsigned(repo, 'topic one');
    const tip = await signed(repo, 'topic two');
    const origin = bareOrigin(repo);
    const ws = shallowClone(origin, 'topic', tip);
    const env = ciEnv({
      CI: 'true',
      GITLAB_CI: 'true',
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_COMMIT_SHA: tip,
      CI_COMMIT_BEFORE_SHA: ZERO,
      CI_MERGE_REQUEST_IID: '3',
      CI_MERGE_REQUEST_DIFF_BASE_SHA: diffBase,
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'topic',
      CI_PROJECT_DIR: ws,
    });

    const r = ci(ws, env, ['--format', 'gitlab']);
    assert.equal(r.code, 1, explain(r));
    const issues = codeQuality(r);
    assert.deepEqual(
      issues.map((i) => i.check_name),
      ['commit-unsigned'],
    );
    assert.ok(issues[0]!.description.includes(bad.slice(0, 12)));
    assert.match(r.stderr, /GitLab merge request !3 from topic/);
    assert.match(r.stderr, /✖ 1 of 2 commits not good/);
  });

  test('a check finding is a Code Quality issue at its file and line', async () => {
    const repo = await publisher();
    const before = git(repo.dir, 'rev-parse', 'HEAD');
    const origin = bareOrigin(repo);
    const tip = await signed(repo, 'uppercase', { 'smtp.yml': serviceYaml({ domain: 'Example.ORG' }) });
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = shallowClone(origin, 'main', tip);

    const r = ci(ws, gitlabPush(ws, before, tip), ['--format', 'gitlab']);
    assert.equal(r.code, 1, explain(r));
    const issues = codeQuality(r);
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.check_name, 'schema');
    assert.deepEqual(issues[0]!.location, { path: 'smtp.yml', lines: { begin: 5 } });
  });

  test('a range that cannot be read fails and says how to fix the checkout', async () => {
    const repo = await publisher();
    const before = await signed(repo, 'second');
    const origin = bareOrigin(repo);
    await signed(repo, 'third');
    const tip = await signed(repo, 'tip');
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = shallowClone(origin, 'main', tip);
    git(ws, 'remote', 'remove', 'origin');

    const r = ci(ws, gitlabPush(ws, before, tip), ['--format', 'gitlab']);
    assert.equal(r.code, 1, explain(r));
    const issues = codeQuality(r);
    assert.deepEqual(
      issues.map((i) => i.check_name),
      ['ci-range'],
    );
    assert.match(r.stderr, /GIT_DEPTH: 0/);
    assert.doesNotMatch(r.stderr, /commits verified/);
  });

  test('json: one object with findings, summary, commits, verification and range', async () => {
    const repo = await publisher();
    const before = git(repo.dir, 'rev-parse', 'HEAD');
    const origin = bareOrigin(repo);
    const tip = await signed(repo, 'second');
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = shallowClone(origin, 'main', tip);

    const r = ci(ws, gitlabPush(ws, before, tip), ['--format', 'json']);
    assert.equal(r.code, 0, explain(r));
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.findings, []);
    assert.deepEqual(out.summary, { files: 1, domains: 1, certificates: 1, errors: 0, warnings: 0 });
    assert.deepEqual(out.commits, [
      { oid: tip, status: 'good', signer: signer.fingerprint, message: out.commits[0].message },
    ]);
    assert.deepEqual(out.verification, { total: 1, good: 1, bad: 0 });
    assert.deepEqual(out.range, {
      kind: 'between',
      base: before,
      head: tip,
      rewritten: false,
      policy_commit: before,
    });
  });

  test('SMTPFP_FINGERPRINTS in groups of four, SMTPFP_KEYS as a file variable (a path)', async () => {
    const repo = await publisher();
    const before = git(repo.dir, 'rev-parse', 'HEAD');
    const origin = bareOrigin(repo);
    const tip = await signed(repo, 'second');
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = shallowClone(origin, 'main', tip);
    const keyFile = join(tempDir(), 'SMTPFP_KEYS');
    writeFileSync(keyFile, armored);
    const grouped = signer.fingerprint.replace(/(.{4})(?!$)/g, '$1 ');

    const r = ci(ws, {
      ...gitlabPush(ws, before, tip),
      SMTPFP_FINGERPRINTS: ` ${grouped}\n`,
      SMTPFP_KEYS: keyFile,
    });
    assert.equal(r.code, 0, explain(r));
    assert.match(r.stdout, /passed, 1 commit verified/);
  });

  test('--fingerprint and --keyring take precedence over the variables', async () => {
    const repo = await publisher();
    const before = git(repo.dir, 'rev-parse', 'HEAD');
    const origin = bareOrigin(repo);
    const tip = await signed(repo, 'second');
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = shallowClone(origin, 'main', tip);
    const keyFile = join(tempDir(), 'keys.asc');
    writeFileSync(keyFile, armored);
    const env = { ...gitlabPush(ws, before, tip), SMTPFP_FINGERPRINTS: 'F'.repeat(40), SMTPFP_KEYS: '' };

    const r = ci(ws, env, ['--fingerprint', signer.fingerprint, '--keyring', keyFile]);
    assert.equal(r.code, 0, explain(r));
  });
});

describe('smtpfp ci: environment', () => {
  test('outside CI: an environment error naming what it detects', () => {
    const r = smtpfp(['ci'], { cwd: tempDir(), env: ciEnv({}) });
    assert.equal(r.code, 2, explain(r));
    assert.match(r.stderr, /GITHUB_ACTIONS=true/);
    assert.match(r.stderr, /GITLAB_CI=true/);
    assert.doesNotMatch(r.stderr, /\bat .*\.js:\d+/);
  });

  test('a malformed CI variable is an environment error', () => {
    const r = smtpfp(['ci'], {
      cwd: tempDir(),
      env: ciEnv({ GITLAB_CI: 'true', CI_COMMIT_SHA: '--upload-pack=touch /tmp/x' }),
    });
    assert.equal(r.code, 2, explain(r));
    assert.match(r.stderr, /CI_COMMIT_SHA/);
  });

  test('GitHub Actions with --format github: annotations at the file and line', async () => {
    const repo = await publisher();
    const before = git(repo.dir, 'rev-parse', 'HEAD');
    const origin = bareOrigin(repo);
    const tip = await signed(repo, 'uppercase', { 'smtp.yml': serviceYaml({ domain: 'Example.ORG' }) });
    git(repo.dir, 'push', '-q', origin, 'main');
    const ws = shallowClone(origin, 'main', tip);
    const event = join(tempDir(), 'event.json');
    writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main', before, after: tip }));
    const env = ciEnv({
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: event,
      GITHUB_SHA: tip,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_WORKSPACE: ws,
    });

    const r = ci(ws, env, ['--format', 'github']);
    assert.equal(r.code, 1, explain(r));
    assert.match(r.stdout, /^::error file=smtp\.yml,line=5,col=\d+,title=smtpfp schema::/m);
    assert.match(r.stdout, /^::stop-commands::/m);
  });
});
