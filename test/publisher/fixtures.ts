import { makeCert } from '../helpers/certs.ts';
import { TestRepo } from '../helpers/repo.ts';

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD HH:MM' (UTC) for an instant. */
export function yamlDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

// Certificates start now (openssl 3.0 cannot backdate), so the baseline configuration starts
// tomorrow and checks run as of the day after.
export const VALID_AFTER = yamlDate(Date.now() + DAY);
export const NOW = new Date(Date.now() + 2 * DAY).toISOString();
export const NOW_ARGS = ['--now', NOW];

export const GOOD_CERT = makeCert({ key: 'ec-p256', days: 365 });
/** A real v3 address (the Tor Project's). */
export const ONION = '2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion';

/** smtp.yml with one configuration; line 5 is the domain, line 6 the cert. */
export function serviceYaml(
  opts: { validAfter?: string; domain?: string; cert?: string; extra?: string } = {},
): string {
  return [
    'version: 1',
    'config:',
    `  - valid_after: ${opts.validAfter ?? VALID_AFTER}`,
    '    domains:',
    `      - domain: ${opts.domain ?? 'example.org'}`,
    `        cert: ${opts.cert ?? 'certs/mail.pem'}`,
    ...(opts.extra ? [opts.extra] : []),
    '',
  ].join('\n');
}

/** A committed publisher repository with no problem at all. */
export function goodPublisher(): TestRepo {
  const repo = new TestRepo();
  repo.write('smtp.yml', serviceYaml()).write('certs/mail.pem', GOOD_CERT.pem);
  repo.commit('good publisher');
  return repo;
}
