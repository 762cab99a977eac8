/**
 * The publisher side of signer rotation (SPEC §3.7): verify-commits, pre-push and ci judge each
 * commit against the signer set in force at its parent, so a rotation passes and a commit that
 * adds its own signer fails; explicit signers still make one allow-list for the whole range.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { git, jobEnv } from '../ci/world.ts';
import { smtpfp } from '../helpers/cli.ts';
import {
  createGnupgHome,
  createRepo,
  exportKeys,
  type GeneratedKey,
  type GnupgHome,
  generateKey,
  type TestRepo,
} from '../helpers/gpg.ts';
import { policyYaml } from '../helpers/rotation.ts';
import { tempDir } from '../helpers/tmp.ts';
import { GOOD_CERT, NOW_ARGS, serviceYaml } from '../publisher/fixtures.ts';

let home: GnupgHome;
let oldKey: GeneratedKey;
let newKey: GeneratedKey;
const armor: Record<string, string> = {};

before(async () => {
  home = await createGnupgHome();
  oldKey = await generateKey(home, { uid: 'Old <old@example.org>' });
  newKey = await generateKey(home, { uid: 'New <new@example.org>' });
  for (const k of [oldKey, newKey]) {
    armor[k.fingerprint] = Buffer.from(await exportKeys(home, [k.fingerprint], { armor: true })).toString();
  }
});
after(() => home.close());

interface Rotated {
  repo: TestRepo;
  base: string;
  rotation: string;
  tip: string;
}

/** A publisher repository at its trusted base (old key), then a rotation and two new-key commits. */
async function rotated(): Promise<Rotated> {
  const repo = await createRepo(home);
  const base = await repo.commit({
    signWith: oldKey.fingerprint,
    files: {
      'smtp.yml': serviceYaml(),
      'certs/mail.pem': GOOD_CERT.pem,
      '.smtpfp.yml': policyYaml([oldKey.fingerprint]),
      'keys/old.asc': armor[oldKey.fingerprint]!,
    },
  });
  const rotation = await repo.commit({
    signWith: oldKey.fingerprint,
    files: { '.smtpfp.yml': policyYaml([newKey.fingerprint]), 'keys/new.asc': armor[newKey.fingerprint]! },
  });
  await repo.commit({ signWith: newKey.fingerprint, files: { 'a.txt': '1' } });
  const tip = await repo.commit({ signWith: newKey.fingerprint, files: { 'a.txt': '2' } });
  return { repo, base, rotation, tip };
}

/** Then a commit by a key that adds itself to the policy. */
async function selfAuthorized(): Promise<{ repo: TestRepo; base: string; forged: string }> {
  const repo = await createRepo(home);
  const base = await repo.commit({
    signWith: oldKey.fingerprint,
    files: { '.smtpfp.yml': policyYaml([oldKey.fingerprint]), 'keys/old.asc': armor[oldKey.fingerprint]! },
  });
  const forged = await repo.commit({
    signWith: newKey.fingerprint,
    files: {
      '.smtpfp.yml': policyYaml([oldKey.fingerprint, newKey.fingerprint]),
      'keys/new.asc': armor[newKey.fingerprint]!,
    },
  });
  return { repo, base, forged };
}

interface JsonReport {
  commits: Array<{ oid: string; status: string; signer: string | null; message: string }>;
  summary: { total: number; good: number; bad: number };
}

const verify = (cwd: string, args: string[]) => {
  const r = smtpfp(['verify-commits', '--format', 'json', ...args], { cwd });
  return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as JsonReport) : undefined };
};
const statusOf = (r: JsonReport, oid: string) => r.commits.find((c) => c.oid === oid)?.status;

describe('verify-commits over a range that rotates', () => {
  it('passes: the old key signs the change, the new key what follows', async () => {
    const { repo, base, rotation, tip } = await rotated();
    const r = verify(repo.dir, ['--range', `${base}..${tip}`]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(r.report!.summary, { total: 3, good: 3, bad: 0 });
    assert.equal(r.report!.commits.find((c) => c.oid === rotation)?.signer, oldKey.fingerprint);
    // --all with no trusted base: the first commit is judged by its own policy (with a warning).
    const all = verify(repo.dir, ['--all']);
    assert.equal(all.code, 0, all.stdout + all.stderr);
    assert.match(all.stderr, /no trusted base commit/);
    await repo.close();
  });

  it('fails a commit that adds its own signer', async () => {
    const { repo, base, forged } = await selfAuthorized();
    const r = verify(repo.dir, ['--range', `${base}..${forged}`]);
    assert.equal(r.code, 1);
    assert.equal(statusOf(r.report!, forged), 'not-allowed');
    await repo.close();
  });

  it('explicit --fingerprint and --keyring override the file: one allow-list for the whole range', async () => {
    const { repo, base, rotation, tip } = await rotated();
    const keyring = join(tempDir(), 'both.asc');
    writeFileSync(keyring, armor[oldKey.fingerprint]! + armor[newKey.fingerprint]!);
    const r = verify(repo.dir, [
      '--range',
      `${base}..${tip}`,
      '--fingerprint',
      oldKey.fingerprint,
      '--keyring',
      keyring,
    ]);
    assert.equal(r.code, 1);
    assert.equal(statusOf(r.report!, rotation), 'good');
    assert.equal(statusOf(r.report!, tip), 'not-allowed');
    // Only --keyring given: signers from the file, commit by commit, keys from the option only.
    const keysOnly = verify(repo.dir, ['--range', `${base}..${tip}`, '--keyring', keyring]);
    assert.equal(keysOnly.code, 0, keysOnly.stdout + keysOnly.stderr);
    await repo.close();
  });
});

describe('pre-push over a push that rotates', () => {
  const prePush = (repo: TestRepo, base: string, tip: string) =>
    smtpfp(['pre-push', 'origin', 'file:///nowhere', '--format', 'json'], {
      cwd: repo.dir,
      input: `refs/heads/main ${tip} refs/heads/main ${base}\n`,
    });

  it('lets the rotation through', async () => {
    const { repo, base, tip } = await rotated();
    const r = prePush(repo, base, tip);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as JsonReport).summary, { total: 3, good: 3, bad: 0 });
    await repo.close();
  });

  it('blocks a commit that adds its own signer', async () => {
    const { repo, base, forged } = await selfAuthorized();
    const r = prePush(repo, base, forged);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(statusOf(JSON.parse(r.stdout) as JsonReport, forged), 'not-allowed');
    await repo.close();
  });
});

describe('ci over a push that rotates', () => {
  function gitlab(repo: TestRepo, before: string, sha: string, args: string[] = []) {
    const origin = join(tempDir(), 'origin.git');
    git(tempDir(), 'clone', '-q', '--bare', repo.dir, origin);
    const ws = join(tempDir('smtpfp-gl-'), 'project');
    git(tempDir(), 'clone', '-q', '--depth', '1', `file://${origin}`, ws);
    git(ws, 'checkout', '-q', '--detach', sha);
    return smtpfp(['ci', ...NOW_ARGS, ...args], {
      cwd: ws,
      env: {
        ...jobEnv(),
        CI: 'true',
        GITLAB_CI: 'true',
        CI_DEFAULT_BRANCH: 'main',
        CI_PIPELINE_SOURCE: 'push',
        CI_COMMIT_SHA: sha,
        CI_COMMIT_BEFORE_SHA: before,
        CI_COMMIT_BRANCH: 'main',
        CI_PROJECT_DIR: ws,
      },
    });
  }

  it('passes the rotation, reading signers and keys from the repository', async () => {
    const { repo, base, rotation, tip } = await rotated();
    const r = gitlab(repo, base, tip);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr + r.stdout, new RegExp(`the signers change at ${rotation.slice(0, 12)}`));
    // A keyring named inside the repository is read at each commit too: the new key is found there.
    const named = gitlab(repo, base, tip, ['--keyring', 'keys']);
    assert.equal(named.code, 0, named.stdout + named.stderr);
    await repo.close();
  });

  it('fails a push whose commit adds its own signer', async () => {
    const { repo, base, forged } = await selfAuthorized();
    await repo.commit({
      signWith: newKey.fingerprint,
      files: { 'smtp.yml': serviceYaml(), 'certs/mail.pem': GOOD_CERT.pem },
    });
    const tip = (await repo.git(['rev-parse', 'HEAD'])).stdout.toString().trim();
    const r = gitlab(repo, base, tip);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout + r.stderr,
      new RegExp(`not-allowed[^\\n]*${forged.slice(0, 12)}|${forged.slice(0, 12)}[^\\n]*not-allowed`),
    );
    await repo.close();
  });
});
