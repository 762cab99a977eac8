import { git } from './run.ts';

export type ConfigScope = 'system' | 'global' | 'local' | 'worktree' | 'command' | 'unknown';

export interface ConfigEntry {
  /** null for a key written without `= value` (git reads it as boolean true). */
  value: string | null;
  scope: ConfigScope;
  /** Position of this (last) occurrence in git's reading order: which of two keys was read last. */
  order: number;
}

const SCOPES: readonly string[] = ['system', 'global', 'local', 'worktree', 'command'];

/**
 * Every configuration value git sees here (includes and `-c` options too), last one winning, read
 * with one `git config --list` so a hook pays for one process.
 */
export async function readGitConfig(cwd: string): Promise<Map<string, ConfigEntry>> {
  const { stdout } = await git(['config', '--list', '-z', '--show-scope'], { cwd, okCodes: [1] });
  const out = new Map<string, ConfigEntry>();
  // "<scope>\0<key>\n<value>\0" or "<scope>\0<key>\0" for a key without a value.
  const fields = stdout.toString('utf8').split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const scopeText = fields[i]!;
    const record = fields[i + 1]!;
    const nl = record.indexOf('\n');
    const key = (nl < 0 ? record : record.slice(0, nl)).toLowerCase();
    const value = nl < 0 ? null : record.slice(nl + 1);
    const scope = (SCOPES.includes(scopeText) ? scopeText : 'unknown') as ConfigScope;
    out.set(key, { value, scope, order: i });
  }
  return out;
}

/** git's boolean reading: undefined when the text is not a boolean git accepts. */
export function gitBoolean(entry: ConfigEntry | undefined): boolean | undefined {
  if (!entry) return undefined;
  if (entry.value === null) return true;
  const v = entry.value.trim().toLowerCase();
  if (['true', 'yes', 'on'].includes(v)) return true;
  if (['false', 'no', 'off', ''].includes(v)) return false;
  if (/^-?\d+[kmg]?$/.test(v)) return Number.parseInt(v, 10) !== 0;
  return undefined;
}
