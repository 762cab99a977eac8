import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh temp folder, removed when the test process exits. */
export function tempDir(prefix = 'smtpfp-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

process.on('exit', () => {
  if (process.env.SMTPFP_KEEP_TMP) return;
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
