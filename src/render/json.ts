import { jsonStringify } from '../model/json.ts';
import type { CheckedPins } from './grammar.ts';

/** RFC 3339 in UTC, without fractional seconds when there are none (certificates have none). */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export interface JsonDomain {
  group: string;
  commit: string;
  fingerprints: string[];
  spki: string[];
  hidden_service: string | null;
  not_after: string | null;
}

export interface JsonPins {
  generated: string;
  domains: Record<string, JsonDomain>;
}

/**
 * `{"generated","domains":{...}}` (SPEC §4). `spki` lists the public keys' digests in the order
 * of `fingerprints`; `not_after` is the earliest expiry, null for a hidden-service-only domain.
 */
export function renderJson(pins: CheckedPins): string {
  const domains: Record<string, JsonDomain> = {};
  for (const pin of pins.domains) {
    const expiries = pin.certificates.map((c) => c.notAfter);
    domains[pin.domain] = {
      group: pin.group,
      commit: pin.commit,
      fingerprints: pin.certificates.map((c) => c.fingerprint),
      spki: pin.certificates.map((c) => c.spki),
      hidden_service: pin.hiddenService,
      not_after: expiries.length > 0 ? rfc3339(Math.min(...expiries)) : null,
    };
  }
  const doc: JsonPins = { generated: pins.generator, domains };
  return `${jsonStringify(doc, 2)}\n`;
}
