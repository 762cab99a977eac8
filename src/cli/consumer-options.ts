import type { OptionTable } from './args.ts';

/** Options of the consumer commands (SPEC §3.5); kept apart so the registry stays light. */
export const CONSUMER_OPTIONS: OptionTable = {
  'state-dir': {
    kind: 'value',
    arg: 'DIR',
    help: 'keep fetched repositories and per-group state here (default: a temporary folder removed at exit)',
  },
  keyring: {
    kind: 'value',
    arg: 'PATH',
    help: "the peers' public keys (default: the file 'keyring' beside the meta configuration)",
  },
  diff: { kind: 'flag', help: 'print a unified diff of every output and write nothing' },
  'source-ttl': {
    kind: 'value',
    arg: 'DURATION',
    help: "how long a failing group's last accepted pins are kept (default 7d)",
  },
  'rollover-window': {
    kind: 'value',
    arg: 'DURATION',
    help: 'also pin configurations starting within this window (default 24h)',
  },
  'on-change': {
    kind: 'value',
    arg: 'CMD',
    help: 'run CMD (split into words, no shell) once after any output changed',
  },
  'fetch-timeout': { kind: 'value', arg: 'DURATION', help: 'bound each fetch (default 2m)' },
  jobs: { kind: 'value', arg: 'N', help: 'fetch and verify N groups at once (default 4)' },
  'tor-transport': {
    kind: 'value',
    arg: 'NAME',
    help: 'the transport of postfix-transport outputs (default smtptor)',
  },
};
