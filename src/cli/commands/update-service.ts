import { isAbsolute, resolve } from 'node:path';
import type { OutputSpec } from '../../consumer/outputs.ts';
import { parseOutputSpec } from '../../format/layout.ts';
import { consumerSettings } from '../consumer-settings.ts';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { printUpdate, runConsumerUpdate } from './update.ts';

/** `FORMAT:PATH`; on the command line a relative PATH is taken from the current folder. */
export function parseOutputOption(text: string, service: string, cwd: string): OutputSpec {
  const colon = text.indexOf(':');
  const path = colon < 0 ? '' : text.slice(colon + 1);
  const absolute = path && !isAbsolute(path) ? `${text.slice(0, colon)}:${resolve(cwd, path)}` : text;
  const parsed = parseOutputSpec(absolute);
  if (!parsed.ok) throw usageError(`--output: ${parsed.reason}`);
  return { service, ...parsed.output };
}

export async function run(ctx: Context): Promise<number> {
  if (ctx.format !== 'text' && ctx.format !== 'json')
    throw usageError(`--format ${ctx.format} is not available for update-service; use text or json`);
  const service = ctx.args.values.get('service');
  if (service === undefined) throw usageError('expected --service NAME (e.g. smtp)');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(service))
    throw usageError(`--service expects a service name such as smtp, got '${service}'`);
  const outputs = (ctx.args.lists.get('output') ?? []).map((o) => parseOutputOption(o, service, ctx.io.cwd));
  if (outputs.length === 0) throw usageError('expected at least one --output FORMAT:PATH');
  const settings = await consumerSettings(ctx);
  return printUpdate(ctx, await runConsumerUpdate(ctx, settings, outputs));
}
