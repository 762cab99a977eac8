import { parseNow } from '../format/dates.ts';
import { GitError } from '../git/run.ts';
import { reportError, usageError } from '../model/errors.ts';
import { printableText } from '../model/text.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../report/reporter.ts';
import { GLOBAL_OPTIONS, helpTable, parseArgs } from './args.ts';
import { COMMANDS, findCommand } from './commands/registry.ts';
import type { Context, Io } from './context.ts';

// Set by the build from package.json (only the version: the bundle must not change with the
// package's development tooling).
declare const __SMTPFP_VERSION__: string | undefined;
export const VERSION: string = typeof __SMTPFP_VERSION__ === 'string' ? __SMTPFP_VERSION__ : '0.0.0-dev';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `smtpfp ${VERSION}: pin your peers' TLS certificates from OpenPGP-signed git repositories`,
    '',
    'Usage: smtpfp [global options] <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    helpTable(GLOBAL_OPTIONS),
    '',
    'Exit status: 0 success (warnings allowed), 1 the check failed, 2 usage or environment error.',
    "Run 'smtpfp <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/** Runs one command line; returns the exit status. Never throws. */
export async function main(argv: readonly string[], rawIo: Io): Promise<number> {
  const debug = argv.includes('--debug');
  // Every message on stderr may quote a repository, a peer or the environment (a key file's name,
  // a YAML key, git's own complaint): none of their control characters reaches the terminal.
  const io: Io = { ...rawIo, err: (text) => rawIo.err(printableText(text)) };
  try {
    const args = parseArgs(argv, (name) => findCommand(name)?.options);
    if (args.flags.has('version')) {
      io.out(`${VERSION}\n`);
      return 0;
    }
    const info = args.command === undefined ? undefined : findCommand(args.command);
    if (args.command !== undefined && !info) {
      throw usageError(
        `unknown command '${args.command}'; expected one of: ${COMMANDS.map((c) => c.name).join(', ')}`,
      );
    }
    if (!info) {
      io.out(overview());
      return args.flags.has('help') ? 0 : 2;
    }
    if (args.flags.has('help')) {
      io.out(
        `Usage: ${info.usage}\n\n${info.summary}\n\nOptions:\n${helpTable(info.options)}\n${helpTable(GLOBAL_OPTIONS)}\n`,
      );
      return 0;
    }
    const format = (args.values.get('format') ?? 'text') as OutputFormat;
    if (!OUTPUT_FORMATS.includes(format)) {
      throw usageError(`--format expects one of ${OUTPUT_FORMATS.join(', ')}, got '${format}'`);
    }
    let now = Date.now();
    const nowText = args.values.get('now');
    if (nowText !== undefined) {
      const parsed = parseNow(nowText);
      if (parsed === undefined) {
        throw usageError(
          `--now expects 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM[:SS]' (UTC) or RFC 3339, got '${nowText}'`,
        );
      }
      now = parsed;
    }
    const ctx: Context = {
      args,
      io,
      format,
      color: io.stdoutIsTTY && !args.flags.has('no-color') && !io.env.NO_COLOR,
      quiet: args.flags.has('quiet'),
      now,
      debug,
    };
    const mod = await info.load();
    return await mod.run(ctx);
  } catch (e) {
    const report = reportError(e);
    if (report.internal) {
      io.err(`smtpfp: internal error: ${report.message}${debug ? '' : ' (run with --debug for details)'}\n`);
    } else io.err(`smtpfp: ${report.message}\n`);
    if (debug && (report.internal || e instanceof GitError) && e instanceof Error && e.stack)
      io.err(`${e.stack}\n`);
    return report.status;
  }
}

/** The process adapter the bins use. */
export function processIo(): Io {
  // A reader that stops early (`smtpfp check --format json | head`) closes the pipe: the rest of
  // the output has nowhere to go, and the command still ends with its own status, without a trace.
  const closed = { out: false, err: false };
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed.out = true;
  });
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed.err = true;
  });
  return {
    out: (t) => {
      if (!closed.out) process.stdout.write(t);
    },
    err: (t) => {
      if (!closed.err) process.stderr.write(t);
    },
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
    stdin: process.stdin,
  };
}

export async function runProcess(argv: readonly string[]): Promise<void> {
  const code = await main(argv, processIo());
  process.exitCode = code;
}
