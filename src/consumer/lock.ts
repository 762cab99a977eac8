import { open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConsumerError } from './errors.ts';

export const LOCK_FILE = 'lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a lock whose owner is gone, once: two runs that both find it stale must not both remove
 * it, or the slower one would remove the lock the faster one has just taken. The one that creates
 * the takeover token for this very lock file (its inode and change time) removes it; the others
 * find the token and try again.
 */
async function takeOver(path: string, seen: { ino: bigint; ctimeNs: bigint }): Promise<void> {
  const token = `${path}.takeover.${seen.ino}.${seen.ctimeNs}`;
  const handle = await open(token, 'wx', 0o600).catch(() => undefined);
  if (!handle) return;
  try {
    await handle.close();
    const now = await stat(path, { bigint: true }).catch(() => undefined);
    if (now && now.ino === seen.ino && now.ctimeNs === seen.ctimeNs) await rm(path, { force: true });
  } finally {
    await rm(token, { force: true });
  }
}

/**
 * Takes the state dir's lock so that a timer run and a manual run never interleave: a file
 * created exclusively, holding the owner's pid. A lock whose owner is gone is taken over. When
 * another live run holds it, waits up to `waitMs`, then fails.
 */
export async function acquireLock(stateDir: string, waitMs: number): Promise<() => Promise<void>> {
  const path = join(stateDir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o644);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await rm(path, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new ConsumerError(`cannot create the lock ${path}: ${(e as Error).message}`, 'LOCKED');
      }
    }
    const seen = await stat(path, { bigint: true }).catch(() => undefined);
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (seen && Number.isInteger(owner) && owner > 0 && !alive(owner)) {
      await takeOver(path, seen);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new ConsumerError(
        `another update is running on ${stateDir} (lock ${path}${owner ? `, held by process ${owner}` : ''}); try again when it has finished`,
        'LOCKED',
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
