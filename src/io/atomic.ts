import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `path` with `data` so that a reader sees the old content or the new, never a part:
 * a temp file in the same folder (same file system), fsync, rename over, fsync of the folder.
 * The file's mode is kept; a new file gets `mode` (default 0644, less the umask).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const dir = dirname(path);
  const existing = await stat(path).catch(() => undefined);
  if (existing && !existing.isFile()) throw new Error(`${path} exists and is not a regular file`);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', existing ? existing.mode & 0o7777 : mode);
  try {
    await handle.writeFile(data);
    if (existing) await handle.chmod(existing.mode & 0o7777);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(temp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  // The rename is durable only once the folder is synced; not every file system allows it.
  const folder = await open(dir, 'r').catch(() => undefined);
  if (folder) {
    await folder.sync().catch(() => undefined);
    await folder.close();
  }
}
