/**
 * Rendered outputs: compared with what is on disk, written atomically only when changed, or
 * shown as a unified diff; then the operator's `--on-change` command, run without a shell.
 */
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { createTwoFilesPatch } from 'diff';
import { writeFileAtomic } from '../io/atomic.ts';
import type { PinSet, RenderFormat, RenderOptions } from '../model/pins.ts';
import { ConsumerError } from './errors.ts';

export interface OutputSpec {
  service: string;
  format: RenderFormat;
  path: string;
}

export type Renderer = (format: RenderFormat, pins: PinSet, opts: RenderOptions) => string;

export interface RenderedOutput {
  spec: OutputSpec;
  content: string;
  /** The file's content before this run; null when it did not exist. */
  previous: string | null;
  changed: boolean;
}

const MAX_OUTPUT_READ = 64 * 1024 * 1024;

/** What is at an output path now: refused when it is not a regular file (a FIFO is never opened). */
export async function currentContent(path: string): Promise<string | null> {
  const st = await stat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw new ConsumerError(`cannot read the output ${path}: ${e.message}`, 'OUTPUT');
  });
  if (!st) return null;
  if (!st.isFile()) throw new ConsumerError(`the output ${path} exists and is not a regular file`, 'OUTPUT');
  if (st.size > MAX_OUTPUT_READ)
    throw new ConsumerError(`the output ${path} is over 64 MiB: not read`, 'OUTPUT');
  return readFile(path, 'utf8');
}

/** Renders every output before anything is written: one failure and nothing is written. */
export async function renderOutputs(
  specs: readonly OutputSpec[],
  pinSets: ReadonlyMap<string, PinSet>,
  render: Renderer,
  opts: RenderOptions,
): Promise<RenderedOutput[]> {
  const out: RenderedOutput[] = [];
  for (const spec of specs) {
    const pins = pinSets.get(spec.service) ?? { service: spec.service, domains: [] };
    let content: string;
    try {
      content = render(spec.format, pins, opts);
    } catch (e) {
      throw new ConsumerError(
        `rendering ${spec.format}:${spec.path} failed: ${(e as Error).message}; no output written`,
        'OUTPUT',
      );
    }
    const previous = await currentContent(spec.path);
    out.push({ spec, content, previous, changed: previous !== content });
  }
  return out;
}

export function unifiedDiff(o: RenderedOutput): string {
  if (!o.changed) return '';
  return createTwoFilesPatch(
    o.previous === null ? '/dev/null' : o.spec.path,
    o.spec.path,
    o.previous ?? '',
    o.content,
  );
}

/** Writes the changed outputs; returns the paths that failed with their reason. */
export async function writeOutputs(outputs: readonly RenderedOutput[]): Promise<string[]> {
  const failures: string[] = [];
  for (const o of outputs) {
    if (!o.changed) continue;
    try {
      await writeFileAtomic(o.spec.path, o.content);
    } catch (e) {
      failures.push(`cannot write ${o.spec.path}: ${(e as Error).message}`);
    }
  }
  return failures;
}

export interface CommandResult {
  argv: string[];
  exitCode: number | null;
  error: string | null;
  /** What it printed (stdout and stderr, at most 64 KiB), for the report. */
  output: string;
}

/** Runs the `--on-change` argument vector (no shell), collecting what it prints. */
export function runCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const [program, ...args] = argv;
    if (!program) {
      resolve({ argv: [...argv], exitCode: null, error: 'an empty command', output: '' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (b: Buffer) => {
      if (size < 65536) chunks.push(b.subarray(0, 65536 - size));
      size += b.length;
    };
    const child = spawn(program, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const output = () => Buffer.concat(chunks).toString('utf8');
    child.on('error', (e) =>
      resolve({ argv: [...argv], exitCode: null, error: e.message, output: output() }),
    );
    child.on('close', (code, signal) =>
      resolve({
        argv: [...argv],
        exitCode: code,
        error: code === 0 ? null : signal ? `was killed by ${signal}` : `exited with status ${code}`,
        output: output(),
      }),
    );
  });
}
