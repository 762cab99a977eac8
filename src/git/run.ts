import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { SmtpfpError } from '../model/errors.ts';

/** A git invocation failed, or git is not there. Carries git's own stderr for the report. */
export class GitError extends SmtpfpError<'GIT_FAILED' | 'GIT_MISSING' | 'NOT_A_REPOSITORY'> {
  override readonly name = 'GitError';

  constructor(
    message: string,
    code: 'GIT_FAILED' | 'GIT_MISSING' | 'NOT_A_REPOSITORY',
    readonly stderr = '',
    readonly exitCode: number | null = null,
  ) {
    super(code, message);
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
  /**
   * Kill git once it has printed more than this many bytes: a listing of a hostile repository
   * (a few shared trees nested in each other) can run to billions of lines (SPEC §5).
   */
  maxOutputBytes?: number;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/**
 * The environment of every git process. Objects are read as stored (SPEC §3.2): `refs/replace/`
 * substitutions and grafts, which a mirror or a fetched peer may carry, would let an unsigned
 * commit or a different blob stand in for the real one. The graft file is pointed below a device
 * file, a path that cannot exist and that git skips without a warning.
 */
export function gitEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_GRAFT_FILE: '/dev/null/no-grafts',
  };
}

/** Starts one git process: the only place git is spawned. */
export function spawnGit(
  args: string[],
  cwd: string,
  env?: NodeJS.ProcessEnv,
  detached = false,
): ChildProcessWithoutNullStreams {
  return spawn('git', args, { cwd, env: gitEnvironment(env), stdio: ['pipe', 'pipe', 'pipe'], detached });
}

/** Runs git with an argument vector (never a shell), collecting stdout as bytes. */
export function git(args: string[], opts: RunOptions): Promise<RunResult> {
  // The subcommand, for messages: the first word that is not a `-c name=value` pair.
  const name = args.find((a, i) => a !== '-c' && args[i - 1] !== '-c') ?? '';
  return new Promise((resolve, reject) => {
    // Its own process group when bounded in time, so a timeout kills the transport helpers too.
    const child = spawnGit(args, opts.cwd, opts.env, opts.timeoutMs !== undefined);
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
    let outBytes = 0;
    let overflowed = false;
    child.stdout.on('data', (b: Buffer) => {
      if (overflowed) return;
      outBytes += b.length;
      if (opts.maxOutputBytes !== undefined && outBytes > opts.maxOutputBytes) {
        overflowed = true;
        out.length = 0;
        child.kill('SIGKILL');
        return;
      }
      out.push(b);
    });
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
      if (overflowed) {
        reject(
          new GitError(
            `git ${name} printed more than ${opts.maxOutputBytes} bytes: not read further`,
            'GIT_FAILED',
            '',
            null,
          ),
        );
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
