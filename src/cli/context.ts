import type { OutputFormat } from '../report/reporter.ts';
import type { ParsedArgs } from './args.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  stdoutIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin: NodeJS.ReadableStream;
}

/** Settings shared by every command, built once from the global options. */
export interface Context {
  args: ParsedArgs;
  io: Io;
  format: OutputFormat;
  color: boolean;
  quiet: boolean;
  /** Evaluation instant, epoch ms. */
  now: number;
  debug: boolean;
}
