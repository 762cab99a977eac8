import type { Context } from '../context.ts';
import { environmentError } from '../errors.ts';

export async function run(_ctx: Context): Promise<number> {
  throw environmentError('ci is not available in this build');
}
