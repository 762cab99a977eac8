import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { GitError } from './run.ts';

export interface GitObject {
  oid: string;
  type: 'blob' | 'tree' | 'commit' | 'tag';
  data: Buffer;
}

interface Pending {
  name: string;
  resolve: (o: GitObject | undefined) => void;
  reject: (e: Error) => void;
}

/**
 * One long-lived `git cat-file --batch` process: objects are requested by id and read back in
 * order. Reading by object id (not `rev:path`) keeps it fast for thousands of objects.
 */
export class ObjectReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  private buf: Buffer = Buffer.alloc(0);
  private failed: Error | undefined;
  private closed = false;

  constructor(cwd: string) {
    this.child = spawn('git', ['cat-file', '--batch'], {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    this.child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString('utf8');
    });
    this.child.stdout.on('data', (b: Buffer) => this.onData(b));
    this.child.stdin.on('error', () => {});
    this.child.on('error', (e: NodeJS.ErrnoException) =>
      this.fail(
        e.code === 'ENOENT'
          ? new GitError('git is not installed or not on PATH', 'GIT_MISSING')
          : new GitError(`could not run git cat-file: ${e.message}`, 'GIT_FAILED'),
      ),
    );
    this.child.on('close', (code) => {
      if (!this.closed || this.queue.length > 0) {
        this.fail(
          new GitError(`git cat-file exited (${code}): ${stderr.trim()}`, 'GIT_FAILED', stderr, code),
        );
      }
    });
  }

  /** Reads one object by id (or any name git accepts); undefined when it does not exist. */
  read(name: string): Promise<GitObject | undefined> {
    if (this.failed) return Promise.reject(this.failed);
    if (/[\n\r\0]/.test(name))
      return Promise.reject(new GitError('object name holds a line break', 'GIT_FAILED'));
    return new Promise((resolve, reject) => {
      this.queue.push({ name, resolve, reject });
      this.child.stdin.write(`${name}\n`);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.child.stdin.end();
  }

  private fail(e: Error): void {
    this.failed = e;
    for (const p of this.queue.splice(0)) p.reject(e);
  }

  private onData(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    for (;;) {
      const head = this.queue[0];
      if (!head) return;
      const nl = this.buf.indexOf(10);
      if (nl < 0) return;
      const header = this.buf.subarray(0, nl).toString('latin1');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buf = this.buf.subarray(nl + 1);
        this.queue.shift();
        head.resolve(undefined);
        continue;
      }
      const parts = header.split(' ');
      const size = Number(parts[2]);
      if (parts.length !== 3 || !Number.isSafeInteger(size)) {
        this.fail(new GitError(`unexpected cat-file header: ${header}`, 'GIT_FAILED'));
        return;
      }
      const end = nl + 1 + size;
      if (this.buf.length < end + 1) return;
      const data = Buffer.from(this.buf.subarray(nl + 1, end));
      this.buf = this.buf.subarray(end + 1);
      this.queue.shift();
      head.resolve({ oid: parts[0]!, type: parts[1] as GitObject['type'], data });
    }
  }
}
