import { onionProblem } from '../format/onion.ts';
import { isSafeName } from '../model/names.ts';
import type { DomainPin, PinnedCertificate, PinSet, RenderOptions } from '../model/pins.ts';
import { RenderError, shown } from './errors.ts';

/** SPEC §2.1: lowercase labels of [a-z0-9-], not starting or ending with '-', two or more, ≤ 253. */
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** SHA-256, uppercase hex with colons. */
const DIGEST = /^[0-9A-F]{2}(?::[0-9A-F]{2}){31}$/;
/** A git object id (SHA-1 or SHA-256). */
const COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/** The generator string goes into comment headers: printable ASCII, one line. */
const GENERATOR = /^[\x20-\x7e]{1,100}$/;

export function checkDomain(domain: string): string {
  if (typeof domain !== 'string' || domain.length > 253 || !DOMAIN.test(domain)) {
    throw new RenderError(
      'invalid-domain',
      `refusing to render the domain ${shown(domain)}: not a valid domain name`,
    );
  }
  return domain;
}

export function checkOnion(onion: string, domain: string): string {
  const problem = typeof onion === 'string' ? onionProblem(onion) : 'not a string';
  if (problem !== undefined) {
    throw new RenderError(
      'invalid-onion',
      `refusing to render the hidden service of ${shown(domain)}: ${problem.replace(/[^\x20-\x7e…]/g, '?')}`,
    );
  }
  return onion;
}

export function checkDigest(digest: string, what: string, domain: string): string {
  if (typeof digest !== 'string' || !DIGEST.test(digest)) {
    throw new RenderError(
      'invalid-digest',
      `refusing to render the ${what} of ${shown(domain)}: expected a SHA-256 digest in uppercase hex with colons, got ${shown(digest)}`,
    );
  }
  return digest;
}

export function checkName(name: string, what: string): string {
  if (!isSafeName(name)) {
    throw new RenderError(
      'invalid-name',
      `refusing to render the ${what} ${shown(name)}: expected 1-64 characters of A-Z a-z 0-9 . _ - not starting with . _ -`,
    );
  }
  return name;
}

/** Byte order of ASCII strings (every key is validated ASCII, so UTF-16 order is byte order). */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A pin set and options checked against every grammar, with domains and certificates in render order. */
export interface CheckedPins {
  service: string;
  generator: string;
  torTransport: string;
  domains: DomainPin[];
}

function certOrder(a: PinnedCertificate, b: PinnedCertificate): number {
  return a.validAfter - b.validAfter || byteOrder(a.fingerprint, b.fingerprint);
}

/**
 * Validates everything a renderer may emit, once, so each format only arranges text. Domains are
 * sorted in byte order and certificates by `validAfter` then fingerprint, without repeats, so the
 * output does not depend on the order the caller built the set in.
 */
export function checkPins(pins: PinSet, opts: RenderOptions): CheckedPins {
  const service = checkName(pins.service, 'service name');
  if (typeof opts.generator !== 'string' || !GENERATOR.test(opts.generator)) {
    throw new RenderError(
      'invalid-name',
      `refusing to render the generator ${shown(opts.generator)}: expected 1-100 printable ASCII characters`,
    );
  }
  const torTransport = checkName(opts.torTransport, 'transport name');
  const seen = new Set<string>();
  const domains: DomainPin[] = [];
  for (const pin of pins.domains) {
    const domain = checkDomain(pin.domain);
    if (seen.has(domain)) {
      throw new RenderError('duplicate-domain', `refusing to render the domain ${shown(domain)} twice`);
    }
    seen.add(domain);
    if (!isSafeName(pin.group)) checkName(pin.group, `group of ${shown(domain)}, the name`);
    if (typeof pin.commit !== 'string' || !COMMIT.test(pin.commit)) {
      throw new RenderError(
        'invalid-commit',
        `refusing to render the commit of ${shown(domain)}: expected a lowercase hex object id, got ${shown(pin.commit)}`,
      );
    }
    const hiddenService = pin.hiddenService === null ? null : checkOnion(pin.hiddenService, domain);
    const byFingerprint = new Map<string, PinnedCertificate>();
    for (const c of pin.certificates) {
      checkDigest(c.fingerprint, 'certificate digest', domain);
      checkDigest(c.spki, 'public key digest', domain);
      if (!Number.isFinite(c.notAfter) || !Number.isFinite(c.validAfter)) {
        throw new RenderError(
          'invalid-pin',
          `refusing to render a certificate of ${shown(domain)}: a date is not a number`,
        );
      }
      const prev = byFingerprint.get(c.fingerprint);
      if (!prev || certOrder(c, prev) < 0) byFingerprint.set(c.fingerprint, c);
    }
    const certificates = [...byFingerprint.values()].sort(certOrder);
    if (certificates.length === 0 && hiddenService === null) {
      throw new RenderError(
        'invalid-pin',
        `refusing to render ${shown(domain)}: it has neither a certificate nor a hidden service`,
      );
    }
    domains.push({ ...pin, certificates, hiddenService });
  }
  domains.sort((a, b) => byteOrder(a.domain, b.domain));
  return { service, generator: opts.generator, torTransport, domains };
}

/** Lines sorted by their key in byte order, each ending with a newline. */
export function sortedLines(entries: Array<[key: string, line: string]>): string {
  return entries
    .sort((a, b) => byteOrder(a[0], b[0]))
    .map(([, line]) => `${line}\n`)
    .join('');
}
