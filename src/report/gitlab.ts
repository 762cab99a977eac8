import { createHash } from 'node:crypto';

/** One issue of a GitLab Code Quality report (the subset GitLab reads). */
export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

/** A stable issue fingerprint: the SHA-256 of the parts joined by NUL. */
export function issueFingerprint(...parts: readonly (string | number)[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}

/** Builds a Code Quality issue: the one place its shape is written. */
export function codeQualityIssue(i: {
  description: string;
  check: string;
  fingerprint: string;
  severity: CodeQualityIssue['severity'];
  path: string;
  line?: number | null;
}): CodeQualityIssue {
  return {
    description: i.description,
    check_name: i.check,
    fingerprint: i.fingerprint,
    severity: i.severity,
    location: { path: i.path, lines: { begin: i.line ?? 1 } },
  };
}
