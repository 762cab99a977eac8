import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConsumerError } from '../../consumer/errors.ts';
import { readGroupStates, readRunRecord } from '../../consumer/state-store.ts';
import { environmentError, usageError } from '../../model/errors.ts';
import { jsonStringify } from '../../model/json.ts';
import { buildStatus } from '../../ops/status.ts';
import { statusJson, statusText } from '../../ops/status-report.ts';
import { printable } from '../../report/style.ts';
import type { Context } from '../context.ts';

/** What the consumer's state says, group by group (SPEC §3.8). Reads only the state dir. */
export async function run(ctx: Context): Promise<number> {
  if (ctx.args.positionals.length > 0)
    throw usageError(`status takes no argument, got '${printable(ctx.args.positionals[0]!)}'`);
  if (ctx.format !== 'text' && ctx.format !== 'json')
    throw usageError(`status prints text or json, got --format ${ctx.format}`);
  const dirArg = ctx.args.values.get('state-dir');
  if (!dirArg) throw usageError('status needs --state-dir DIR: the folder update keeps its state in');
  const stateDir = resolve(ctx.io.cwd, dirArg);
  const st = await stat(stateDir).catch(() => undefined);
  if (!st?.isDirectory())
    throw environmentError(
      `--state-dir: expected the folder of 'update --state-dir', got '${printable(stateDir)}' (no such folder)`,
    );
  const metaArg = ctx.args.values.get('config');
  // The meta parser (and YAML) is loaded only with --config: status stays light without it.
  const configured =
    metaArg === undefined
      ? undefined
      : (
          await (await import('../consumer-config.ts')).loadMetaFile(resolve(ctx.io.cwd, metaArg), ctx.io.cwd)
        ).groups.map((g) => g.name);
  let states: Awaited<ReturnType<typeof readGroupStates>>;
  let runRecord: Awaited<ReturnType<typeof readRunRecord>>;
  try {
    [states, runRecord] = await Promise.all([readGroupStates(stateDir), readRunRecord(stateDir)]);
  } catch (e) {
    if (e instanceof ConsumerError) throw environmentError(printable(e.message));
    throw e;
  }
  const report = buildStatus(states, runRecord ?? null, ctx.now, configured ? { configured } : {});
  if (ctx.format === 'json') ctx.io.out(`${jsonStringify(statusJson(report), 2)}\n`);
  else ctx.io.out(statusText(report, { color: ctx.color, quiet: ctx.quiet }));
  return report.exit;
}
