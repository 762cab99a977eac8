import type { Finding, RuleId } from '../model/finding.ts';
import type { Configuration, DomainEntry, ServiceFile } from '../model/service.ts';
import { DATE_FORMS, parseValidAfter } from './dates.ts';
import { onionProblem } from './onion.ts';
import { describeValue, schemaFindings } from './schema.ts';
import { loadYaml } from './yaml-load.ts';
import type { PathSegment, Position } from './yaml-source.ts';

/** A domain entry together with where its `cert:` value stands, so certificate findings can point at it. */
export interface CertReference {
  configIndex: number;
  /** The configuration's start, when its valid_after is sound. */
  validAfter: number | undefined;
  domain: string;
  cert: string;
  at: Position;
}

export interface ParsedServiceFile {
  findings: Finding[];
  /** Present when the document could be read; holds the parts that passed their checks. */
  service?: ServiceFile;
  certReferences: CertReference[];
  /** Where `config:` stands, for findings about the file as a whole. */
  configAt?: Position;
}

/** Paths whose problems a specific rule reports (SPEC §3.1: the specific rule wins over `schema`). */
function ownedBySpecificRule(path: readonly PathSegment[]): boolean {
  const last = path[path.length - 1];
  if (path[0] !== 'config' || typeof path[1] !== 'number') return false;
  if (path.length === 3 && last === 'valid_after') return true;
  return path.length === 5 && path[2] === 'domains' && (last === 'cert' || last === 'hidden_service');
}

/** Longest `cert:` path accepted: PATH_MAX of common systems; real paths are far shorter. */
export const MAX_CERT_PATH_BYTES = 4096;

/** Why a `cert:` path is unacceptable, or undefined. */
export function certPathProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `expected a relative path string, got ${describeValue(value)}`;
  const shown = describeValue(value);
  if (value === '') return 'expected a relative path, got an empty string';
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_CERT_PATH_BYTES)
    return `expected a path of at most ${MAX_CERT_PATH_BYTES} bytes, got ${bytes} bytes (${shown})`;
  if (value.startsWith('/'))
    return `expected a path relative to the repository root, got the absolute path ${shown}`;
  if (/^[A-Za-z]:/.test(value) || value.includes('\\'))
    return `expected a '/'-separated path inside the repository, got ${shown}`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here
  if (/[\u0000-\u001f\u007f]/.test(value)) return `expected a path without control characters, got ${shown}`;
  const parts = value.split('/');
  if (parts.includes('..')) return `expected a path that stays inside the repository (no '..'), got ${shown}`;
  if (parts.some((p) => p === '' || p === '.'))
    return `expected a normalized path (no empty or '.' segments), got ${shown}`;
  return undefined;
}

export function parseServiceFile(file: string, bytes: Uint8Array): ParsedServiceFile {
  const findings: Finding[] = [];
  const certReferences: CertReference[] = [];
  const loaded = loadYaml(file, bytes, findings);
  if (!loaded) return { findings, certReferences };
  const { data, source } = loaded;
  findings.push(...schemaFindings('service', file, data, source, ownedBySpecificRule));

  const report = (rule: RuleId, path: PathSegment[], message: string) => {
    const pos = source.locate(path);
    findings.push({ file, line: pos.line, column: pos.column, severity: 'error', rule, message });
  };

  const base = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  const service: ServiceFile = { service: base, path: file, configurations: [] };
  const root = data as { config?: unknown } | null;
  const configs = root && typeof root === 'object' && Array.isArray(root.config) ? root.config : [];
  const seenInstants = new Map<number, number>();

  configs.forEach((raw: unknown, i: number) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return;
    const cfg = raw as { valid_after?: unknown; domains?: unknown };
    const here = source.locate(['config', i]);
    let validAfter: number | undefined;
    if ('valid_after' in cfg) {
      const va = cfg.valid_after;
      validAfter = typeof va === 'string' ? parseValidAfter(va) : undefined;
      if (validAfter === undefined) {
        report('bad-date', ['config', i, 'valid_after'], `expected ${DATE_FORMS}, got ${describeValue(va)}`);
      } else {
        const first = seenInstants.get(validAfter);
        if (first !== undefined) {
          report(
            'duplicate-valid-after',
            ['config', i, 'valid_after'],
            `configuration ${i + 1} has the same valid_after as configuration ${first + 1}; expected each configuration to start at its own time`,
          );
          validAfter = undefined;
        } else {
          seenInstants.set(validAfter, i);
        }
      }
    }
    const domains: DomainEntry[] = [];
    const seenDomains = new Map<string, number>();
    const list = Array.isArray(cfg.domains) ? cfg.domains : [];
    list.forEach((rawEntry: unknown, j: number) => {
      if (!rawEntry || typeof rawEntry !== 'object' || Array.isArray(rawEntry)) return;
      const e = rawEntry as { domain?: unknown; cert?: unknown; hidden_service?: unknown };
      const path: PathSegment[] = ['config', i, 'domains', j];
      const entryAt = source.locate(path);
      const domain = typeof e.domain === 'string' ? e.domain : undefined;
      if (domain !== undefined) {
        const first = seenDomains.get(domain);
        if (first !== undefined) {
          report(
            'duplicate-domain',
            [...path, 'domain'],
            `domain '${domain}' is listed twice in this configuration (first at entry ${first + 1}); expected each domain once`,
          );
        } else {
          seenDomains.set(domain, j);
        }
      }
      let certOk = false;
      if ('cert' in e) {
        const problem = certPathProblem(e.cert);
        if (problem) report('cert-path', [...path, 'cert'], problem);
        else certOk = true;
      }
      let onionOk = false;
      if ('hidden_service' in e) {
        const hs = e.hidden_service;
        const problem =
          typeof hs === 'string' ? onionProblem(hs) : `expected a v3 onion address, got ${describeValue(hs)}`;
        if (problem) report('onion-invalid', [...path, 'hidden_service'], problem);
        else onionOk = true;
      }
      if (domain === undefined) return;
      const entry: DomainEntry = { domain, line: entryAt.line };
      if (certOk) {
        entry.cert = e.cert as string;
        certReferences.push({
          configIndex: i,
          validAfter,
          domain,
          cert: entry.cert,
          at: source.locate([...path, 'cert']),
        });
      }
      if (onionOk) entry.hiddenService = e.hidden_service as string;
      domains.push(entry);
    });
    if (validAfter !== undefined) {
      service.configurations.push({
        validAfterText: String(cfg.valid_after),
        validAfter,
        domains,
        line: here.line,
      });
    }
  });
  const result: ParsedServiceFile = { findings, service, certReferences };
  if (root && typeof root === 'object' && 'config' in root) result.configAt = source.locate(['config'], true);
  return result;
}

/** Which configuration is in force at `now`, and which are yet to come. */
export function activeAndFuture(
  configs: readonly Configuration[],
  now: number,
): { active?: Configuration; future: Configuration[] } {
  let active: Configuration | undefined;
  const future: Configuration[] = [];
  for (const c of configs) {
    if (c.validAfter > now) future.push(c);
    else if (!active || c.validAfter > active.validAfter) active = c;
  }
  return active ? { active, future } : { future };
}
