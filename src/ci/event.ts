import { readRegularFile } from '../io/regular-file.ts';

/** GitHub caps webhook payloads at 25 MB; anything larger is not a real event. */
const MAX_EVENT_BYTES = 32 * 1024 * 1024;

/**
 * Reads the event payload file for `detectCi`: its text, or `undefined` when it is missing, not a
 * regular file, too large or unreadable (`detectCi` then reports the file by name).
 */
export function readEventFile(path: string): string | undefined {
  // Never opened when it is a FIFO or a device (the open would block, the read never end).
  const read = readRegularFile(path, { maxBytes: MAX_EVENT_BYTES, follow: true });
  return 'data' in read ? read.data.toString('utf8') : undefined;
}
