import { spawn } from 'node:child_process';
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
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Runs git with an argument vector (never a shell), collecting stdout as bytes. */
export function git(args: string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: opts.cwd,
      env: { ...(opts.env ?? process.env), GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
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
      const stderr = Buffer.concat(err).toString('utf8');
      const exit = code ?? -1;
      if (exit === 0 || opts.okCodes?.includes(exit)) {
        resolve({ stdout: Buffer.concat(out), stderr, code: exit });
      } else {
        const first = stderr.trim().split('\n')[0] ?? '';
        reject(new GitError(`git ${args[0]} failed: ${first || `exit ${exit}`}`, 'GIT_FAILED', stderr, exit));
      }
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs git and returns stdout as trimmed UTF-8 text. */
export async function gitText(args: string[], opts: RunOptions): Promise<string> {
  return (await git(args, opts)).stdout.toString('utf8').trim();
}
