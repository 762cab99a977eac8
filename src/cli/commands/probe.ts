import { resolve } from 'node:path';
import { parseDuration } from '../../format/duration.ts';
import { environmentError, usageError } from '../../model/errors.ts';
import { jsonStringify } from '../../model/json.ts';
import { printable } from '../../model/text.ts';
import { consumerPin, PinSourceError, publisherPin } from '../../probe/expected.ts';
import { type ExpectedPin, matchPin, type PinMatch } from '../../probe/match.ts';
import { type ProbeResult, probeStartTls } from '../../probe/smtp.ts';
import { type ProbeTarget, parseTarget } from '../../probe/target.ts';
import { type Leaf, leafOfDer } from '../../x509/certificate.ts';
import type { Context } from '../context.ts';

/** SPEC §2.1's domain names: the only names a pin can exist for. */
const DOMAIN =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_TIMEOUT_MS = 3_600_000;
const SERVICE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface ProbeSettings {
  target: ProbeTarget;
  timeoutMs: number;
  domain?: string;
  service: string;
  pinsFile?: string;
}

export function probeSettings(ctx: Context): ProbeSettings {
  const { args } = ctx;
  if (args.positionals.length !== 1)
    throw usageError(`expected one HOST[:PORT] to probe, got ${args.positionals.length} arguments`);
  const target = parseTarget(args.positionals[0]!);
  if ('problem' in target) throw usageError(`${target.problem}, got '${printable(args.positionals[0]!)}'`);
  const timeoutText = args.values.get('timeout') ?? '10s';
  const timeoutMs = parseDuration(timeoutText);
  if (timeoutMs === undefined || timeoutMs === 0)
    throw usageError(
      `--timeout expects a whole number with a unit s, m or h (e.g. '10s', '2m'), got '${printable(timeoutText)}'`,
    );
  // Node's timers hold at most about 24.8 days; a probe has no business waiting over an hour.
  if (timeoutMs > MAX_TIMEOUT_MS)
    throw usageError(`--timeout expects at most 1h, got '${printable(timeoutText)}'`);
  const settings: ProbeSettings = { target, timeoutMs, service: args.values.get('service') ?? 'smtp' };
  if (!SERVICE.test(settings.service))
    throw usageError(`--service expects a service name such as 'smtp', got '${printable(settings.service)}'`);
  const domain = args.values.get('domain');
  if (domain !== undefined) {
    const lower = domain.toLowerCase();
    if (!DOMAIN.test(lower))
      throw usageError(`--domain expects a DNS name such as 'example.org', got '${printable(domain)}'`);
    settings.domain = lower;
  }
  const pins = args.values.get('pins');
  if (pins !== undefined) {
    if (domain === undefined) throw usageError('--pins needs --domain: the domain whose pin to compare with');
    settings.pinsFile = resolve(ctx.io.cwd, pins);
  }
  if (args.values.has('service') && (domain === undefined || pins !== undefined))
    throw usageError("--service names the publisher's service file: it needs --domain and no --pins");
  return settings;
}

interface ProbeReport {
  host: string;
  port: number;
  starttls: boolean;
  fingerprint: string | null;
  spki: string | null;
  domain: string | null;
  expected: { fingerprints: string[]; spki: string[] } | null;
  match: PinMatch | null;
}

const RENEWAL_WARNING =
  'the server presents a certificate that is not pinned, but its public key is: a renewal that kept its key. ' +
  'Postfix delivers (it compares public keys too), other mail servers may not: the publisher should commit the renewed certificate.';

function textReport(
  s: ProbeSettings,
  result: ProbeResult,
  leaf: Leaf | undefined,
  expected: ExpectedPin | undefined,
  match: PinMatch | null,
): string {
  const lines = [`probe ${s.target.display}`];
  if (!result.ok) return `${lines.join('\n')}\n`;
  lines.push(`  greeting     ${result.greeting}`, `  STARTTLS     ${result.protocol}, no CA trusted`);
  if (leaf) {
    lines.push(
      `  certificate  ${leaf.fingerprint}`,
      `  public key   ${leaf.spki}`,
      `  subject      ${printable(leaf.subject).slice(0, 200)}`,
      `  not after    ${new Date(leaf.notAfter).toISOString().replace('.000Z', 'Z')}`,
    );
  }
  if (expected && s.domain) {
    lines.push(`pin for ${s.domain} (${printable(expected.source)})`);
    expected.fingerprints.forEach((f, i) => {
      lines.push(`  certificate  ${f}`, `  public key   ${expected.spki[i] ?? '-'}`);
    });
    const verdict =
      match === 'certificate'
        ? 'match: certificate (the server presents the pinned certificate)'
        : match === 'public-key'
          ? `match: public-key\nwarning: ${RENEWAL_WARNING}`
          : 'match: none (neither the certificate nor its public key is pinned: Postfix would defer the mail)';
    lines.push(verdict);
  }
  return `${lines.join('\n')}\n`;
}

export async function run(ctx: Context): Promise<number> {
  if (ctx.format !== 'text' && ctx.format !== 'json')
    throw usageError(`probe prints text or json, got --format '${ctx.format}'`);
  const s = probeSettings(ctx);
  let expected: ExpectedPin | undefined;
  if (s.domain !== undefined) {
    try {
      expected = s.pinsFile
        ? await consumerPin(s.pinsFile, s.domain)
        : await publisherPin(ctx.io.cwd, s.service, s.domain, ctx.now);
    } catch (e) {
      if (e instanceof PinSourceError) throw environmentError(printable(e.message));
      throw e;
    }
  }
  const result = await probeStartTls({
    host: s.target.host,
    port: s.target.port,
    timeoutMs: s.timeoutMs,
    ...(s.target.servername ? { servername: s.target.servername } : {}),
  });
  let leaf: Leaf | undefined;
  let failure: string | undefined;
  if (result.ok) {
    try {
      leaf = leafOfDer(result.der);
    } catch {
      failure = 'the server presented a certificate that is not parseable X.509';
    }
  } else {
    failure = `${result.reason}`;
  }
  const match: PinMatch | null = expected && leaf ? matchPin(leaf, expected) : expected ? 'none' : null;
  const report: ProbeReport = {
    host: s.target.host,
    port: s.target.port,
    starttls: result.ok,
    fingerprint: leaf?.fingerprint ?? null,
    spki: leaf?.spki ?? null,
    domain: s.domain ?? null,
    expected: expected ? { fingerprints: expected.fingerprints, spki: expected.spki } : null,
    match,
  };
  if (ctx.format === 'json') {
    ctx.io.out(`${jsonStringify(report)}\n`);
    if (match === 'public-key') ctx.io.err(`smtpfp: warning: ${RENEWAL_WARNING}\n`);
  } else {
    ctx.io.out(textReport(s, result, leaf, expected, match));
  }
  if (failure) {
    ctx.io.err(`smtpfp: probe of ${s.target.display} failed: ${printable(failure)}\n`);
    return 1;
  }
  return match === 'none' ? 1 : 0;
}
