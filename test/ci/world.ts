/** What the CI tests share: signing keys, publisher repositories, a bare origin, a clean job environment. */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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

export const ZERO = '0'.repeat(40);

export function spawnOk(program: string, args: string[], cwd: string): string {
  const r = spawnSync(program, args, { cwd, env: isolatedGitEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

export const git = (cwd: string, ...args: string[]): string => spawnOk('git', args, cwd);

/** A bare repository standing for the forge, with every branch of `repo` pushed to it. */
export function bareOrigin(repo: TestRepo): string {
  const dir = tempDir('smtpfp-origin-');
  git(dir, 'init', '-q', '--bare', '-b', 'main');
  git(repo.dir, 'push', '-q', dir, '--all');
  return dir;
}

/** The environment a CI job starts from: the test's own, less any CI variables of the machine running it. */
export function jobEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(isolatedGitEnv())) {
    if (!/^(GITHUB_|GITLAB_|CI_|CI$|INPUT_|RUNNER_|SMTPFP_)/.test(k)) env[k] = v;
  }
  return env;
}

export interface CiWorld {
  home: GnupgHome;
  /** The allowed signer. */
  signer: GeneratedKey;
  /** A key that is not allowed. */
  stranger: GeneratedKey;
  /** The signer's public key, armored. */
  armored: string;
  /** A publisher repository whose first commit holds `files` (signed unless `firstSigned` is false). */
  publisher(files: Record<string, string>, opts?: { firstSigned?: boolean }): Promise<TestRepo>;
  signed(repo: TestRepo, message: string, files?: Record<string, string>): Promise<string>;
  unsigned(repo: TestRepo, message: string): Promise<string>;
  /** Registers a repository to close with the world. */
  track(repo: TestRepo): TestRepo;
  close(): Promise<void>;
}

export async function createCiWorld(): Promise<CiWorld> {
  const home = await createGnupgHome();
  const signer = await generateKey(home, { uid: 'Publisher <publisher@example.org>' });
  const stranger = await generateKey(home, { uid: 'Stranger <stranger@example.org>' });
  const armored = Buffer.from(await exportKeys(home, [signer.fingerprint], { armor: true })).toString('utf8');
  const repos: TestRepo[] = [];
  const track = (repo: TestRepo) => {
    repos.push(repo);
    return repo;
  };
  return {
    home,
    signer,
    stranger,
    armored,
    track,
    async publisher(files, opts = {}) {
      const repo = track(await createRepo(home));
      mkdirSync(join(repo.dir, 'certs'));
      await repo.commit({
        message: 'publisher\n',
        files,
        signWith: opts.firstSigned === false ? null : signer.fingerprint,
      });
      return repo;
    },
    signed: (repo, message, files) =>
      repo.commit({ message: `${message}\n`, signWith: signer.fingerprint, ...(files ? { files } : {}) }),
    unsigned: (repo, message) => repo.commit({ message: `${message}\n` }),
    async close() {
      for (const r of repos) await r.close();
      await home.close();
    },
  };
}
