import { formatInstant } from '../format/dates.ts';
import { schemaFindings } from '../format/schema.ts';
import { activeAndFuture, type CertReference, parseServiceFile } from '../format/service-file.ts';
import { loadYaml, MAX_YAML_BYTES } from '../format/yaml-load.ts';
import type { CheckResult, Finding, RuleId, Severity } from '../model/finding.ts';
import type { ServiceFile } from '../model/service.ts';
import type { EntryKind, Tree } from '../model/tree.ts';
import {
  analyzeCertificateFile,
  type CertificateAnalysis,
  type Leaf,
  MAX_CERT_BYTES,
} from '../x509/certificate.ts';

export interface CheckOptions {
  /** Evaluation instant (epoch ms) for valid_after selection and certificate expiry. */
  now: number;
  /** Days before expiry at which `cert-expires-soon` warns. */
  expiryWarningDays: number;
}

export interface CheckOutcome extends CheckResult {
  services: ServiceFile[];
  /** Parsed leaf certificates by repository path. */
  leaves: Map<string, Leaf>;
}

const DAY = 86_400_000;

const KIND_WORDS: Record<EntryKind, string> = {
  file: 'file',
  symlink: 'symlink',
  dir: 'folder',
  submodule: 'submodule',
  other: 'special file (FIFO, socket or device)',
};
export const POLICY_FILE = '.smtpfp.yml';

/** A root-level YAML file not starting with a dot is a service file (SPEC §2.1). */
export function isServiceFileName(name: string): boolean {
  return /\.ya?ml$/.test(name) && !name.startsWith('.') && !name.includes('/');
}

/** Bounded concurrency: enough to keep a git batch reader busy without opening thousands of files. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface CertFileVerdict {
  analysis?: CertificateAnalysis;
  /** A problem that stopped the file from being read at all. */
  problem?: { rule: RuleId; message: string };
}

async function judgeCertFile(tree: Tree, path: string): Promise<CertFileVerdict> {
  const entry = await tree.entry(path);
  if (!entry)
    return {
      problem: { rule: 'cert-missing', message: `expected a file '${path}' in ${tree.label}, found none` },
    };
  if (entry.path !== path) {
    return {
      problem: {
        rule: 'cert-not-regular',
        message: `expected a regular file at '${path}', but '${entry.path}' on the way is a ${KIND_WORDS[entry.kind]}`,
      },
    };
  }
  if (entry.kind !== 'file') {
    const what = KIND_WORDS[entry.kind];
    return {
      problem: { rule: 'cert-not-regular', message: `expected a regular file at '${path}', got a ${what}` },
    };
  }
  if (entry.size > MAX_CERT_BYTES) {
    return {
      problem: {
        rule: 'cert-too-large',
        message: `expected a certificate file of at most 64 KiB, got ${entry.size} bytes`,
      },
    };
  }
  const bytes = await tree.read(path);
  if (bytes.length > MAX_CERT_BYTES) {
    return {
      problem: {
        rule: 'cert-too-large',
        message: `expected a certificate file of at most 64 KiB, got ${bytes.length} bytes`,
      },
    };
  }
  return { analysis: analyzeCertificateFile(bytes) };
}

/** Runs every check of SPEC §3.1 over a tree. Pure apart from reading the tree. */
export async function checkTree(tree: Tree, opts: CheckOptions): Promise<CheckOutcome> {
  const findings: Finding[] = [];
  const services: ServiceFile[] = [];
  const add = (
    file: string,
    at: { line: number; column: number } | null,
    severity: Severity,
    rule: RuleId,
    message: string,
  ) => findings.push({ file, line: at?.line ?? null, column: at?.column ?? null, severity, rule, message });

  const root = (await tree.rootEntries()).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const policy = root.find((e) => e.path === POLICY_FILE);
  if (policy && policy.kind === 'file' && policy.size <= MAX_YAML_BYTES) {
    const loaded = loadYaml(POLICY_FILE, await tree.read(POLICY_FILE), findings);
    if (loaded) findings.push(...schemaFindings('policy', POLICY_FILE, loaded.data, loaded.source));
  }

  const references: Array<CertReference & { file: string; active?: number }> = [];
  for (const entry of root.filter((e) => isServiceFileName(e.path))) {
    if (entry.kind !== 'file') {
      add(
        entry.path,
        null,
        'error',
        'schema',
        `expected a regular file for a service file, got a ${KIND_WORDS[entry.kind]}`,
      );
      continue;
    }
    if (entry.size > MAX_YAML_BYTES) {
      add(
        entry.path,
        null,
        'error',
        'file-too-large',
        `expected a file of at most 1 MiB, got ${entry.size} bytes (not parsed)`,
      );
      continue;
    }
    const parsed = parseServiceFile(entry.path, await tree.read(entry.path));
    findings.push(...parsed.findings);
    if (!parsed.service) continue;
    services.push(parsed.service);
    const { active } = activeAndFuture(parsed.service.configurations, opts.now);
    if (!active && parsed.service.configurations.length > 0) {
      const first = Math.min(...parsed.service.configurations.map((c) => c.validAfter));
      add(
        entry.path,
        parsed.configAt ?? null,
        'warning',
        'no-active-config',
        `every configuration starts in the future (the first at ${formatInstant(first)}); until then this service pins nothing`,
      );
    }
    for (const r of parsed.certReferences)
      references.push({ ...r, file: entry.path, active: active?.validAfter });
  }

  const verdicts = new Map<string, CertFileVerdict>();
  const paths = [...new Set(references.map((r) => r.cert))];
  await eachLimited(paths, 32, async (p) => {
    verdicts.set(p, await judgeCertFile(tree, p));
  });

  // Each problem once per service file and certificate: structural ones at the first reference,
  // key and signature strength at the first current one (history may keep old certificates).
  const reportedStructure = new Set<string>();
  const reportedStrength = new Set<string>();
  const reportedTimed = new Set<string>();
  for (const r of references) {
    const v = verdicts.get(r.cert)!;
    // A configuration that a later one replaced is history: only problems of the file itself matter there.
    const current = r.validAfter !== undefined && (r.active === undefined || r.validAfter >= r.active);
    const fileKey = `${r.file}\0${r.cert}`;
    const firstStructure = !reportedStructure.has(fileKey);
    reportedStructure.add(fileKey);
    if (v.problem) {
      if (firstStructure) add(r.file, r.at, 'error', v.problem.rule, `${r.cert}: ${v.problem.message}`);
      continue;
    }
    const analysis = v.analysis!;
    const firstStrength = current && !reportedStrength.has(fileKey);
    if (current) reportedStrength.add(fileKey);
    for (const p of analysis.problems) {
      const structural = p.rule === 'cert-parse' || p.rule === 'private-key';
      if (structural ? firstStructure : firstStrength)
        add(r.file, r.at, p.severity, p.rule, `${r.cert}: ${p.message}`);
    }
    const leaf = analysis.leaf;
    if (!leaf || !current) continue;
    const timedKey = `${r.file}\0${r.configIndex}\0${r.cert}`;
    if (reportedTimed.has(timedKey)) continue;
    reportedTimed.add(timedKey);
    if (leaf.notAfter <= opts.now) {
      add(
        r.file,
        r.at,
        'error',
        'cert-expired',
        `${r.cert}: the certificate expired at ${formatInstant(leaf.notAfter)}; expected it to be valid at ${formatInstant(opts.now)}`,
      );
    } else if (leaf.notAfter - opts.now < opts.expiryWarningDays * DAY) {
      const days = Math.floor((leaf.notAfter - opts.now) / DAY);
      add(
        r.file,
        r.at,
        'warning',
        'cert-expires-soon',
        `${r.cert}: the certificate expires at ${formatInstant(leaf.notAfter)}, in ${days} day${days === 1 ? '' : 's'}`,
      );
    }
    if (r.validAfter !== undefined && leaf.notBefore > r.validAfter) {
      add(
        r.file,
        r.at,
        'warning',
        'cert-not-yet-valid',
        `${r.cert}: the certificate is valid only from ${formatInstant(leaf.notBefore)}, after its configuration's valid_after ${formatInstant(r.validAfter)}`,
      );
    }
  }

  const leaves = new Map<string, Leaf>();
  for (const [p, v] of verdicts) if (v.analysis?.leaf) leaves.set(p, v.analysis.leaf);
  findings.sort(compareFindings);
  const domains = new Set(
    services.flatMap((s) => s.configurations.flatMap((c) => c.domains.map((d) => d.domain))),
  );
  return {
    findings,
    services,
    leaves,
    summary: {
      files: root.filter((e) => isServiceFileName(e.path)).length,
      domains: domains.size,
      certificates: leaves.size,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
    },
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const la = a.line ?? 0;
  const lb = b.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.column ?? 0;
  const cb = b.column ?? 0;
  if (ca !== cb) return ca - cb;
  return a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0;
}
