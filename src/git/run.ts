import { spawn } from 'node:child_process';

/** A git invocation failed, or git is not there. Carries git's own stderr for the report. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly code: 'GIT_FAILED' | 'GIT_MISSING' | 'NOT_A_REPOSITORY',
    readonly stderr = '',
    readonly exitCode: number | null = null,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export interface RunOptions {
  cwd: string;
  input?: string | Uint8Array;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that are answers, not failures (e.g. 1 from `merge-base --is-ancestor`). */
  okCodes?: number[];
  /** Kill git (and the helpers it started: ssh, remote helpers) after this many milliseconds. */
  timeoutMs?: number;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Runs git with an argument vector (never a shell), collecting stdout as bytes. */
export function git(args: string[], opts: RunOptions): Promise<RunResult> {
  // The subcommand, for messages: the first word that is not a `-c name=value` pair.
  const name = args.find((a, i) => a !== '-c' && args[i - 1] !== '-c') ?? '';
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: opts.cwd,
      env: { ...(opts.env ?? process.env), GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so a timeout kills the transport helpers too.
      detached: opts.timeoutMs !== undefined,
    });
    let timedOut = false;
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            try {
              if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
            } catch {
              child.kill('SIGKILL');
            }
          }, opts.timeoutMs);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      reject(
        e.code === 'ENOENT'
          ? new GitError('git is not installed or not on PATH', 'GIT_MISSING')
          : new GitError(`could not run git: ${e.message}`, 'GIT_FAILED'),
      );
    });
    child.stdin.on('error', () => {
      /* git may exit before reading all input; the exit code tells what happened */
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      if (timedOut) {
        reject(new GitError(`git ${name} timed out after ${opts.timeoutMs} ms`, 'GIT_FAILED', '', null));
        return;
      }
      const stderr = Buffer.concat(err).toString('utf8');
      const exit = code ?? -1;
      if (exit === 0 || opts.okCodes?.includes(exit)) {
        resolve({ stdout: Buffer.concat(out), stderr, code: exit });
      } else {
        const first = stderr.trim().split('\n')[0] ?? '';
        reject(new GitError(`git ${name} failed: ${first || `exit ${exit}`}`, 'GIT_FAILED', stderr, exit));
      }
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs git and returns stdout as trimmed UTF-8 text. */
export async function gitText(args: string[], opts: RunOptions): Promise<string> {
  return (await git(args, opts)).stdout.toString('utf8').trim();
}
