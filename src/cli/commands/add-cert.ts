import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DATE_FORMS, formatInstant, parseValidAfter } from '../../format/dates.ts';
import { DURATION_FORMS, parseDuration } from '../../format/duration.ts';
import { DiskTree } from '../../git/disk-tree.ts';
import { locateRepository } from '../../git/repo.ts';
import { writeFileAtomic } from '../../io/atomic.ts';
import { readRegularFile } from '../../io/regular-file.ts';
import { environmentError, usageError } from '../../model/errors.ts';
import { findingLocation } from '../../model/finding.ts';
import { jsonStringify } from '../../model/json.ts';
import {
  AddCertError,
  type AddCertPlan,
  ceilMinute,
  commitCommand,
  planAddCert,
  validatePlan,
} from '../../ops/add-cert.ts';
import { makeStyle, printable } from '../../report/style.ts';
import { MAX_CERT_BYTES } from '../../x509/certificate.ts';
import type { Context } from '../context.ts';

function required(ctx: Context, name: string): string {
  const v = ctx.args.values.get(name);
  if (v === undefined || v === '') throw usageError(`add-cert needs --${name}; see --help`);
  return v;
}

/** `TIME` (the valid_after forms) or `+DURATION` from now. */
export function parseValidAfterOption(text: string, now: number): number {
  if (text.startsWith('+')) {
    const d = parseDuration(text.slice(1));
    if (d === undefined)
      throw usageError(`--valid-after expects +DURATION (${DURATION_FORMS}), got '${printable(text)}'`);
    // Whole minutes: the configuration reads 'YYYY-MM-DD HH:MM'.
    return ceilMinute(now + d);
  }
  const t = parseValidAfter(text.trim());
  if (t === undefined)
    throw usageError(
      `--valid-after expects ${DATE_FORMS}, or +DURATION such as +48h; got '${printable(text)}'`,
    );
  return t;
}

/** The new certificate: a regular file (certbot's live/ symlinks are followed), at most 64 KiB. */
function readPem(path: string): Uint8Array {
  // A FIFO or a device is refused without being opened; the read stops at the cap.
  const read = readRegularFile(path, { maxBytes: MAX_CERT_BYTES, follow: true });
  if ('data' in read) return read.data;
  if (read.problem === 'missing')
    throw environmentError(`--cert: cannot read '${printable(path)}': no such file`);
  throw environmentError(
    `--cert: expected a regular certificate file of at most 64 KiB: '${printable(path)}' ${read.message}`,
  );
}

async function apply(top: string, plan: AddCertPlan): Promise<void> {
  // Certificates first, the service file last: an interruption leaves at most an unused new file.
  for (const w of plan.writes) {
    const path = join(top, w.path);
    if (w.create) await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, w.content, 0o644);
  }
}

function planJson(plan: AddCertPlan, command: string | null): unknown {
  return {
    change: plan.change,
    service: plan.service,
    domain: plan.domain,
    service_file: plan.serviceFile,
    cert: plan.cert,
    valid_after: plan.validAfter === null ? null : formatInstant(plan.validAfter),
    spki: plan.leaf.spki,
    previous_spki: plan.previous?.spki ?? null,
    not_after: formatInstant(plan.leaf.notAfter),
    written: plan.writes.map((w) => w.path),
    notes: plan.notes,
    warnings: plan.warnings,
    commit_command: command,
  };
}

function planText(plan: AddCertPlan, command: string | null, color: boolean): string {
  const st = makeStyle(color);
  const lines: string[] = [];
  const where = `${plan.serviceFile}: ${plan.domain}`;
  switch (plan.change) {
    case 'unchanged':
      lines.push(`${st.green('✔')} ${where}: ${plan.cert} already holds this certificate; nothing to do`);
      break;
    case 'same-key':
      lines.push(
        `${st.green('✔')} ${where}: the new certificate keeps the public key; ${plan.cert} replaced in place (expires ${formatInstant(plan.leaf.notAfter)})`,
      );
      break;
    case 'new-key':
      lines.push(
        `${st.green('✔')} ${where}: a new public key; ${plan.cert} is pinned from ${plan.validAfterText} UTC in a new configuration`,
        `  Peers pin the old and the new key from ${formatInstant(plan.validAfter! - 24 * 3_600_000)} (their default 24h rollover window).`,
        `  Install the new certificate on the server at ${formatInstant(plan.validAfter!)}, not before.`,
      );
      break;
  }
  for (const n of plan.notes) lines.push(`${st.yellow('note')}: ${printable(n)}`);
  for (const w of plan.warnings)
    lines.push(
      `${st.yellow('warning')}: ${printable(findingLocation(w))}: ${printable(w.message)} [${w.rule}]`,
    );
  if (command) lines.push(`next: ${command}`);
  return `${lines.join('\n')}\n`;
}

/** The publisher's renewal step (SPEC §3.8). */
export async function run(ctx: Context): Promise<number> {
  if (ctx.args.positionals.length > 0)
    throw usageError(`add-cert takes no argument, got '${printable(ctx.args.positionals[0]!)}'`);
  if (ctx.format !== 'text' && ctx.format !== 'json')
    throw usageError(`add-cert prints text or json, got --format ${ctx.format}`);
  const service = required(ctx, 'service');
  const domain = required(ctx, 'domain');
  const certPath = resolve(ctx.io.cwd, required(ctx, 'cert'));
  const vaText = ctx.args.values.get('valid-after');
  const validAfter = vaText === undefined ? undefined : parseValidAfterOption(vaText, ctx.now);
  const loc = await locateRepository(ctx.io.cwd);
  if (!loc)
    throw environmentError(
      `add-cert works in a publisher repository; '${ctx.io.cwd}' is not in a git work tree`,
    );
  const pem = readPem(certPath);
  const tree = new DiskTree(loc.top);
  let plan: AddCertPlan;
  try {
    plan = await planAddCert(tree, {
      service,
      domain,
      pem,
      pemLabel: ctx.args.values.get('cert')!,
      ...(validAfter === undefined ? {} : { validAfter }),
      now: ctx.now,
    });
    await validatePlan(tree, plan, ctx.now);
  } catch (e) {
    if (!(e instanceof AddCertError)) throw e;
    const lines = [`smtpfp: ${printable(e.message)}`];
    for (const f of e.findings)
      lines.push(`  ${printable(findingLocation(f))}: ${f.severity}: ${printable(f.message)} [${f.rule}]`);
    ctx.io.err(`${lines.join('\n')}\n`);
    return e.kind === 'usage' ? 2 : 1;
  }
  await apply(loc.top, plan);
  const command = commitCommand(plan, loc.prefix ? loc.top : undefined);
  if (ctx.format === 'json') ctx.io.out(`${jsonStringify(planJson(plan, command))}\n`);
  else ctx.io.out(planText(plan, command, ctx.color));
  return 0;
}
