import type { OptionTable } from '../args.ts';
import type { Context } from '../context.ts';

export interface CommandModule {
  run(ctx: Context): Promise<number>;
}

export interface CommandInfo {
  name: string;
  summary: string;
  usage: string;
  options: OptionTable;
  /** Loaded only when the command runs, so a hook does not pay for the signature engine. */
  load(): Promise<CommandModule>;
}

export const CHECK_OPTIONS: OptionTable = {
  staged: { kind: 'flag', help: 'check the index (what the next commit records), as pre-commit does' },
  worktree: { kind: 'flag', help: 'check the files on disk instead of the committed tree' },
  strict: { kind: 'flag', help: 'fail on warnings too' },
  'expiry-warning': {
    kind: 'value',
    arg: 'DAYS',
    help: 'warn when a certificate expires within DAYS (default 30)',
  },
};

export const COMMANDS: CommandInfo[] = [
  {
    name: 'check',
    summary: 'validate a publisher repository: service files and certificates',
    usage: 'smtpfp check [PATH] [--staged | --worktree] [--strict] [--expiry-warning DAYS]',
    options: CHECK_OPTIONS,
    load: () => import('./check.ts'),
  },
];

export function findCommand(name: string): CommandInfo | undefined {
  return COMMANDS.find((c) => c.name === name);
}
