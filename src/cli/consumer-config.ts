/** Reads the consumer's configuration files: the meta configuration and the layout (exit 2 when unusable). */
import { readFile, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import type { OutputSpec } from '../consumer/outputs.ts';
import { parseLayout } from '../format/layout.ts';
import { type MetaConfig, parseMeta } from '../format/meta.ts';
import { MAX_YAML_BYTES } from '../format/yaml-load.ts';
import { printable } from '../model/text.ts';
import { environmentError } from './errors.ts';

async function readConfig(path: string, what: string): Promise<Buffer> {
  const st = await stat(path).catch(() => undefined);
  if (!st) throw environmentError(`the ${what} '${path}' does not exist or cannot be read`);
  // A FIFO or a device is refused without being opened.
  if (!st.isFile()) throw environmentError(`the ${what} '${path}' is not a regular file`);
  if (st.size > MAX_YAML_BYTES) throw environmentError(`the ${what} '${path}' is over 1 MiB: not read`);
  try {
    return await readFile(path);
  } catch (e) {
    throw environmentError(`the ${what} '${path}' cannot be read: ${(e as Error).message}`);
  }
}

/** How a file is named in messages: relative to the working folder when inside it. */
function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

export async function loadMetaFile(path: string, cwd: string): Promise<MetaConfig> {
  const parsed = parseMeta(path, await readConfig(path, 'meta configuration'));
  if ('problem' in parsed) {
    throw environmentError(
      `unusable meta configuration: ${printable(parsed.problem.replace(path, shownPath(path, cwd)))}`,
    );
  }
  return parsed.meta;
}

export async function loadLayoutFile(path: string, cwd: string): Promise<OutputSpec[]> {
  const parsed = parseLayout(path, await readConfig(path, 'layout'));
  if ('problem' in parsed) {
    throw environmentError(
      `unusable layout: ${printable(parsed.problem.replace(path, shownPath(path, cwd)))}`,
    );
  }
  return parsed.layout.services.flatMap((s) =>
    s.outputs.map((o) => ({ service: s.service, format: o.format, path: o.path })),
  );
}
