import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'dist', 'smtpfp.js');
export const BIN_CHECK = join(ROOT, 'dist', 'smtpfp-check.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (the shipped bundle) as a user would. */
export function smtpfp(
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; bin?: string },
): CliRun {
  const r = spawnSync(process.execPath, [opts.bin ?? BIN, ...args], {
    cwd: opts.cwd,
    env: { ...(opts.env ?? process.env), NO_COLOR: '' },
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the built CLI without blocking this process (whose event loop may serve a test server the
 * command talks to). Killed after 60 s.
 */
export function smtpfpAsync(args: string[], opts: { cwd: string }): Promise<CliRun & { ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, NO_COLOR: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started });
    });
  });
}

export interface JsonFinding {
  file: string;
  line: number | null;
  column: number | null;
  severity: 'error' | 'warning';
  rule: string;
  message: string;
}

export function checkJson(
  dir: string,
  args: string[] = [],
  env?: NodeJS.ProcessEnv,
): { code: number; findings: JsonFinding[]; summary: Record<string, number>; stderr: string } {
  const r = smtpfp(['check', '--format', 'json', ...args], env ? { cwd: dir, env } : { cwd: dir });
  let parsed: { findings: JsonFinding[]; summary: Record<string, number> };
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    throw new Error(`check printed no JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
  return { code: r.code, findings: parsed.findings, summary: parsed.summary, stderr: r.stderr };
}
