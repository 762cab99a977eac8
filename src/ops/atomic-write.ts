import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that readers see the old content or the new, never a part (SPEC §3.5): a temp
 * file in the same folder (created exclusively, never through a symlink), fsync, rename over the
 * target, fsync of the folder. An existing file's mode is kept; a new one gets `mode`. The temp
 * name starts with a dot and does not end in the target's suffix, so node_exporter's textfile
 * collector (which reads `*.prom`) never picks it up.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const dir = dirname(path);
  const current = await lstat(path).catch(() => undefined);
  const finalMode = current?.isFile() ? current.mode & 0o7777 : mode;
  const tmp = join(dir, `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(
    tmp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    await fh.writeFile(data);
    await fh.chmod(finalMode);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  const d = await open(dir, constants.O_RDONLY).catch(() => undefined);
  if (d) {
    await d.sync().catch(() => undefined);
    await d.close();
  }
}
