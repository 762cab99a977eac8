import { open, readFile, rm } from 'node:fs/promises';
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
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
      await rm(path, { force: true });
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
