import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { GitError, spawnGit } from './run.ts';

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
  /** Bytes received and not yet consumed, kept as the chunks that arrived (never re-concatenated). */
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The object whose header was read and whose content is still arriving. */
  private current: { oid: string; type: GitObject['type']; size: number } | undefined;
  private failed: Error | undefined;
  private closed = false;

  constructor(cwd: string, env?: NodeJS.ProcessEnv) {
    this.child = spawnGit(['cat-file', '--batch'], cwd, env);
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

  /**
   * Removes and returns the first `n` buffered bytes (n <= buffered), copying at most once;
   * `own`: never a view into a received chunk (which would keep the whole chunk alive).
   */
  private take(n: number, own = false): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) {
      const view = first.subarray(0, n);
      const out = own ? Buffer.from(view) : view;
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    while (at < n) {
      const c = this.chunks[0]!;
      const part = Math.min(c.length, n - at);
      c.copy(out, at, 0, part);
      at += part;
      if (part === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(part);
    }
    this.buffered -= n;
    return out;
  }

  /** Position of the first line feed among the buffered bytes, or -1. */
  private newline(): number {
    let offset = 0;
    for (const c of this.chunks) {
      const at = c.indexOf(10);
      if (at >= 0) return offset + at;
      offset += c.length;
    }
    return -1;
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      const head = this.queue[0];
      if (!head) return;
      if (!this.current) {
        const nl = this.newline();
        if (nl < 0) return;
        const header = this.take(nl + 1)
          .subarray(0, nl)
          .toString('latin1');
        if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
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
        this.current = { oid: parts[0]!, type: parts[1] as GitObject['type'], size };
      }
      // The content and the line feed git prints after it.
      if (this.buffered < this.current.size + 1) return;
      const data = this.take(this.current.size, true);
      this.take(1);
      const { oid, type } = this.current;
      this.current = undefined;
      this.queue.shift();
      head.resolve({ oid, type, data });
    }
  }
}
