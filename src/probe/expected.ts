import { formatInstant } from '../format/dates.ts';
import { activeAndFuture } from '../format/service-file.ts';
import { locateRepository, resolveCommit } from '../git/repo.ts';
import { CommitTree } from '../git/tree.ts';
import { readRegularFile } from '../io/regular-file.ts';
import { short } from '../model/oid.ts';
import { printable } from '../model/text.ts';
import { checkTree } from '../publisher/check.ts';
import type { ExpectedPin } from './match.ts';

/**
 * Where `smtpfp probe --domain` reads the pin it compares with (SPEC §3.6): the publisher's own
 * repository (the active configuration of a service file at HEAD's committed tree), or a
 * consumer's rendered `json` output.
 */

export class PinSourceError extends Error {
  override name = 'PinSourceError';
}

/** Rendered json outputs are a few hundred bytes per domain; this is thousands of domains. */
export const MAX_PINS_FILE_BYTES = 32 * 1024 * 1024;
const DIGEST = /^(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/;

function quoted(text: string): string {
  const clean = printable(text);
  return `'${clean.length > 80 ? `${clean.slice(0, 80)}…` : clean}'`;
}

/** The pins file: a regular file (a FIFO or a device is refused unopened), read up to its cap. */
function readPinsFile(path: string, max: number): Buffer {
  const read = readRegularFile(path, { maxBytes: max, follow: true });
  if ('data' in read) return read.data;
  switch (read.problem) {
    case 'missing':
      throw new PinSourceError(`cannot read the pins file ${quoted(path)}: no such file`);
    case 'not-regular':
      throw new PinSourceError(
        `expected the pins file ${quoted(path)} to be a regular file (it ${read.message})`,
      );
    case 'too-large':
      throw new PinSourceError(`expected the pins file ${quoted(path)} to be at most ${max} bytes`);
    default:
      throw new PinSourceError(`cannot read the pins file ${quoted(path)}: it ${read.message}`);
  }
}

function digestList(value: unknown, what: string, file: string, domain: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && DIGEST.test(v))) {
    throw new PinSourceError(
      `${quoted(file)}: expected domains.${domain}.${what} to be a list of SHA-256 digests (uppercase hex with colons), as smtpfp renders them`,
    );
  }
  return value as string[];
}

/** The pin for `domain` in a consumer's rendered json output (SPEC §4, `json`). */
export async function consumerPin(file: string, domain: string): Promise<ExpectedPin> {
  const bytes = readPinsFile(file, MAX_PINS_FILE_BYTES);
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new PinSourceError(`${quoted(file)} is not valid JSON: ${printable((e as Error).message)}`);
  }
  const domains = (doc as { domains?: unknown } | null)?.domains;
  if (!domains || typeof domains !== 'object' || Array.isArray(domains)) {
    throw new PinSourceError(
      `${quoted(file)}: expected smtpfp's json output ({"generated", "domains": {...}}), found no "domains" object`,
    );
  }
  if (!Object.hasOwn(domains, domain)) throw new PinSourceError(`${quoted(file)} pins no domain '${domain}'`);
  const entry = (domains as Record<string, unknown>)[domain];
  if (!entry || typeof entry !== 'object')
    throw new PinSourceError(`${quoted(file)}: expected domains.${domain} to be an object`);
  const e = entry as { fingerprints?: unknown; spki?: unknown };
  const fingerprints = digestList(e.fingerprints, 'fingerprints', file, domain);
  const spki = digestList(e.spki, 'spki', file, domain);
  if (fingerprints.length === 0)
    throw new PinSourceError(
      `${quoted(file)} pins no certificate for '${domain}' (it is reached through its hidden service)`,
    );
  return { fingerprints, spki, source: `${printable(file)}` };
}

/**
 * The pin for `domain` in the publisher repository around `dir`: the certificate its service file
 * `service` names in the configuration active at `now`, read from HEAD's committed tree.
 */
export async function publisherPin(
  dir: string,
  service: string,
  domain: string,
  now: number,
): Promise<ExpectedPin> {
  const repo = await locateRepository(dir);
  if (!repo)
    throw new PinSourceError(
      `the publisher's pin is read from its git repository, and ${quoted(dir)} is not in one (give a consumer's rendered json output to compare with instead)`,
    );
  const head = await resolveCommit(repo.top, 'HEAD');
  if (!head) throw new PinSourceError('HEAD has no commit yet: no pin is committed');
  const label = `HEAD (${short(head)})`;
  let tree: CommitTree;
  try {
    tree = await CommitTree.open(repo.top, `${head}:${repo.prefix}`, label);
  } catch {
    throw new PinSourceError(`'${repo.prefix || '.'}' is not in HEAD's committed tree`);
  }
  try {
    const outcome = await checkTree(tree, { now, expiryWarningDays: 0 });
    const file = outcome.services.find((s) => s.service === service);
    if (!file) {
      const broken = outcome.findings.find(
        (f) => f.severity === 'error' && (f.file === `${service}.yml` || f.file === `${service}.yaml`),
      );
      if (broken) {
        throw new PinSourceError(
          `${broken.file}${broken.line ? `:${broken.line}` : ''} in ${label} cannot be read: ${broken.message}`,
        );
      }
      throw new PinSourceError(`${label} has no service file ${service}.yml or ${service}.yaml`);
    }
    const { active } = activeAndFuture(file.configurations, now);
    if (!active)
      throw new PinSourceError(
        `${file.path} in ${label} has no configuration active at ${formatInstant(now)}: nothing is pinned yet`,
      );
    const entry = active.domains.find((d) => d.domain === domain);
    const since = `the configuration valid after ${active.validAfterText} (${file.path}:${active.line})`;
    if (!entry) throw new PinSourceError(`${since} does not list '${domain}'`);
    if (!entry.cert)
      throw new PinSourceError(`${since} pins no certificate for '${domain}' (only its hidden service)`);
    const leaf = outcome.leaves.get(entry.cert);
    if (!leaf) {
      const why = outcome.findings.find(
        (f) => f.severity === 'error' && f.message.startsWith(`${entry.cert}:`),
      );
      throw new PinSourceError(
        `${file.path}:${entry.line}: the certificate of '${domain}' cannot be read${why ? `: ${why.message}` : ''}`,
      );
    }
    return {
      fingerprints: [leaf.fingerprint],
      spki: [leaf.spki],
      source: `${file.path}:${entry.line} in ${label}`,
    };
  } finally {
    tree.close();
  }
}
