/**
 * What a group contributes at a verified commit: its service files as `check` validated them, with
 * every invalid entry left out and reported. It holds every configuration (not only the active
 * one) so that it can be cached by commit id and re-selected at any later instant without
 * re-reading or re-parsing the peer's tree. Pure.
 */
import type { Finding } from '../model/finding.ts';
import { findingLocation } from '../model/finding.ts';
import type { CheckOutcome } from '../publisher/check.ts';

export interface ContributedCertificate {
  /** Repository path of the certificate file. */
  path: string;
  fingerprint: string;
  spki: string;
  subject: string;
  notAfter: number;
}

export interface ContributedEntry {
  domain: string;
  certificate: ContributedCertificate | null;
  /** The full `….onion` name, or null. */
  hiddenService: string | null;
}

export interface ContributedConfiguration {
  validAfter: number;
  entries: ContributedEntry[];
}

export interface ContributedService {
  service: string;
  /** The service file it was read from. */
  file: string;
  configurations: ContributedConfiguration[];
}

export interface Contribution {
  /** Full object id of the verified commit. */
  commit: string;
  /** Its committer time, ms since the epoch. */
  commitTime: number;
  services: ContributedService[];
  /** Entries and files left out, as `file:line: rule: message` (peer text: print with care). */
  problems: string[];
}

/**
 * Rules whose verdict depends on the evaluation instant: judged again at selection time, never
 * cached with the commit.
 */
const TIMED_RULES = new Set(['cert-expired', 'cert-expires-soon', 'cert-not-yet-valid', 'no-active-config']);

const describe = (f: Finding) => `${findingLocation(f)}: ${f.rule}: ${f.message}`;

/** Builds the contribution of a checked tree; every error-level finding excludes what it is about. */
export function contributionOf(commit: string, commitTime: number, outcome: CheckOutcome): Contribution {
  const errors = outcome.findings.filter((f) => f.severity === 'error' && !TIMED_RULES.has(f.rule));
  const problems: string[] = [];
  const services: ContributedService[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of errors) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);

  const parsedFiles = new Set(outcome.services.map((s) => s.path));
  for (const [file, list] of byFile) {
    // A file that could not be parsed at all contributes nothing.
    if (!parsedFiles.has(file)) for (const f of list) problems.push(`${describe(f)} (file left out)`);
  }

  for (const svc of outcome.services) {
    const fileErrors = byFile.get(svc.path) ?? [];
    // Each entry owns the lines from its own line up to the next entry or configuration.
    const starts = [
      ...svc.configurations.map((c) => c.line),
      ...svc.configurations.flatMap((c) => c.domains.map((d) => d.line)),
    ].sort((a, b) => a - b);
    const endOf = (line: number) => starts.find((s) => s > line) ?? Number.POSITIVE_INFINITY;
    const claimed = new Set<Finding>();
    const invalidLines = new Set<number>();
    for (const c of svc.configurations) {
      for (const d of c.domains) {
        const end = endOf(d.line);
        for (const f of fileErrors) {
          if (f.line !== null && f.line >= d.line && f.line < end) {
            claimed.add(f);
            invalidLines.add(d.line);
          }
        }
      }
    }
    const unclaimed = fileErrors.filter((f) => !claimed.has(f));
    if (unclaimed.length > 0) {
      // An error that belongs to no single entry (the file's structure, a configuration): the
      // whole file is left out rather than guessing what the publisher meant.
      for (const f of fileErrors) problems.push(`${describe(f)} (file left out)`);
      continue;
    }
    for (const f of fileErrors) problems.push(`${describe(f)} (entry left out)`);

    const configurations: ContributedConfiguration[] = [];
    for (const c of svc.configurations) {
      const entries: ContributedEntry[] = [];
      for (const d of c.domains) {
        if (invalidLines.has(d.line)) continue;
        const leaf = d.cert === undefined ? undefined : outcome.leaves.get(d.cert);
        if (d.cert !== undefined && !leaf) {
          problems.push(`${svc.path}:${d.line}: ${d.domain}: no certificate could be read (entry left out)`);
          continue;
        }
        if (!leaf && d.hiddenService === undefined) continue;
        entries.push({
          domain: d.domain,
          certificate:
            leaf && d.cert !== undefined
              ? {
                  path: d.cert,
                  fingerprint: leaf.fingerprint,
                  spki: leaf.spki,
                  subject: leaf.subject,
                  notAfter: leaf.notAfter,
                }
              : null,
          hiddenService: d.hiddenService ?? null,
        });
      }
      configurations.push({ validAfter: c.validAfter, entries });
    }
    services.push({ service: svc.service, file: svc.path, configurations });
  }
  return { commit, commitTime, services, problems };
}
