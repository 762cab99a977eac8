/**
 * From the contributions of the groups that count this run to one PinSet per service (SPEC §3.5):
 * each group's active configuration plus those starting within the rollover window; certificates
 * expired at `now` left out; a domain claimed by two groups pinned by neither. Pure.
 */
import type { DomainPin, PinnedCertificate, PinSet } from '../model/pins.ts';
import type { Contribution } from './contribution.ts';

export interface Conflict {
  domain: string;
  /** Sorted group names. */
  groups: string[];
}

export interface Selection {
  /** By service name. */
  pinSets: Map<string, PinSet>;
  /** Sorted by domain. */
  conflicts: Conflict[];
  /** What was left out at this instant, by group. */
  notes: Map<string, string[]>;
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Claim {
  group: string;
  pin: DomainPin;
}

/** The pins of one group for one service, by domain. */
function groupPins(
  group: string,
  contribution: Contribution,
  service: string,
  now: number,
  window: number,
  notes: string[],
): Map<string, DomainPin> {
  const out = new Map<string, DomainPin>();
  for (const svc of contribution.services.filter((s) => s.service === service)) {
    const started = svc.configurations.filter((c) => c.validAfter <= now);
    const active = started.reduce<(typeof started)[number] | undefined>(
      (best, c) => (!best || c.validAfter > best.validAfter ? c : best),
      undefined,
    );
    const upcoming = svc.configurations.filter((c) => c.validAfter > now && c.validAfter <= now + window);
    const chosen = [...(active ? [active] : []), ...upcoming.sort((a, b) => a.validAfter - b.validAfter)];
    for (const config of chosen) {
      for (const e of config.entries) {
        let pin = out.get(e.domain);
        if (!pin) {
          pin = {
            domain: e.domain,
            group,
            commit: contribution.commit,
            certificates: [],
            hiddenService: e.hiddenService,
          };
          out.set(e.domain, pin);
        }
        pin.hiddenService ??= e.hiddenService;
        const c = e.certificate;
        if (!c) continue;
        if (c.notAfter <= now) {
          notes.push(
            `${svc.file}: ${e.domain}: ${c.path} expired at ${new Date(c.notAfter).toISOString()}: not pinned`,
          );
          continue;
        }
        if (pin.certificates.some((p) => p.fingerprint === c.fingerprint)) continue;
        const pinned: PinnedCertificate = {
          fingerprint: c.fingerprint,
          spki: c.spki,
          subject: c.subject,
          notAfter: c.notAfter,
          validAfter: config.validAfter,
          path: c.path,
        };
        pin.certificates.push(pinned);
      }
    }
  }
  for (const [domain, pin] of out) {
    // Only expired certificates and no hidden service: nothing left to pin.
    if (pin.certificates.length === 0 && pin.hiddenService === null) out.delete(domain);
    pin.certificates.sort((a, b) => a.validAfter - b.validAfter || byteOrder(a.fingerprint, b.fingerprint));
  }
  return out;
}

export function selectPins(
  contributions: ReadonlyMap<string, Contribution>,
  services: readonly string[],
  now: number,
  window: number,
): Selection {
  const notes = new Map<string, string[]>();
  const perService = new Map<string, Map<string, Claim[]>>();
  // Which groups claim each domain, over every service: two groups on one name is a conflict.
  const claimants = new Map<string, Set<string>>();
  for (const service of services) {
    const claims = new Map<string, Claim[]>();
    for (const [group, contribution] of contributions) {
      const groupNotes = notes.get(group) ?? [];
      for (const [domain, pin] of groupPins(group, contribution, service, now, window, groupNotes)) {
        claims.set(domain, [...(claims.get(domain) ?? []), { group, pin }]);
        claimants.set(domain, (claimants.get(domain) ?? new Set<string>()).add(group));
      }
      if (groupNotes.length > 0) notes.set(group, groupNotes);
    }
    perService.set(service, claims);
  }
  const conflicts = new Map([...claimants].filter(([, groups]) => groups.size > 1));
  const pinSets = new Map<string, PinSet>();
  for (const [service, claims] of perService) {
    const domains: DomainPin[] = [];
    for (const [domain, list] of claims) if (!conflicts.has(domain)) domains.push(list[0]!.pin);
    domains.sort((a, b) => byteOrder(a.domain, b.domain));
    pinSets.set(service, { service, domains });
  }
  return {
    pinSets,
    conflicts: [...conflicts]
      .map(([domain, groups]) => ({ domain, groups: [...groups].sort(byteOrder) }))
      .sort((a, b) => byteOrder(a.domain, b.domain)),
    notes,
  };
}
