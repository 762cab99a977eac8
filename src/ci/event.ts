import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';

/** GitHub caps webhook payloads at 25 MB; anything larger is not a real event. */
const MAX_EVENT_BYTES = 32 * 1024 * 1024;

/**
 * Reads the event payload file for `detectCi`: its text, or `undefined` when it is missing, not a
 * regular file, too large or unreadable (`detectCi` then reports the file by name).
 */
export function readEventFile(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_EVENT_BYTES) return undefined;
    return readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
