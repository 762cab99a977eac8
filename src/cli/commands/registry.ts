import type { OptionTable } from '../args.ts';
import { CONSUMER_OPTIONS } from '../consumer-options.ts';
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

export const VERIFY_OPTIONS: OptionTable = {
  range: {
    kind: 'value',
    arg: 'A..B',
    help: 'the commits reachable from B and not from A (a zero A: a new branch)',
  },
  since: { kind: 'value', arg: 'A', help: 'same as --range A..HEAD' },
  all: { kind: 'flag', help: 'every commit reachable from any ref' },
  fingerprint: { kind: 'list', arg: 'FPR', help: 'an allowed signer (primary key fingerprint)' },
  keyring: { kind: 'list', arg: 'PATH', help: 'public keys: a file (armored or binary) or a folder of them' },
  tags: { kind: 'flag', help: 'verify the signed tags pointing into the range too' },
};

export const COMMANDS: CommandInfo[] = [
  {
    name: 'check',
    summary: 'validate a publisher repository: service files and certificates',
    usage: 'smtpfp check [PATH] [--staged | --worktree] [--strict] [--expiry-warning DAYS]',
    options: CHECK_OPTIONS,
    load: () => import('./check.ts'),
  },
  {
    name: 'verify-commits',
    summary: 'prove every commit of a range is signed by an allowed OpenPGP key',
    usage:
      'smtpfp verify-commits [--range A..B | --since A | --all] [--fingerprint FPR]... [--keyring PATH]... [--tags]',
    options: VERIFY_OPTIONS,
    load: () => import('./verify-commits.ts'),
  },
  {
    name: 'pre-commit',
    summary: 'git pre-commit hook: check the index and the signing set-up',
    usage: 'smtpfp pre-commit [--strict] [--expiry-warning DAYS]',
    options: {
      strict: CHECK_OPTIONS.strict!,
      'expiry-warning': CHECK_OPTIONS['expiry-warning']!,
    },
    load: () => import('./pre-commit.ts'),
  },
  {
    name: 'pre-push',
    summary: "git pre-push hook: verify every pushed commit's signature (reads git's lines on stdin)",
    usage: 'smtpfp pre-push [REMOTE [URL]] [--fingerprint FPR]... [--keyring PATH]... [--tags]',
    options: {
      fingerprint: VERIFY_OPTIONS.fingerprint!,
      keyring: VERIFY_OPTIONS.keyring!,
      tags: {
        kind: 'flag',
        help: 'also require every pushed annotated tag to be signed by an allowed key (signed tags are always verified)',
      },
    },
    load: () => import('./pre-push.ts'),
  },
  {
    name: 'init',
    summary:
      'install the pre-commit and pre-push hooks (husky when the repository uses it); start .smtpfp.yml with the signing key',
    usage: 'smtpfp init [--force]',
    options: {
      force: { kind: 'flag', help: 'replace hooks that smtpfp did not install' },
    },
    load: () => import('./init.ts'),
  },
  {
    name: 'status',
    summary:
      "what the consumer's state says per group: accepted commit, last attempt, TTL left, earliest expiry (exit 1 when failing)",
    usage: 'smtpfp status --state-dir DIR [--config META] [--format text|json]',
    options: {
      'state-dir': {
        kind: 'value',
        arg: 'DIR',
        help: "the folder of 'update --state-dir' (read only, never fetched)",
      },
    },
    load: () => import('./status.ts'),
  },
  {
    name: 'add-cert',
    summary:
      "record a renewed certificate in the publisher repository's work tree (same key: in place; new key: a timed configuration)",
    usage: 'smtpfp add-cert --service NAME --domain DOMAIN --cert PEM [--valid-after TIME|+DURATION]',
    options: {
      service: { kind: 'value', arg: 'NAME', help: "the service file to edit: NAME.yml (e.g. 'smtp')" },
      domain: { kind: 'value', arg: 'DOMAIN', help: 'the domain whose certificate was renewed' },
      cert: {
        kind: 'value',
        arg: 'PEM',
        help: "the new certificate (PEM, leaf first), e.g. certbot's fullchain.pem",
      },
      'valid-after': {
        kind: 'value',
        arg: 'TIME|+DURATION',
        help: 'when a new key takes effect (default: now + 48h, the 24h rollover window plus a day of margin)',
      },
    },
    load: () => import('./add-cert.ts'),
  },
  {
    name: 'ci',
    summary: 'in GitHub Actions or GitLab CI: check the tip and verify the pushed or proposed commits',
    usage: 'smtpfp ci [PATH] [--fingerprint FPR]... [--keyring PATH]... [--strict] [--expiry-warning DAYS]',
    options: {
      fingerprint: VERIFY_OPTIONS.fingerprint!,
      keyring: VERIFY_OPTIONS.keyring!,
      strict: CHECK_OPTIONS.strict!,
      'expiry-warning': CHECK_OPTIONS['expiry-warning']!,
    },
    load: () => import('./ci.ts'),
  },
  {
    name: 'probe',
    summary:
      "connect with STARTTLS and show the server's certificate and public-key digests; compare with a pin",
    usage: 'smtpfp probe HOST[:PORT] [--domain D [--service S | --pins FILE]] [--timeout DURATION]',
    options: {
      domain: { kind: 'value', arg: 'D', help: 'compare with the pin for domain D' },
      service: {
        kind: 'value',
        arg: 'S',
        help: "the publisher's service file the pin is read from, at HEAD (default smtp)",
      },
      pins: {
        kind: 'value',
        arg: 'FILE',
        help: "read the pin from a consumer's rendered json output instead of the publisher repository",
      },
      timeout: { kind: 'value', arg: 'DURATION', help: 'bound for the whole probe (default 10s)' },
    },
    load: () => import('./probe.ts'),
  },
  {
    name: 'update',
    summary: "consumer: fetch every peer, verify its signed tip, render the layout's pin maps",
    usage: 'smtpfp --config META update --layout LAYOUT [--state-dir DIR] [--diff] [--on-change CMD] ...',
    options: {
      layout: { kind: 'value', arg: 'LAYOUT', help: 'which outputs to render for each service (YAML)' },
      metrics: {
        kind: 'value',
        arg: 'FILE',
        help: "write Prometheus metrics (node_exporter's textfile collector) to FILE after the run",
      },
      ...CONSUMER_OPTIONS,
    },
    load: () => import('./update.ts'),
  },
  {
    name: 'update-service',
    summary: 'consumer: like update, for one service and the outputs given on the command line',
    usage: 'smtpfp --config META update-service --service NAME --output FORMAT:PATH... [--state-dir DIR] ...',
    options: {
      service: { kind: 'value', arg: 'NAME', help: 'the service to render (e.g. smtp)' },
      output: {
        kind: 'list',
        arg: 'FORMAT:PATH',
        help: 'an output: postfix, postfix-transport, exim, prosody or json, and its path',
      },
      metrics: {
        kind: 'value',
        arg: 'FILE',
        help: "write Prometheus metrics (node_exporter's textfile collector) to FILE after the run",
      },
      ...CONSUMER_OPTIONS,
    },
    load: () => import('./update-service.ts'),
  },
  {
    name: 'update-keyring',
    summary: "consumer: export the meta configuration's fingerprints from your GnuPG into a keyring file",
    usage: 'smtpfp --config META update-keyring --keyring PATH',
    options: { keyring: { kind: 'value', arg: 'PATH', help: 'the keyring file to write' } },
    load: () => import('./update-keyring.ts'),
  },
  {
    name: 'explain',
    summary: 'consumer: for a domain, which group, commit, configuration and certificate it is pinned from',
    usage: 'smtpfp --config META explain DOMAIN [--state-dir DIR] [--keyring PATH] ...',
    options: CONSUMER_OPTIONS,
    load: () => import('./explain.ts'),
  },
];

export function findCommand(name: string): CommandInfo | undefined {
  return COMMANDS.find((c) => c.name === name);
}
