/**
 * Reading a file that must be a regular file, whatever the path really names (SPEC §5): a FIFO,
 * a device or a folder is refused without being opened for reading, the open never blocks (a FIFO
 * swapped in after the check), and at most the cap plus one byte is read (`/dev/zero` cannot grow
 * the process).
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  type Stats,
  statSync,
} from 'node:fs';

export type FileProblem = 'missing' | 'not-regular' | 'too-large' | 'unreadable';

export type FileRead = { data: Buffer } | { problem: FileProblem; message: string };

export interface ReadOptions {
  /** Largest accepted size in bytes. */
  maxBytes: number;
  /** Follow a symlink to its target (a path the user gave); false refuses any symlink. */
  follow: boolean;
}

/** What a file system object is, in the words a message uses. */
export function kindWords(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a folder';
  if (st.isSymbolicLink()) return 'a symlink';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

const errorText = (e: unknown): string =>
  (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));

/** Reads a regular file of at most `maxBytes`; never blocks, never reads past the cap. */
export function readRegularFile(path: string, opts: ReadOptions): FileRead {
  let st: Stats;
  try {
    st = opts.follow ? statSync(path) : lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: 'missing', message: 'does not exist' };
    return { problem: 'unreadable', message: `cannot be read (${errorText(e)})` };
  }
  if (!st.isFile()) return { problem: 'not-regular', message: `is ${kindWords(st)}, not a regular file` };
  if (st.size > opts.maxBytes) {
    return { problem: 'too-large', message: `is ${st.size} bytes, over the limit of ${opts.maxBytes}` };
  }
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (opts.follow ? 0 : constants.O_NOFOLLOW));
  } catch (e) {
    return { problem: 'unreadable', message: `cannot be opened (${errorText(e)})` };
  }
  try {
    // The path may have been replaced between the check and the open.
    const opened = fstatSync(fd);
    if (!opened.isFile())
      return { problem: 'not-regular', message: `is ${kindWords(opened)}, not a regular file` };
    const buf = Buffer.allocUnsafe(Math.min(opts.maxBytes, Math.max(opened.size, 0)) + 1);
    let length = 0;
    for (;;) {
      if (length === buf.length) break;
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > opts.maxBytes) {
      return { problem: 'too-large', message: `is over the limit of ${opts.maxBytes} bytes` };
    }
    // A file that grew after fstat: read on until the cap tells.
    if (length === buf.length) {
      const more = Buffer.allocUnsafe(opts.maxBytes + 1 - length);
      let extra = 0;
      while (extra < more.length) {
        const n = readSync(fd, more, extra, more.length - extra, null);
        if (n === 0) break;
        extra += n;
      }
      if (length + extra > opts.maxBytes) {
        return { problem: 'too-large', message: `is over the limit of ${opts.maxBytes} bytes` };
      }
      return { data: Buffer.concat([buf.subarray(0, length), more.subarray(0, extra)]) };
    }
    return { data: buf.subarray(0, length) };
  } catch (e) {
    return { problem: 'unreadable', message: `cannot be read (${errorText(e)})` };
  } finally {
    closeSync(fd);
  }
}
