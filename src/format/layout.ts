import { type Finding, firstProblem } from '../model/finding.ts';
import { isSafeName } from '../model/names.ts';
import { RENDER_FORMATS, type RenderFormat } from '../model/pins.ts';
import { describeValue, schemaError, schemaFindings } from './schema.ts';
import { loadYaml } from './yaml-load.ts';
import type { PathSegment } from './yaml-source.ts';

/** One output: a format of SPEC §4 and the absolute path it is written to. */
export interface OutputSpec {
  format: RenderFormat;
  path: string;
}

export interface ServiceLayout {
  /** The service (a safe name, model/names.ts): peers' `<service>.yml` files are read. */
  service: string;
  /** In file order; at least one. */
  outputs: OutputSpec[];
}

export interface Layout {
  /** In file order. */
  services: ServiceLayout[];
}

export type ParsedLayout = { layout: Layout; findings: Finding[] } | { problem: string; findings: Finding[] };

export type ParsedOutputSpec = { ok: true; output: OutputSpec } | { ok: false; reason: string };

const FORMAT_LIST = RENDER_FORMATS.join(', ');

/**
 * Reads one `FORMAT:PATH` (a layout's `spec`, or `--output`). The format must be one of SPEC §4;
 * the path absolute, without control characters. The reason, when refused, shows the value escaped.
 */
export function parseOutputSpec(spec: string): ParsedOutputSpec {
  const refuse = (why: string): ParsedOutputSpec => ({
    ok: false,
    reason: `expected FORMAT:PATH with FORMAT one of ${FORMAT_LIST} and an absolute PATH; ${why}`,
  });
  if (typeof spec !== 'string') return refuse(`got ${describeValue(spec)}`);
  const colon = spec.indexOf(':');
  if (colon < 0) return refuse(`got ${describeValue(spec)}, which has no ':'`);
  const format = spec.slice(0, colon);
  const path = spec.slice(colon + 1);
  if (!(RENDER_FORMATS as readonly string[]).includes(format))
    return refuse(`the format ${describeValue(format)} is unknown`);
  if (path === '') return refuse('the path is empty');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\u0000-\u001f\u007f-\u009f]/.test(path)) return refuse('the path contains a control character');
  if (!path.startsWith('/')) return refuse(`the path ${describeValue(path)} is relative`);
  if (path.endsWith('/')) return refuse(`the path ${describeValue(path)} names a folder`);
  return { ok: true, output: { format: format as RenderFormat, path } };
}

/**
 * Parses a layout (SPEC §2.4): service -> `spec`, one `FORMAT:PATH` or a list of them. An unknown
 * format, a relative or empty path, and one path written by two outputs are errors at their
 * file:line:column. When it cannot be used, `problem` is the first finding, located.
 */
export function parseLayout(file: string, bytes: Uint8Array): ParsedLayout {
  const findings: Finding[] = [];
  const unusable = (): ParsedLayout => ({ problem: firstProblem(file, findings), findings });
  const loaded = loadYaml(file, bytes, findings);
  if (!loaded) return unusable();
  const { data, source } = loaded;
  const error = (path: PathSegment[], message: string) => {
    const pos = source.locate(path);
    findings.push(schemaError(file, pos.line, pos.column, message));
  };
  if (data === null || data === undefined) {
    findings.push(
      schemaError(file, 1, 1, 'expected a mapping of service names to their spec, got an empty file'),
    );
    return unusable();
  }
  // The specs are checked here, item by item, for messages that point at the one at fault.
  findings.push(...schemaFindings('layout', file, data, source, (p) => p.length >= 2 && p[1] === 'spec'));
  if (findings.length > 0) return unusable();

  const services: ServiceLayout[] = [];
  const writers = new Map<string, string>();
  for (const [service, entry] of Object.entries(data as Record<string, { spec: unknown }>)) {
    if (!isSafeName(service)) continue; // reported by the schema
    const specs: Array<[PathSegment[], unknown]> = Array.isArray(entry.spec)
      ? entry.spec.map((s, i) => [[service, 'spec', i], s])
      : [[[service, 'spec'], entry.spec]];
    if (Array.isArray(entry.spec) && (entry.spec.length === 0 || entry.spec.length > 16)) {
      error([service, 'spec'], `expected 1 to 16 FORMAT:PATH specs, got ${entry.spec.length}`);
      continue;
    }
    const outputs: OutputSpec[] = [];
    for (const [at, spec] of specs) {
      if (typeof spec !== 'string') {
        error(at, `expected FORMAT:PATH (or a list of them), got ${describeValue(spec)}`);
        continue;
      }
      const parsed = parseOutputSpec(spec);
      if (!parsed.ok) {
        error(at, parsed.reason);
        continue;
      }
      const first = writers.get(parsed.output.path);
      if (first !== undefined) {
        error(
          at,
          `${describeValue(parsed.output.path)} is already written by ${first}; expected one output per path`,
        );
        continue;
      }
      writers.set(parsed.output.path, `${service}'s ${parsed.output.format} output`);
      outputs.push(parsed.output);
    }
    services.push({ service, outputs });
  }
  if (services.length === 0 && findings.length === 0) {
    error([], 'expected at least one service (a name mapped to its spec), got an empty mapping');
  }
  if (findings.length > 0) return unusable();
  return { layout: { services }, findings };
}
