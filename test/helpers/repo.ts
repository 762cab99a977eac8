import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './tmp.ts';

/** Environment that isolates git from the user's own configuration. */
export function isolatedGitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test Publisher',
    GIT_AUTHOR_EMAIL: 'publisher@example.org',
    GIT_COMMITTER_NAME: 'Test Publisher',
    GIT_COMMITTER_EMAIL: 'publisher@example.org',
    ...extra,
  };
}

/** A real git repository in a temp folder. */
export class TestRepo {
  readonly dir: string;
  env: NodeJS.ProcessEnv;

  constructor(opts: { dir?: string; env?: NodeJS.ProcessEnv; bare?: boolean } = {}) {
    this.dir = opts.dir ?? tempDir('smtpfp-repo-');
    mkdirSync(this.dir, { recursive: true });
    this.env = isolatedGitEnv(opts.env);
    this.git('init', '-q', '-b', 'main', ...(opts.bare ? ['--bare'] : []));
    if (!opts.bare) this.git('config', 'commit.gpgsign', 'false');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: this.env, encoding: 'utf8' }).trim();
  }

  write(path: string, content: string | Uint8Array): this {
    const full = join(this.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    return this;
  }

  symlink(path: string, target: string): this {
    const full = join(this.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    symlinkSync(target, full);
    return this;
  }

  add(...paths: string[]): this {
    this.git('add', '--', ...(paths.length ? paths : ['.']));
    return this;
  }

  /** Stages everything and commits (unsigned unless the repo is configured otherwise). */
  commit(message = 'update', ...extra: string[]): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message, ...extra);
    return this.git('rev-parse', 'HEAD');
  }
}
