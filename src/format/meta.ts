import { dirname, resolve } from 'node:path';
import { type Finding, firstProblem } from '../model/finding.ts';
import { normalizeFingerprint } from '../model/fingerprint.ts';
import { describeValue, schemaError, schemaFindings } from './schema.ts';
import { loadYaml } from './yaml-load.ts';
import type { PathSegment } from './yaml-source.ts';

export { type UrlTransport, type VettedUrl, vetUrl } from './git-url.ts';

/** One group (peer) of the meta configuration (SPEC §2.3). */
export interface GroupSource {
  /**
   * Its name, as written: 1-64 characters of ASCII letters, digits, '.', '_', '-', starting with a
   * letter or digit (model/names.ts), so it is safe as a file name component and in reports; no
   * two names of one file differ only in case.
   */
  name: string;
  /** As written, in order. Vetted per URL at fetch time with `vetUrl(url, meta.baseDir)`. */
  urls: string[];
  /** Normalized (§2.2): uppercase, no spaces; without repeats, in file order. */
  fingerprints: string[];
  /** The branch to follow, or null for the remote's HEAD. */
  ref: string | null;
}

export interface MetaConfig {
  /** In file order. */
  groups: GroupSource[];
  /** Absolute folder of the meta file: relative local-path URLs and the default keyring resolve against it. */
  baseDir: string;
}

export type ParsedMeta = { meta: MetaConfig; findings: Finding[] } | { problem: string; findings: Finding[] };

/**
 * Why a ref is unusable as the branch to follow, or undefined. The rules of `git check-ref-format
 * --branch`, plus no leading '-' (it reaches git's command line): a branch name (`main`) or a full
 * `refs/heads/NAME`.
 */
export function refProblem(ref: string): string | undefined {
  const bad = (why: string) => `expected a branch name such as 'main' or 'refs/heads/main'; ${why}`;
  if (ref === '' || ref.length > 255) return bad('it is empty or longer than 255 characters');
  if (ref.startsWith('-')) return bad("it starts with '-'");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(ref))
    return bad('it has a space, a control character or one of ~ ^ : ? * [ \\');
  if (ref.includes('..') || ref.includes('@{') || ref === '@') return bad("it has '..' or '@{', or is '@'");
  if (ref.startsWith('/') || ref.endsWith('/') || ref.includes('//'))
    return bad("it has an empty '/'-separated part");
  if (ref.endsWith('.')) return bad("it ends with '.'");
  for (const part of ref.split('/')) {
    if (part.startsWith('.') || part.endsWith('.lock'))
      return bad("a part starts with '.' or ends with '.lock'");
  }
  if (ref.startsWith('refs/') && !ref.startsWith('refs/heads/'))
    return bad('only branches (refs/heads/) can be followed');
  return undefined;
}

/**
 * Parses a meta configuration. `file` is how the file is named in messages and, resolved against
 * the working folder, where its folder is. When it cannot be used, `problem` is the first finding
 * as `file:line:column: message`; every finding names its position and what was expected.
 */
export function parseMeta(file: string, bytes: Uint8Array): ParsedMeta {
  const findings: Finding[] = [];
  const unusable = (): ParsedMeta => ({ problem: firstProblem(file, findings), findings });
  const loaded = loadYaml(file, bytes, findings);
  if (!loaded) return unusable();
  const { data, source } = loaded;
  const error = (path: PathSegment[], message: string, key = false) => {
    const pos = source.locate(path, key);
    findings.push(schemaError(file, pos.line, pos.column, message));
  };
  if (data === null || data === undefined) {
    findings.push(
      schemaError(
        file,
        1,
        1,
        'expected a mapping of group names to their urls and fingerprints, got an empty file',
      ),
    );
    return unusable();
  }
  // An unquoted fingerprint of digits only is a number to YAML: take it as written.
  for (const [name, g] of Object.entries(data as Record<string, unknown>)) {
    const list = (g as { fingerprints?: unknown } | null)?.fingerprints;
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      const text = typeof item === 'number' ? source.scalarSource([name, 'fingerprints', i]) : undefined;
      if (text !== undefined && /^[0-9]+$/.test(text)) list[i] = text;
    });
  }
  // `ref` is checked below, for a message that says which rule of a branch name it breaks.
  const isRef = (p: readonly PathSegment[]) => p.length === 2 && p[1] === 'ref';
  findings.push(...schemaFindings('meta', file, data, source, isRef));
  if (findings.length > 0) return unusable();

  const raw = data as Record<string, { urls: string[]; fingerprints: string[]; ref?: unknown }>;
  const byFolded = new Map<string, string>();
  const groups: GroupSource[] = [];
  for (const [name, g] of Object.entries(raw)) {
    const other = byFolded.get(name.toLowerCase());
    if (other !== undefined) {
      error(
        [name],
        `the group names '${other}' and '${name}' differ only in case; expected distinct names`,
        true,
      );
      continue;
    }
    byFolded.set(name.toLowerCase(), name);
    let ref: string | null = null;
    if (g.ref !== undefined) {
      const problem =
        typeof g.ref === 'string' ? refProblem(g.ref) : `expected a branch name, got ${describeValue(g.ref)}`;
      if (problem) error([name, 'ref'], problem);
      else ref = g.ref as string;
    }
    // The schema has vetted each one's shape.
    const fingerprints = [...new Set(g.fingerprints.map((f) => normalizeFingerprint(f)!))];
    groups.push({ name, urls: [...g.urls], fingerprints, ref });
  }
  if (groups.length === 0 && findings.length === 0) {
    error(
      [],
      'expected at least one group (a name mapped to its urls and fingerprints), got an empty mapping',
    );
  }
  if (findings.length > 0) return unusable();
  return { meta: { groups, baseDir: dirname(resolve(file)) }, findings };
}
