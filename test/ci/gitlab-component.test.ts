/**
 * The GitLab CI/CD component templates/smtpfp-check.yml, run by gitlab-ci-local with the shell
 * executor: the job installs this package (an `npm pack` of the working copy, offline from the npm
 * cache) through the template's own `npx smtpfp@VERSION ci` line.
 *
 * gitlab-ci-local is not a dependency of the package: the test runs when it is found at
 * node_modules/.bin/gitlab-ci-local or at $GITLAB_CI_LOCAL, and is skipped otherwise.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT } from '../helpers/cli.ts';
import {
  createGnupgHome,
  createRepo,
  exportKeys,
  type GeneratedKey,
  type GnupgHome,
  generateKey,
  type TestRepo,
} from '../helpers/gpg.ts';
import { isolatedGitEnv } from '../helpers/repo.ts';
import { tempDir } from '../helpers/tmp.ts';
import { GOOD_CERT, serviceYaml } from '../publisher/fixtures.ts';

const GITLAB_CI_LOCAL = [
  process.env.GITLAB_CI_LOCAL,
  join(ROOT, 'node_modules', '.bin', 'gitlab-ci-local'),
].find((p): p is string => Boolean(p && existsSync(p)));
const REPORT = 'gl-code-quality-report.json';
/** The job checks at the real clock: a configuration active from just after the leaf's notBefore. */
const VALID_AFTER_MS = Date.parse(new X509Certificate(GOOD_CERT.pem).validFrom) + 1000;
const VALID_AFTER = new Date(VALID_AFTER_MS)
  .toISOString()
  .replace('T', ' ')
  .replace(/\.\d+Z$/, '');

let home: GnupgHome;
let signer: GeneratedKey;
let armored: string;
let tarball: string;
const repos: TestRepo[] = [];

before(async () => {
  if (!GITLAB_CI_LOCAL) return;
  home = await createGnupgHome();
  signer = await generateKey(home, { uid: 'Publisher <publisher@example.org>' });
  armored = Buffer.from(await exportKeys(home, [signer.fingerprint], { armor: true })).toString('utf8');
  const packs = tempDir('smtpfp-pack-');
  const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', packs], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const name = readdirSync(packs).find((n) => n.endsWith('.tgz'));
  if (packed.status !== 0 || !name) throw new Error(`npm pack failed: ${packed.stderr}`);
  tarball = join(packs, name);
  const wait = VALID_AFTER_MS + 1000 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
});

after(async () => {
  for (const r of repos) await r.close();
  await home?.close();
});

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, env: isolatedGitEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A publisher project that includes the component, pushed to a bare origin. */
async function project(): Promise<{ repo: TestRepo; origin: string }> {
  const repo = await createRepo(home);
  repos.push(repo);
  mkdirSync(join(repo.dir, 'certs'));
  mkdirSync(join(repo.dir, 'templates'));
  copyFileSync(join(ROOT, 'templates', 'smtpfp-check.yml'), join(repo.dir, 'templates', 'smtpfp-check.yml'));
  git(repo.dir, 'add', 'templates');
  const pipeline = [
    'include:',
    '  - local: templates/smtpfp-check.yml',
    '    inputs:',
    `      version: file:${tarball}`,
    `      fingerprints: ${signer.fingerprint}`,
    '',
  ].join('\n');
  await repo.commit({
    message: 'publisher\n',
    files: {
      '.gitlab-ci.yml': pipeline,
      'smtp.yml': serviceYaml({ validAfter: VALID_AFTER }),
      'certs/mail.pem': GOOD_CERT.pem,
    },
    signWith: signer.fingerprint,
  });
  const origin = tempDir('smtpfp-origin-');
  git(origin, 'init', '-q', '--bare', '-b', 'main');
  git(repo.dir, 'remote', 'add', 'origin', `file://${origin}`);
  git(repo.dir, 'push', '-q', 'origin', 'main');
  return { repo, origin };
}

interface JobRun {
  code: number;
  log: string;
  report: unknown;
}

/** Runs the pipeline's smtpfp-check job as a push from `before` to the project's HEAD. */
function runJob(dir: string, before: string): JobRun {
  rmSync(join(dir, REPORT), { force: true });
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(isolatedGitEnv())) {
    if (!/^(GITHUB_|GITLAB_|CI_|CI$|INPUT_|RUNNER_|SMTPFP_)/.test(k)) env[k] = v;
  }
  const r = spawnSync(
    GITLAB_CI_LOCAL!,
    [
      '--force-shell-executor',
      '--no-color',
      '--home',
      tempDir('smtpfp-glcl-home-'),
      // gitlab-ci-local sets GITLAB_CI=false; the job must see what GitLab's runner sets.
      '--variable',
      'GITLAB_CI=true',
      '--variable',
      'CI_PIPELINE_SOURCE=push',
      '--variable',
      `CI_COMMIT_BEFORE_SHA=${before}`,
      '--variable',
      `SMTPFP_KEYS=${armored}`,
      // The job's npx installs the packed tarball's dependencies from the npm cache when it can.
      '--variable',
      'npm_config_prefer_offline=true',
      'smtpfp-check',
    ],
    { cwd: dir, env, encoding: 'utf8', timeout: 300_000 },
  );
  const reportPath = join(dir, REPORT);
  const report = existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : undefined;
  return { code: r.status ?? -1, log: `${r.stdout}\n${r.stderr}`, report };
}

describe('GitLab component templates/smtpfp-check.yml', () => {
  test('a push of signed commits passes with an empty Code Quality report', async (t) => {
    if (!GITLAB_CI_LOCAL) return t.skip('gitlab-ci-local not installed');
    const { repo } = await project();
    const before = git(repo.dir, 'rev-parse', 'HEAD');
    await repo.commit({ message: 'second\n', signWith: signer.fingerprint });
    await repo.commit({ message: 'third\n', signWith: signer.fingerprint });
    git(repo.dir, 'push', '-q', 'origin', 'main');

    const r = runJob(repo.dir, before);
    assert.equal(r.code, 0, r.log);
    assert.match(r.log, /PASS\s+smtpfp-check/);
    assert.match(r.log, /passed, 2 commits verified/);
    assert.deepEqual(r.report, []);
  });

  test('a push with an unsigned commit fails the job and reports the commit', async (t) => {
    if (!GITLAB_CI_LOCAL) return t.skip('gitlab-ci-local not installed');
    const { repo } = await project();
    const before = git(repo.dir, 'rev-parse', 'HEAD');
    const bad = await repo.commit({ message: 'unsigned\n' });
    await repo.commit({ message: 'signed tip\n', signWith: signer.fingerprint });
    git(repo.dir, 'push', '-q', 'origin', 'main');

    const r = runJob(repo.dir, before);
    assert.notEqual(r.code, 0, r.log);
    assert.match(r.log, /FAIL\s+smtpfp-check/);
    const issues = r.report as Array<{ check_name: string; description: string }>;
    assert.ok(Array.isArray(issues), r.log);
    assert.deepEqual(
      issues.map((i) => i.check_name),
      ['commit-unsigned'],
    );
    assert.ok(issues[0]!.description.includes(bad.slice(0, 12)));
  });
});
