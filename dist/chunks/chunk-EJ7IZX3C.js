import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);

// src/io/regular-file.ts
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  statSync
} from "node:fs";
function kindWords(st) {
  if (st.isFile()) return "a regular file";
  if (st.isDirectory()) return "a folder";
  if (st.isSymbolicLink()) return "a symlink";
  if (st.isFIFO()) return "a FIFO";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  if (st.isSocket()) return "a socket";
  return "a special file";
}
var errorText = (e) => e.code ?? (e instanceof Error ? e.message : String(e));
function readRegularFile(path, opts) {
  let st;
  try {
    st = opts.follow ? statSync(path) : lstatSync(path);
  } catch (e) {
    const code = e.code;
    if (code === "ENOENT" || code === "ENOTDIR") return { problem: "missing", message: "does not exist" };
    return { problem: "unreadable", message: `cannot be read (${errorText(e)})` };
  }
  if (!st.isFile()) return { problem: "not-regular", message: `is ${kindWords(st)}, not a regular file` };
  if (st.size > opts.maxBytes) {
    return { problem: "too-large", message: `is ${st.size} bytes, over the limit of ${opts.maxBytes}` };
  }
  let fd;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (opts.follow ? 0 : constants.O_NOFOLLOW));
  } catch (e) {
    return { problem: "unreadable", message: `cannot be opened (${errorText(e)})` };
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile())
      return { problem: "not-regular", message: `is ${kindWords(opened)}, not a regular file` };
    const buf = Buffer.allocUnsafe(Math.min(opts.maxBytes, Math.max(opened.size, 0)) + 1);
    let length = 0;
    for (; ; ) {
      if (length === buf.length) break;
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > opts.maxBytes) {
      return { problem: "too-large", message: `is over the limit of ${opts.maxBytes} bytes` };
    }
    if (length === buf.length) {
      const more = Buffer.allocUnsafe(opts.maxBytes + 1 - length);
      let extra = 0;
      while (extra < more.length) {
        const n = readSync(fd, more, extra, more.length - extra, null);
        if (n === 0) break;
        extra += n;
      }
      if (length + extra > opts.maxBytes) {
        return { problem: "too-large", message: `is over the limit of ${opts.maxBytes} bytes` };
      }
      return { data: Buffer.concat([buf.subarray(0, length), more.subarray(0, extra)]) };
    }
    return { data: buf.subarray(0, length) };
  } catch (e) {
    return { problem: "unreadable", message: `cannot be read (${errorText(e)})` };
  } finally {
    closeSync(fd);
  }
}

export {
  readRegularFile
};
