import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import layoutSchema from '../../schemas/layout.schema.json' with { type: 'json' };
import metaSchema from '../../schemas/meta.schema.json' with { type: 'json' };
import policySchema from '../../schemas/policy-v1.schema.json' with { type: 'json' };
import serviceSchema from '../../schemas/service-v1.schema.json' with { type: 'json' };
import type { Finding } from '../model/finding.ts';
import { jsonStringify } from '../model/json.ts';
import type { PathSegment, SourceMap } from './yaml-source.ts';

export type SchemaName = 'service' | 'policy' | 'meta' | 'layout';

const SCHEMAS: Record<SchemaName, object> = {
  service: serviceSchema,
  policy: policySchema,
  meta: metaSchema,
  layout: layoutSchema,
};

let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    // The schemas are checked against draft-07 by the tests, not on every run: that alone costs
    // tens of milliseconds, and pre-commit has a budget.
    ajv ??= new Ajv({
      allErrors: true,
      strict: true,
      strictRequired: false,
      verbose: true,
      allowUnionTypes: true,
      validateSchema: false,
    });
    v = ajv.compile(SCHEMAS[name]);
    compiled.set(name, v);
  }
  return v;
}

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') {
    const shown = v.length > 60 ? `${v.slice(0, 60)}…` : v;
    return `'${jsonStringify(shown).slice(1, -1)}'`;
  }
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a date';
  return 'a mapping';
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
};

function pathOf(instancePath: string): PathSegment[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function messageOf(e: ErrorObject): string {
  const got = describeValue(e.data);
  const schema = (e.parentSchema ?? {}) as { description?: string; properties?: Record<string, unknown> };
  switch (e.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys(schema.properties ?? {});
      return `unknown key '${String(e.params.additionalProperty)}'; expected ${allowed.length ? `one of: ${allowed.join(', ')}` : 'none here'}`;
    }
    case 'required':
      return `missing key '${String(e.params.missingProperty)}'`;
    case 'anyOf': {
      const keys = ((e.schema as Array<{ required?: string[] }>) ?? []).flatMap((s) => s.required ?? []);
      return `expected ${keys.map((k) => `'${k}'`).join(' or ')} (or both)`;
    }
    case 'const':
      return `expected ${jsonStringify(e.params.allowedValue)}, got ${got}`;
    case 'type':
      return `expected ${String(e.params.type)
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t)
        .join(' or ')}, got ${got}`;
    case 'minItems':
      return e.params.limit === 1 ? 'expected a non-empty list' : `expected at least ${e.params.limit} items`;
    case 'maxItems':
      return `expected at most ${e.params.limit} items, got ${Array.isArray(e.data) ? e.data.length : got}`;
    case 'maxLength':
      return `expected at most ${e.params.limit} characters, got ${String(e.data).length}`;
    case 'minLength':
      return `expected at least ${e.params.limit} character(s), got ${got}`;
    case 'pattern':
    case 'format':
      return `expected ${schema.description ? lowerFirst(schema.description) : `a value matching ${e.params.pattern}`}, got ${got}`;
    case 'propertyNames': {
      const names = (e.schema ?? {}) as { description?: string };
      const expected = names.description ? lowerFirst(names.description) : 'a valid name';
      return `invalid name ${describeValue(e.params.propertyName)}; expected ${expected}`;
    }
    case 'oneOf':
      return `expected ${schema.description ? lowerFirst(schema.description) : 'one of the allowed forms'}, got ${got}`;
    default:
      return `${e.message ?? 'invalid value'}, got ${got}`;
  }
}

function lowerFirst(s: string): string {
  // The first sentence: a period then a capital (so 'e.g. mail' stays whole).
  const first = s.split(/(?<=\.)\s+(?=[A-Z])/)[0] ?? s;
  return (first.charAt(0).toLowerCase() + first.slice(1)).replace(/\.$/, '');
}

/**
 * Validates data against one of the project's schemas and turns each error into a `schema`
 * finding at its key (unknown keys) or value. `owned` decides which paths belong to a more
 * specific rule, whose own check reports them instead.
 */
export function schemaFindings(
  name: SchemaName,
  file: string,
  data: unknown,
  source: SourceMap,
  owned: (path: readonly PathSegment[]) => boolean = () => false,
): Finding[] {
  const validate = validator(name);
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath));
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // anyOf's branches explain themselves through the anyOf error.
    if ([...anyOfPaths].some((p) => e.schemaPath !== p && e.schemaPath.startsWith(`${p}/`))) continue;
    // oneOf's branches likewise, and propertyNames' (reported at the key).
    if (e.schemaPath.includes('/oneOf/') || e.schemaPath.includes('/propertyNames/')) continue;
    const path = pathOf(e.instancePath);
    if (owned(path)) continue;
    const isKey = e.keyword === 'additionalProperties' || e.keyword === 'propertyNames';
    const keyName = e.keyword === 'propertyNames' ? e.params.propertyName : e.params.additionalProperty;
    const at = isKey ? [...path, String(keyName)] : path;
    const pos = data === null || data === undefined ? null : source.locate(at, isKey);
    const message =
      path.length === 0 && e.keyword === 'type'
        ? `expected a mapping at the top of the file, got ${describeValue(data)}`
        : messageOf(e);
    const key = `${e.instancePath}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      file,
      line: pos?.line ?? 1,
      column: pos?.column ?? 1,
      severity: 'error',
      rule: 'schema',
      message,
    });
  }
  return out;
}

/** A `schema` error at a position: what the hand-written checks of the configuration parsers report. */
export function schemaError(file: string, line: number, column: number, message: string): Finding {
  return { file, line, column, severity: 'error', rule: 'schema', message };
}
