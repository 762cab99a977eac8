/**
 * `smtpfp add-cert` (SPEC §3.8): the publisher's renewal step, planned over a Tree (the work tree)
 * and judged by the same checks as `check` before anything is written. The plan is pure apart from
 * reading the tree; the CLI writes it.
 */
import { formatInstant } from '../format/dates.ts';
import { activeAndFuture, parseServiceFile } from '../format/service-file.ts';
import type { Finding } from '../model/finding.ts';
import type { Tree, TreeEntry } from '../model/tree.ts';
import { checkTree } from '../publisher/check.ts';
import { analyzeCertificateFile, type Leaf, MAX_CERT_BYTES } from '../x509/certificate.ts';
import { appendConfiguration, configIndexAt, ServiceEditError, setDomainCert } from './service-edit.ts';

const HOUR = 3_600_000;
/** Consumers pin a configuration this long before its valid_after by default (`--rollover-window`). */
export const CONSUMER_ROLLOVER_WINDOW = 24 * HOUR;
/**
 * A new key takes effect this long from now by default: the consumers' rollover window plus a
 * day's margin, so that peers updating once a day have pinned the new key before the switch.
 */
export const DEFAULT_NEW_KEY_LEAD = 48 * HOUR;

export const DOMAIN_PATTERN =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const SERVICE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

export type AddCertErrorKind =
  /** The request names something the repository does not have, or an option is unusable: exit 2. */
  | 'usage'
  /** The certificate or the would-be result is not acceptable: exit 1. */
  | 'rejected';

export class AddCertError extends Error {
  constructor(
    message: string,
    readonly kind: AddCertErrorKind,
    /** Findings of `check` on the would-be result, when that is why. */
    readonly findings: Finding[] = [],
  ) {
    super(message);
    this.name = 'AddCertError';
  }
}

export interface AddCertRequest {
  service: string;
  domain: string;
  /** The new certificate file's bytes (PEM; the first CERTIFICATE block is the leaf). */
  pem: Uint8Array;
  /** How to name the certificate in messages (the path given on the command line). */
  pemLabel: string;
  /** When a new key takes effect; default now + DEFAULT_NEW_KEY_LEAD, rounded up to the minute. */
  validAfter?: number;
  now: number;
}

export type CertChange =
  /** Same public key: the certificate file is replaced in place. */
  | 'same-key'
  /** Another key: a new configuration (or the pending one at that instant) points at a new file. */
  | 'new-key'
  /** The repository already holds exactly this certificate for the domain. */
  | 'unchanged';

export interface AddCertPlan {
  change: CertChange;
  service: string;
  domain: string;
  serviceFile: string;
  /** The repository path of the domain's certificate after the change. */
  cert: string;
  /** The new configuration's start (new key only). */
  validAfter: number | null;
  validAfterText: string | null;
  /** Files to write, repository path -> content; certificates before the service file. */
  writes: Array<{ path: string; content: Uint8Array; create: boolean }>;
  leaf: Leaf;
  previous: Leaf | null;
  notes: string[];
  /** `check`'s warnings that the change brings (not errors: those refuse the change). */
  warnings: Finding[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD HH:MM' (UTC), with ':SS' only when there are seconds. */
export function validAfterText(ms: number): string {
  const d = new Date(ms);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return d.getUTCSeconds() ? `${base}:${pad(d.getUTCSeconds())}` : base;
}

export const ceilMinute = (ms: number) => Math.ceil(ms / 60_000) * 60_000;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
}

/** Judges the new certificate on its own: parseable, no private key, strong enough, not expired. */
function judgeNewCertificate(req: AddCertRequest): Leaf {
  if (req.pem.length > MAX_CERT_BYTES)
    throw new AddCertError(
      `${req.pemLabel}: expected a certificate file of at most 64 KiB, got ${req.pem.length} bytes`,
      'rejected',
    );
  const analysis = analyzeCertificateFile(req.pem);
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0)
    throw new AddCertError(
      errors.map((p) => `${req.pemLabel}: ${p.message} [${p.rule}]`).join('\n'),
      'rejected',
    );
  const leaf = analysis.leaf;
  if (!leaf) throw new AddCertError(`${req.pemLabel}: expected a certificate, found none`, 'rejected');
  if (leaf.notAfter <= req.now)
    throw new AddCertError(
      `${req.pemLabel}: the certificate expired at ${formatInstant(leaf.notAfter)}; expected a current one`,
      'rejected',
    );
  return leaf;
}

async function findServiceFile(tree: Tree, service: string): Promise<{ path: string; bytes: Uint8Array }> {
  for (const path of [`${service}.yml`, `${service}.yaml`]) {
    const e = await tree.entry(path);
    if (!e) continue;
    if (e.kind !== 'file' || e.path !== path)
      throw new AddCertError(`expected '${path}' to be a regular file, got a ${e.kind}`, 'usage');
    return { path, bytes: await tree.read(path) };
  }
  throw new AddCertError(
    `expected a service file '${service}.yml' (or '${service}.yaml') in ${tree.label}, found none`,
    'usage',
  );
}

async function readLeaf(tree: Tree, path: string): Promise<{ leaf: Leaf | null; bytes: Uint8Array | null }> {
  const e = await tree.entry(path);
  if (e?.kind !== 'file' || e.path !== path || e.size > MAX_CERT_BYTES) return { leaf: null, bytes: null };
  const bytes = await tree.read(path);
  return { leaf: analyzeCertificateFile(bytes).leaf ?? null, bytes };
}

/** A fresh path for the new certificate beside the current one: `<dir>/<domain>-<YYYY-MM-DD>.pem`. */
async function newCertPath(
  tree: Tree,
  current: string,
  domain: string,
  now: number,
  pem: Uint8Array,
): Promise<{ path: string; create: boolean }> {
  const slash = current.lastIndexOf('/');
  const dir = slash < 0 ? 'certs/' : current.slice(0, slash + 1);
  const day = new Date(now).toISOString().slice(0, 10);
  for (let i = 1; i < 100; i++) {
    const path = `${dir}${domain}-${day}${i === 1 ? '' : `-${i}`}.pem`;
    const e: TreeEntry | undefined = await tree.entry(path);
    if (!e) return { path, create: true };
    if (e.path !== path)
      throw new AddCertError(
        `cannot write '${path}': '${e.path}' on the way is a ${e.kind}, not a folder`,
        'rejected',
      );
    if (e.kind === 'file' && sameBytes(await tree.read(path), pem)) return { path, create: false };
  }
  throw new AddCertError(
    `expected a free file name for the new certificate in '${dir}', found none`,
    'rejected',
  );
}

/** Plans the renewal of one domain's certificate. Throws AddCertError when it cannot be done. */
export async function planAddCert(tree: Tree, req: AddCertRequest): Promise<AddCertPlan> {
  if (!SERVICE_PATTERN.test(req.service))
    throw new AddCertError(`--service expects a service name such as 'smtp', got '${req.service}'`, 'usage');
  if (!DOMAIN_PATTERN.test(req.domain))
    throw new AddCertError(
      `--domain expects a lowercase DNS name such as 'mail.example.org', got '${req.domain}'`,
      'usage',
    );
  const leaf = judgeNewCertificate(req);
  const file = await findServiceFile(tree, req.service);
  const parsed = parseServiceFile(file.path, file.bytes);
  if (!parsed.service || parsed.findings.some((f) => f.rule === 'yaml-syntax'))
    throw new AddCertError(
      `${file.path}: expected a readable service file; run 'smtpfp check --worktree' for its problems`,
      'rejected',
    );
  const service = parsed.service;
  const { active } = activeAndFuture(service.configurations, req.now);
  if (!active)
    throw new AddCertError(
      `${file.path}: no configuration is in force at ${formatInstant(req.now)}; expected one naming '${req.domain}'`,
      'usage',
    );
  const entry = active.domains.find((d) => d.domain === req.domain);
  if (!entry) {
    const known = active.domains.map((d) => d.domain);
    throw new AddCertError(
      `${file.path}:${active.line}: expected domain '${req.domain}' in the configuration in force (valid_after ${active.validAfterText}); it has ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}`,
      'usage',
    );
  }
  if (entry.cert === undefined)
    throw new AddCertError(
      `${file.path}:${entry.line}: '${req.domain}' is pinned by its hidden service only; expected a 'cert' to renew`,
      'usage',
    );
  const current = await readLeaf(tree, entry.cert);
  const base = {
    service: req.service,
    domain: req.domain,
    serviceFile: file.path,
    leaf,
    previous: current.leaf,
    warnings: [] as Finding[],
  };

  if (current.leaf && current.leaf.spki === leaf.spki) {
    const notes =
      req.validAfter === undefined
        ? []
        : ['--valid-after is not used: a renewal that keeps the public key takes effect at once'];
    if (current.bytes && sameBytes(current.bytes, req.pem))
      return {
        ...base,
        change: 'unchanged',
        cert: entry.cert,
        validAfter: null,
        validAfterText: null,
        writes: [],
        notes,
      };
    return {
      ...base,
      change: 'same-key',
      cert: entry.cert,
      validAfter: null,
      validAfterText: null,
      writes: [{ path: entry.cert, content: req.pem, create: false }],
      notes,
    };
  }

  // valid_after is written to the second at most; a fraction is rounded up.
  const validAfter =
    req.validAfter === undefined
      ? ceilMinute(req.now + DEFAULT_NEW_KEY_LEAD)
      : Math.ceil(req.validAfter / 1000) * 1000;
  if (validAfter <= active.validAfter)
    throw new AddCertError(
      `--valid-after ${formatInstant(validAfter)}: expected a time after the configuration in force (valid_after ${active.validAfterText})`,
      'usage',
    );
  const vaText = validAfterText(validAfter);
  const notes: string[] = [];
  if (validAfter - req.now < CONSUMER_ROLLOVER_WINDOW)
    notes.push(
      `the new key takes effect ${validAfter <= req.now ? 'at once' : 'in less than the consumers’ 24h rollover window'}: peers that have not pinned it by then will defer mail to ${req.domain}`,
    );
  const target = await newCertPath(tree, entry.cert, req.domain, req.now, req.pem);
  const text = new TextDecoder().decode(file.bytes);
  const pending = service.configurations.find((c) => c.validAfter === validAfter);
  let edited: string;
  try {
    if (pending) {
      if (!pending.domains.some((d) => d.domain === req.domain))
        throw new AddCertError(
          `${file.path}:${pending.line}: the configuration at ${pending.validAfterText} does not name '${req.domain}'; add it there or choose another --valid-after`,
          'usage',
        );
      edited = setDomainCert(text, configIndexAt(text, pending.validAfter), req.domain, target.path);
      notes.push(
        `the configuration at ${pending.validAfterText} existed already: '${req.domain}' now points at the new certificate there`,
      );
    } else {
      // The configuration in force just before the new one is the one to copy.
      const before = service.configurations
        .filter((c) => c.validAfter < validAfter)
        .reduce((a, b) => (b.validAfter > a.validAfter ? b : a), active);
      edited = appendConfiguration(
        text,
        configIndexAt(text, before.validAfter),
        vaText,
        req.domain,
        target.path,
      );
      const later = service.configurations.filter((c) => c.validAfter > validAfter);
      if (later.length > 0)
        notes.push(
          `${later.length} later configuration${later.length === 1 ? '' : 's'} (from ${later[0]!.validAfterText}) still name the previous certificate of '${req.domain}'`,
        );
    }
  } catch (e) {
    if (e instanceof ServiceEditError) throw new AddCertError(`${file.path}: ${e.message}`, 'rejected');
    throw e;
  }
  // The edit must say exactly what was meant: re-read it as every reader will.
  const reread = parseServiceFile(file.path, new TextEncoder().encode(edited)).service;
  const now = reread?.configurations.find((c) => c.validAfter === validAfter);
  const pinned = now?.domains.find((d) => d.domain === req.domain)?.cert;
  if (pinned !== target.path)
    throw new AddCertError(
      `${file.path}: the edited file does not read back as intended; nothing written`,
      'rejected',
    );

  const writes: AddCertPlan['writes'] = [];
  if (target.create) writes.push({ path: target.path, content: req.pem, create: true });
  writes.push({ path: file.path, content: new TextEncoder().encode(edited), create: false });
  return {
    ...base,
    change: 'new-key',
    cert: target.path,
    validAfter,
    validAfterText: vaText,
    writes,
    notes,
  };
}

/** A tree with some files replaced or added: the repository as it would be after the plan. */
export class OverlayTree implements Tree {
  readonly label: string;
  private readonly files: Map<string, Uint8Array>;

  constructor(
    private readonly base: Tree,
    writes: AddCertPlan['writes'],
  ) {
    this.label = base.label;
    this.files = new Map(writes.map((w) => [w.path, w.content]));
  }

  async rootEntries(): Promise<TreeEntry[]> {
    const entries = await this.base.rootEntries();
    const out = entries.map((e) =>
      this.files.has(e.path) ? { ...e, size: this.files.get(e.path)!.length } : e,
    );
    for (const [path, content] of this.files) {
      if (!path.includes('/') && !entries.some((e) => e.path === path))
        out.push({ path, kind: 'file', size: content.length });
    }
    return out;
  }

  async entry(path: string): Promise<TreeEntry | undefined> {
    const content = this.files.get(path);
    if (content) return { path, kind: 'file', size: content.length };
    return this.base.entry(path);
  }

  async read(path: string): Promise<Uint8Array> {
    return this.files.get(path) ?? this.base.read(path);
  }

  close(): void {}
}

const findingKey = (f: Finding) => `${f.file}\0${f.rule}\0${f.message}`;

/**
 * Runs `check` on the tree as it is and as it would be: errors the change brings refuse it
 * (problems already there do not block a renewal, which is often what fixes them); the warnings
 * it brings are kept in the plan.
 */
export async function validatePlan(tree: Tree, plan: AddCertPlan, now: number): Promise<void> {
  if (plan.writes.length === 0) return;
  const opts = { now, expiryWarningDays: 30 };
  const before = new Set((await checkTree(tree, opts)).findings.map(findingKey));
  const after = await checkTree(new OverlayTree(tree, plan.writes), opts);
  const fresh = after.findings.filter((f) => !before.has(findingKey(f)));
  const errors = fresh.filter((f) => f.severity === 'error');
  if (errors.length > 0)
    throw new AddCertError(
      'the repository would not pass check after this change; nothing written',
      'rejected',
      errors,
    );
  plan.warnings = fresh.filter((f) => f.severity === 'warning');
}

/** `'…'` for sh: paths here are validated repository paths, but quoting costs nothing. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:@=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command the publisher runs next: stage exactly the changed files and make a signed commit. */
export function commitCommand(plan: AddCertPlan, top?: string): string | null {
  if (plan.writes.length === 0) return null;
  // Paths are relative to the repository's top: say where to run it when that is not here.
  const cd = top === undefined ? '' : `cd ${shellQuote(top)} && `;
  const paths = plan.writes.map((w) => shellQuote(w.path)).join(' ');
  const message =
    plan.change === 'same-key'
      ? `${plan.service}: renewed certificate of ${plan.domain} (same key)`
      : `${plan.service}: new key for ${plan.domain}, in force from ${plan.validAfterText} UTC`;
  return `${cd}git add -- ${paths} && git commit -S -m ${shellQuote(message)}`;
}
