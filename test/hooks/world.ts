/**
 * Shared set-up for the hook tests: real gpg keys in a throwaway GNUPGHOME, a PATH folder with an
 * `smtpfp` shim that runs the built bundle (test repositories have no node_modules), publisher
 * repositories whose commits are signed by git + gpg, and bare remotes to push to.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, type CliRun, smtpfp } from '../helpers/cli.ts';
import {
  createGnupgHome,
  exportKeys,
  type GeneratedKey,
  type GnupgHome,
  generateKey,
} from '../helpers/gpg.ts';
import { TestRepo } from '../helpers/repo.ts';
import { tempDir } from '../helpers/tmp.ts';
import { GOOD_CERT, serviceYaml } from '../publisher/fixtures.ts';

export interface World {
  home: GnupgHome;
  /** An allowed signer. */
  alice: GeneratedKey;
  /** A key with a secret part in the same home that no policy allows. */
  mallory: GeneratedKey;
  /** Both public keys, armored: the policy's keyring holds mallory's too, so her signatures are judged. */
  keysArmored: string;
  /** Folder holding the `smtpfp` shim. */
  shimDir: string;
  /** Extra environment for git and smtpfp: GNUPGHOME and PATH with the shim first. */
  extraEnv: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function createWorld(): Promise<World> {
  const home = await createGnupgHome();
  const alice = await generateKey(home, { uid: 'Alice <alice@example.org>' });
  const mallory = await generateKey(home, { uid: 'Mallory <mallory@example.org>' });
  const keysArmored = Buffer.from(
    await exportKeys(home, [alice.fingerprint, mallory.fingerprint], { armor: true }),
  ).toString();
  const shimDir = tempDir('smtpfp-shim-');
  writeFileSync(join(shimDir, 'smtpfp'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(shimDir, 'smtpfp'), 0o755);
  const extraEnv = { GNUPGHOME: home.dir, PATH: `${shimDir}:${process.env.PATH ?? '/usr/bin:/bin'}` };
  return { home, alice, mallory, keysArmored, shimDir, extraEnv, close: () => home.close() };
}

export interface GitRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together: where hook output lands depends on the git command. */
  output: string;
}

/** Runs git in a repository and returns the outcome, failing or not. */
export function gitRun(repo: TestRepo, args: string[], env: NodeJS.ProcessEnv = {}): GitRun {
  const r = spawnSync('git', args, { cwd: repo.dir, env: { ...repo.env, ...env }, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}\n${r.stderr}` };
}

/** Runs the built CLI in a repository with the repository's environment. */
export function cli(
  repo: TestRepo,
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv } = {},
): CliRun {
  return smtpfp(args, {
    cwd: repo.dir,
    env: { ...repo.env, ...opts.env },
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
}

export function policyYaml(signers: readonly string[]): string {
  return `version: 1\nsigners:\n${signers.map((s) => `  - ${s}\n`).join('')}keyring: keys/\n`;
}

/**
 * A publisher repository set up to sign with alice: a valid service file, a policy allowing
 * alice, alice's and mallory's public keys, and a first commit signed by her (made without hooks).
 */
export function publisher(world: World, opts: { dir?: string; signers?: string[] } = {}): TestRepo {
  const repo = new TestRepo({ ...(opts.dir ? { dir: opts.dir } : {}), env: world.extraEnv });
  repo.git('config', 'user.name', 'Test Publisher');
  repo.git('config', 'user.email', 'publisher@example.org');
  repo.git('config', 'commit.gpgsign', 'true');
  repo.git('config', 'user.signingkey', world.alice.fingerprint);
  repo
    .write('.smtpfp.yml', policyYaml(opts.signers ?? [world.alice.fingerprint]))
    .write('keys/signers.asc', world.keysArmored)
    .write('smtp.yml', serviceYaml())
    .write('certs/mail.pem', GOOD_CERT.pem);
  repo.git('add', '-A');
  repo.git('commit', '-q', '--no-verify', '-m', 'initial');
  return repo;
}

/** A bare repository in a temp folder, added to `repo` as `origin`, with `repo`'s main pushed (no hooks). */
export function withRemote(repo: TestRepo, name = 'origin'): TestRepo {
  const bare = new TestRepo({ bare: true, env: repo.env });
  repo.git('remote', 'add', name, bare.dir);
  repo.git('push', '-q', '--no-verify', name, 'main');
  return bare;
}

/** The object id a ref has in a repository, or undefined when there is no such ref. */
export function refOid(repo: TestRepo, ref: string): string | undefined {
  const r = spawnSync('git', ['rev-parse', '--verify', '--quiet', ref], {
    cwd: repo.dir,
    env: repo.env,
    encoding: 'utf8',
  });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** git's own verdict on a commit's signature: %G? ('G' good, 'N' none, ...). */
export function signatureMark(repo: TestRepo, rev = 'HEAD'): string {
  return repo.git('log', '-1', '--format=%G?', rev);
}

/** Writes an executable file (a hook, a fake bin). */
export function writeExecutable(path: string, content: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  chmodSync(path, 0o755);
}
