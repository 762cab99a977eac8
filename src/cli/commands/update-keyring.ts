import { resolve } from 'node:path';
import { exportKeyring } from '../../consumer/gpg-export.ts';
import { usageError } from '../../model/errors.ts';
import { jsonStringify } from '../../model/json.ts';
import { printable } from '../../report/style.ts';
import { loadMetaFile } from '../consumer-config.ts';
import type { Context } from '../context.ts';

/** Exports every fingerprint of the meta configuration from the user's GnuPG into --keyring PATH. */
export async function run(ctx: Context): Promise<number> {
  const { args, io } = ctx;
  const metaText = args.values.get('config');
  if (metaText === undefined) throw usageError('expected --config META: the meta configuration of the peers');
  const keyringText = args.values.get('keyring');
  if (keyringText === undefined) throw usageError('expected --keyring PATH: where to write the public keys');
  if (ctx.format !== 'text' && ctx.format !== 'json')
    throw usageError(`--format ${ctx.format} is not available for update-keyring; use text or json`);
  const { groups } = await loadMetaFile(resolve(io.cwd, metaText), io.cwd);
  const owners = new Map<string, string[]>();
  for (const g of groups) for (const f of g.fingerprints) owners.set(f, [...(owners.get(f) ?? []), g.name]);
  const path = resolve(io.cwd, keyringText);
  const result = await exportKeyring([...owners.keys()], path, io.env);
  if (ctx.format === 'json') {
    io.out(`${jsonStringify({ path, exported: result.exported, missing: result.missing }, 2)}\n`);
  } else {
    if (result.exported.length > 0 && !ctx.quiet)
      io.out(
        `wrote ${result.exported.length} key${result.exported.length === 1 ? '' : 's'} to ${printable(path)}\n`,
      );
    for (const f of result.missing)
      io.out(
        `missing: ${f} (group ${(owners.get(f) ?? []).map(printable).join(', ')}) is not in your GnuPG keyring\n`,
      );
    if (result.exported.length === 0)
      io.out('nothing written: none of the listed keys is in your GnuPG keyring\n');
  }
  return result.missing.length > 0 ? 1 : 0;
}
