import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The real promtool (Debian's prometheus package, unpacked by CI). In CI a missing promtool is a
 * failure of the test run, never a skip; elsewhere the promtool tests are skipped with a reason.
 */
export function promtoolPath(): string | undefined {
  const path = process.env.PROMTOOL ?? join(homedir(), '.cache/smtpfp-ci/prometheus/usr/bin/promtool');
  if (existsSync(path)) return path;
  if (process.env.CI === 'true') throw new Error(`promtool is missing at ${path}; CI must provide it`);
  return undefined;
}

export const PROMTOOL = promtoolPath();
export const PROMTOOL_SKIP = PROMTOOL ? false : 'promtool is not installed (set PROMTOOL)';
