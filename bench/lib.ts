import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const OUT = join(ROOT, 'bench', 'out');

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Timed {
  ms: number;
  code: number;
  stdout: string;
}

/** Wall time of a command, stdout captured. */
export function timeCommand(
  cmd: string,
  args: string[],
  cwd: string,
  env?: NodeJS.ProcessEnv,
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ ms: performance.now() - t0, code: code ?? -1, stdout: Buffer.concat(out).toString('utf8') }),
    );
  });
}

/** Runs `smtpfp ARGS` through bench/measure.mjs: wall time and peak resident memory. */
export async function timeSmtpfp(args: string[], cwd: string): Promise<Timed & { maxRssMiB: number }> {
  const report = join(OUT, `measure-${process.pid}.json`);
  const r = await timeCommand(process.execPath, [join(ROOT, 'bench', 'measure.mjs'), ...args], cwd, {
    ...process.env,
    SMTPFP_MEASURE_OUT: report,
  });
  const { maxRssKiB } = JSON.parse(readFileSync(report, 'utf8')) as { maxRssKiB: number };
  return { ...r, maxRssMiB: maxRssKiB / 1024 };
}

export function sh(cmd: string, cwd: string, env?: NodeJS.ProcessEnv): string {
  const r = spawnSync('sh', ['-c', cmd], {
    cwd,
    env: env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`${cmd}: ${r.stderr}`);
  return r.stdout;
}

export const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
