/**
 * The settings the consumer commands share (SPEC §3.5), built once from the command line: the
 * meta configuration, the keyring, the durations, the jobs, the `--on-change` words.
 */
import { join, resolve } from 'node:path';
import type { GroupSource } from '../consumer/sources.ts';
import type { UpdateSettings } from '../consumer/update.ts';
import { splitWords } from '../consumer/words.ts';
import { parseDuration } from '../format/duration.ts';
import { readRegularFile } from '../io/regular-file.ts';
import { environmentError, usageError } from '../model/errors.ts';
import { DEFAULT_TOR_TRANSPORT } from '../render/index.ts';
import { SigningError } from '../signing/errors.ts';
import { Keyring } from '../signing/keyring.ts';
import { loadMetaFile } from './consumer-config.ts';
import type { Context } from './context.ts';
import { VERSION } from './main.ts';

/** What the command line decides of an update run; the command adds the outputs, the clock and the I/O. */
export type ConsumerSettings = Pick<
  UpdateSettings,
  | 'baseDir'
  | 'stateDir'
  | 'keyring'
  | 'sourceTtl'
  | 'rolloverWindow'
  | 'fetchTimeout'
  | 'jobs'
  | 'diff'
  | 'onChange'
> & {
  metaPath: string;
  groups: GroupSource[];
  generator: string;
  torTransport: string;
};

function duration(ctx: Context, name: string, fallback: string): number {
  const text = ctx.args.values.get(name) ?? fallback;
  const ms = parseDuration(text);
  if (ms === undefined)
    throw usageError(`--${name} expects a duration such as 30m, 24h, 7d or 2w (or 0), got '${text}'`);
  return ms;
}

async function loadKeyring(path: string, explicit: boolean): Promise<Keyring> {
  // A FIFO or a device is refused unopened; the read stops at the cap.
  const read = readRegularFile(path, { maxBytes: 16 * 1024 * 1024, follow: true });
  if (!('data' in read)) {
    if (read.problem === 'missing' && !explicit) return Keyring.empty();
    if (read.problem === 'missing')
      throw environmentError(`keyring '${path}' does not exist or cannot be read`);
    if (read.problem === 'too-large')
      throw environmentError(`keyring '${path}' is over 16 MiB: expected public keys`);
    throw environmentError(`keyring '${path}' ${read.message}: expected a file of public keys`);
  }
  try {
    return await Keyring.fromFiles([{ name: path, data: read.data }]);
  } catch (e) {
    if (e instanceof SigningError) throw environmentError(e.message);
    throw environmentError(`keyring '${path}' cannot be read: ${(e as Error).message}`);
  }
}

function torTransport(ctx: Context): string {
  const name = ctx.args.values.get('tor-transport') ?? DEFAULT_TOR_TRANSPORT;
  if (!/^[a-z][a-z0-9_-]{0,63}$/.test(name))
    throw usageError(`--tor-transport expects a Postfix transport name ([a-z][a-z0-9_-]*), got '${name}'`);
  return name;
}

export async function consumerSettings(ctx: Context): Promise<ConsumerSettings> {
  const { args, io } = ctx;
  const metaText = args.values.get('config');
  if (metaText === undefined) throw usageError('expected --config META: the meta configuration of the peers');
  const metaPath = resolve(io.cwd, metaText);
  const meta = await loadMetaFile(metaPath, io.cwd);
  const keyringText = args.values.get('keyring');
  const keyringPath =
    keyringText === undefined ? join(meta.baseDir, 'keyring') : resolve(io.cwd, keyringText);
  const jobsText = args.values.get('jobs') ?? '4';
  if (!/^[1-9]\d{0,2}$/.test(jobsText))
    throw usageError(`--jobs expects a number from 1 to 999, got '${jobsText}'`);
  const onChangeText = args.values.get('on-change');
  let onChange: string[] | undefined;
  if (onChangeText !== undefined) {
    try {
      onChange = splitWords(onChangeText);
    } catch (e) {
      throw usageError(`--on-change: ${(e as Error).message} in '${onChangeText}'`);
    }
    if (onChange.length === 0) throw usageError('--on-change expects a command, got an empty string');
  }
  const stateText = args.values.get('state-dir');
  return {
    metaPath,
    groups: meta.groups,
    baseDir: meta.baseDir,
    stateDir: stateText === undefined ? undefined : resolve(io.cwd, stateText),
    keyring: await loadKeyring(keyringPath, keyringText !== undefined),
    sourceTtl: duration(ctx, 'source-ttl', '7d'),
    rolloverWindow: duration(ctx, 'rollover-window', '24h'),
    fetchTimeout: duration(ctx, 'fetch-timeout', '2m'),
    jobs: Number(jobsText),
    diff: args.flags.has('diff'),
    onChange,
    generator: `smtpfp ${VERSION}`,
    torTransport: torTransport(ctx),
  };
}
