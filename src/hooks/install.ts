import { chmod, lstat, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { configValue } from '../git/repo.ts';
import { gitText } from '../git/run.ts';
import { SmtpfpError } from '../model/errors.ts';
import { printable } from '../model/text.ts';

export type HookName = 'pre-commit' | 'pre-push';
export const HOOK_NAMES: readonly HookName[] = ['pre-commit', 'pre-push'];

/** The line that marks a hook as smtpfp's: what `init` may update without --force. */
export const HOOK_MARK = '# installed by smtpfp init';

/**
 * A POSIX sh hook (husky runs it with `sh -e`, git directly) that runs the project's own smtpfp:
 * node_modules/.bin first, then PATH. It never downloads a version at commit time.
 */
export function hookScript(name: HookName): string {
  const args = name === 'pre-push' ? ' "$@"' : '';
  const stdin = name === 'pre-push' ? ' (git passes the pushed refs on stdin)' : '';
  return [
    '#!/bin/sh',
    `${HOOK_MARK}: re-run 'smtpfp init' to update this hook.`,
    `# Runs the project's own smtpfp${stdin}; never downloads one.`,
    'top=$(git rev-parse --show-toplevel 2>/dev/null) || top=.',
    'if [ -x "$top/node_modules/.bin/smtpfp" ]; then',
    `  exec "$top/node_modules/.bin/smtpfp" ${name}${args}`,
    'fi',
    'if command -v smtpfp >/dev/null 2>&1; then',
    `  exec smtpfp ${name}${args}`,
    'fi',
    `echo "smtpfp ${name} hook: smtpfp is neither in $top/node_modules/.bin nor on PATH; install it with 'npm install --save-dev smtpfp'" >&2`,
    'exit 1',
    '',
  ].join('\n');
}

export interface HookTarget {
  dir: string;
  layout: 'husky' | 'git';
  notes: string[];
}

const isDir = async (p: string) => (await stat(p).catch(() => undefined))?.isDirectory() ?? false;

/**
 * A husky folder is committed content: a `.husky` symlink (or one on the way to it) could send the
 * executable hooks anywhere. The folder must lie inside the work tree and be reached without
 * passing a symlink.
 */
async function assertHuskyDirSafe(top: string, dir: string): Promise<void> {
  const rel = relative(top, dir);
  const shown = printable(rel || dir);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    throw new SmtpfpError(
      'UNSAFE_HOOKS_DIR',
      `the husky hooks folder '${shown}' is outside the work tree: refusing to install hooks there`,
    );
  }
  let at = top;
  for (const part of rel.split(sep)) {
    at = join(at, part);
    const st = await lstat(at).catch(() => undefined);
    if (!st) return; // created by installHook, as a real folder
    if (st.isSymbolicLink()) {
      throw new SmtpfpError(
        'UNSAFE_HOOKS_DIR',
        `the husky hooks folder '${shown}' is reached through the symlink '${printable(relative(top, at))}': refusing to write hooks through it (remove the symlink, or unset core.hooksPath to use git's hooks folder)`,
      );
    }
  }
}

/** Where the hooks go: husky's folder when the repository uses husky, else the folder git runs hooks from. */
export async function hookTarget(top: string): Promise<HookTarget> {
  const hooksPath = (await configValue(top, 'core.hooksPath'))?.trim();
  const clean = hooksPath?.replace(/^\.\//, '').replace(/\/+$/, '');
  const huskyPath = clean !== undefined && /(^|\/)\.husky(\/_)?$/.test(clean);
  if (huskyPath) {
    const dir = resolve(top, clean.replace(/\/_$/, ''));
    await assertHuskyDirSafe(top, dir);
    return { dir, layout: 'husky', notes: [] };
  }
  const husky = join(top, '.husky');
  if ((await lstat(husky).catch(() => undefined))?.isSymbolicLink()) await assertHuskyDirSafe(top, husky);
  if (await isDir(husky)) {
    const notes = [
      hooksPath
        ? `core.hooksPath is '${hooksPath}', not husky's: git will not run .husky hooks until husky is installed ('npx husky')`
        : "core.hooksPath is not set: git runs .husky hooks once husky is installed ('npx husky', usually the 'prepare' script)",
    ];
    return { dir: join(top, '.husky'), layout: 'husky', notes };
  }
  // --git-path honours core.hooksPath and linked worktrees; it answers relative to the cwd.
  const dir = resolve(top, await gitText(['rev-parse', '--git-path', 'hooks'], { cwd: top }));
  return { dir, layout: 'git', notes: [] };
}

export type InstallAction = 'installed' | 'unchanged' | 'updated' | 'replaced' | 'refused';

export interface InstallResult {
  hook: HookName;
  path: string;
  action: InstallAction;
  /** Where a foreign hook replaced with --force was moved. */
  backup?: string;
}

async function writeExecutable(path: string, content: string): Promise<void> {
  const tmp = `${path}.smtpfp-tmp-${process.pid}`;
  try {
    await writeFile(tmp, content, { mode: 0o755 });
    await chmod(tmp, 0o755);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

async function freeBackupPath(path: string): Promise<string> {
  for (let i = 0; ; i++) {
    const candidate = `${path}.smtpfp-backup${i === 0 ? '' : `.${i}`}`;
    if (!(await lstat(candidate).catch(() => undefined))) return candidate;
  }
}

/**
 * Installs one hook: idempotent for smtpfp's own hook (same content: unchanged; older content:
 * updated); a foreign hook (or a symlink) is left alone unless `force`, which moves it aside.
 */
export async function installHook(dir: string, hook: HookName, force: boolean): Promise<InstallResult> {
  const path = join(dir, hook);
  const script = hookScript(hook);
  await mkdir(dir, { recursive: true });
  const st = await lstat(path).catch(() => undefined);
  if (!st) {
    await writeExecutable(path, script);
    return { hook, path, action: 'installed' };
  }
  let ours = false;
  if (st.isFile()) {
    const current = await readFile(path, 'utf8');
    if (current === script) {
      if ((st.mode & 0o111) === 0) await chmod(path, 0o755);
      return { hook, path, action: 'unchanged' };
    }
    ours = current.split('\n').some((line) => line.startsWith(HOOK_MARK));
  }
  if (ours) {
    await writeExecutable(path, script);
    return { hook, path, action: 'updated' };
  }
  if (!force) return { hook, path, action: 'refused' };
  const backup = await freeBackupPath(path);
  await rename(path, backup);
  await writeExecutable(path, script);
  return { hook, path, action: 'replaced', backup };
}
