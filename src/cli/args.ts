import { usageError } from './errors.ts';

export type OptionKind = 'flag' | 'value' | 'list';

export interface OptionSpec {
  kind: OptionKind;
  short?: string;
  /** Shown in --help. */
  help: string;
  /** Value placeholder in --help. */
  arg?: string;
}

export type OptionTable = Record<string, OptionSpec>;

export interface ParsedArgs {
  command: string | undefined;
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string>;
  lists: Map<string, string[]>;
}

export const GLOBAL_OPTIONS: OptionTable = {
  config: {
    kind: 'value',
    arg: 'META',
    help: 'the meta configuration of the peers (consumer commands)',
  },
  now: {
    kind: 'value',
    arg: 'TIME',
    help: 'evaluate valid_after, expiry and TTLs as of TIME (default: now)',
  },
  format: { kind: 'value', arg: 'FORMAT', help: 'text | json | github | gitlab (default: text)' },
  'no-color': { kind: 'flag', help: 'never color the text output' },
  quiet: { kind: 'flag', short: 'q', help: 'print only problems' },
  help: { kind: 'flag', short: 'h', help: 'show help' },
  version: { kind: 'flag', short: 'V', help: 'show the version' },
  debug: { kind: 'flag', help: 'show stack traces of internal errors' },
};

/**
 * Parses global and command options in any order around the command name. The command's own
 * table is chosen once the command name is seen, so `smtpfp --format json check --staged` and
 * `smtpfp check --staged --format json` mean the same.
 */
export function parseArgs(
  argv: readonly string[],
  commandOptions: (command: string) => OptionTable | undefined,
): ParsedArgs {
  const out: ParsedArgs = {
    command: undefined,
    positionals: [],
    flags: new Set(),
    values: new Map(),
    lists: new Map(),
  };
  let table: OptionTable = { ...GLOBAL_OPTIONS };
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      if (out.command === undefined && !onlyPositionals) {
        out.command = arg;
        const own = commandOptions(arg);
        if (own) table = { ...GLOBAL_OPTIONS, ...own };
      } else {
        out.positionals.push(arg);
      }
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    } else {
      const short = arg.slice(1);
      const found = Object.entries(table).find(([, s]) => s.short === short);
      if (!found)
        throw usageError(`unknown option '${arg}'${out.command ? ` for '${out.command}'` : ''}; see --help`);
      name = found[0];
    }
    const spec = table[name];
    if (!spec)
      throw usageError(`unknown option '--${name}'${out.command ? ` for '${out.command}'` : ''}; see --help`);
    if (spec.kind === 'flag') {
      if (inline !== undefined) throw usageError(`option '--${name}' takes no value, got '${inline}'`);
      out.flags.add(name);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw usageError(`option '--${name}' expects ${spec.arg ?? 'a value'}`);
    }
    if (spec.kind === 'value') out.values.set(name, value);
    else out.lists.set(name, [...(out.lists.get(name) ?? []), value]);
  }
  return out;
}

export function helpTable(table: OptionTable): string {
  const rows = Object.entries(table).map(([name, s]) => {
    const left = `${s.short ? `-${s.short}, ` : '    '}--${name}${s.arg ? ` ${s.arg}` : ''}`;
    return `  ${left.padEnd(30)} ${s.help}${s.kind === 'list' ? ' (repeatable)' : ''}`;
  });
  return rows.join('\n');
}
