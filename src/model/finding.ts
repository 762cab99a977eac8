/** A problem found in a publisher repository; the one model every reporter prints. */
export type Severity = 'error' | 'warning';

/** Stable rule ids (SPEC §3.1): tests and users rely on them, not on message wording. */
export const RULES = [
  'yaml-syntax',
  'file-too-large',
  'schema',
  'bad-date',
  'duplicate-valid-after',
  'duplicate-domain',
  'no-active-config',
  'cert-path',
  'cert-missing',
  'cert-not-regular',
  'cert-too-large',
  'cert-parse',
  'private-key',
  'cert-expired',
  'cert-expires-soon',
  'cert-not-yet-valid',
  'weak-key',
  'weak-signature',
  'onion-invalid',
] as const;

export type RuleId = (typeof RULES)[number];

export interface Finding {
  /** Path relative to the repository (or checked folder) root, '/'-separated. */
  file: string;
  /** 1-based; null where no position applies. */
  line: number | null;
  column: number | null;
  severity: Severity;
  rule: RuleId;
  message: string;
}

export interface CheckSummary {
  files: number;
  domains: number;
  certificates: number;
  errors: number;
  warnings: number;
}

export interface CheckResult {
  findings: Finding[];
  summary: CheckSummary;
}

/** `file:line:column`, or just `file` where no position applies; `prefix` is put before the file. */
export function findingLocation(f: Finding, prefix = ''): string {
  const file = `${prefix}${f.file}`;
  return f.line === null ? file : `${file}:${f.line}:${f.column ?? 1}`;
}

/** Why a configuration file cannot be used: its first finding, located (the file alone when none). */
export function firstProblem(file: string, findings: readonly Finding[]): string {
  const first = findings[0];
  return first ? `${findingLocation(first)}: ${first.message}` : file;
}
