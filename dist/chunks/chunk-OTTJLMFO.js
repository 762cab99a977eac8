import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);

// src/io/atomic.ts
import { randomBytes } from "node:crypto";
import { open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
async function writeFileAtomic(path, data, mode = 420) {
  const dir = dirname(path);
  const existing = await stat(path).catch(() => void 0);
  if (existing && !existing.isFile()) throw new Error(`${path} exists and is not a regular file`);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", existing ? existing.mode & 4095 : mode);
  try {
    await handle.writeFile(data);
    if (existing) await handle.chmod(existing.mode & 4095);
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
  const folder = await open(dir, "r").catch(() => void 0);
  if (folder) {
    await folder.sync().catch(() => void 0);
    await folder.close();
  }
}

export {
  writeFileAtomic
};
