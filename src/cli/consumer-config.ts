/** Reads the consumer's configuration files: the meta configuration and the layout (exit 2 when unusable). */
import { relative } from 'node:path';
import type { OutputSpec } from '../consumer/outputs.ts';
import { parseLayout } from '../format/layout.ts';
import { type MetaConfig, parseMeta } from '../format/meta.ts';
import { MAX_YAML_BYTES } from '../format/yaml-load.ts';
import { readRegularFile } from '../io/regular-file.ts';
import { environmentError } from '../model/errors.ts';
import { printable } from '../model/text.ts';

async function readConfig(path: string, what: string): Promise<Buffer> {
  // A FIFO or a device is refused without being opened; the read stops at the cap.
  const read = readRegularFile(path, { maxBytes: MAX_YAML_BYTES, follow: true });
  if ('data' in read) return read.data;
  throw environmentError(`the ${what} '${path}' ${read.message}`);
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
