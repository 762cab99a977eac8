import { formatInstant } from '../../format/dates.ts';
import { usageError } from '../../model/errors.ts';
import { jsonStringify } from '../../model/json.ts';
import { printable } from '../../report/style.ts';
import { consumerSettings } from '../consumer-settings.ts';
import type { Context } from '../context.ts';
import { runConsumerUpdate } from './update.ts';

/** For one domain: where its pins come from and what is rendered (SPEC §3.5). Writes nothing. */
export async function run(ctx: Context): Promise<number> {
  const [domain, ...rest] = ctx.args.positionals;
  if (!domain || rest.length > 0) throw usageError('expected exactly one DOMAIN');
  if (ctx.format !== 'text' && ctx.format !== 'json')
    throw usageError(`--format ${ctx.format} is not available for explain; use text or json`);
  const settings = await consumerSettings(ctx);
  const report = await runConsumerUpdate(ctx, settings, [], { diff: true });
  const wanted = domain.toLowerCase();
  const pins = report.pins.flatMap((set) =>
    set.domains.filter((d) => d.domain === wanted).map((d) => ({ service: set.service, pin: d })),
  );
  const conflict = report.conflicts.find((c) => c.domain === wanted) ?? null;
  if (ctx.format === 'json') {
    ctx.io.out(
      `${jsonStringify(
        {
          domain: wanted,
          conflict,
          pins: pins.map(({ service, pin }) => ({
            service,
            group: pin.group,
            commit: pin.commit,
            hidden_service: pin.hiddenService,
            certificates: pin.certificates.map((c) => ({
              path: c.path,
              valid_after: new Date(c.validAfter).toISOString(),
              subject: c.subject,
              not_after: new Date(c.notAfter).toISOString(),
              fingerprint: c.fingerprint,
              spki: c.spki,
            })),
          })),
        },
        2,
      )}\n`,
    );
  } else {
    const lines: string[] = [];
    if (conflict) {
      lines.push(
        `${printable(wanted)}: claimed by ${conflict.groups.map(printable).join(', ')}: a conflict, pinned by neither`,
      );
    }
    for (const { service, pin } of pins) {
      lines.push(
        `${printable(wanted)} (${service}): from group ${printable(pin.group)} at commit ${pin.commit}`,
      );
      if (pin.hiddenService) lines.push(`  hidden service: ${pin.hiddenService}`);
      for (const c of pin.certificates) {
        lines.push(
          `  certificate ${printable(c.path)} (configuration valid after ${formatInstant(c.validAfter)})`,
        );
        lines.push(`    subject:     ${printable(c.subject)}`);
        lines.push(`    expires:     ${formatInstant(c.notAfter)}`);
        lines.push(`    certificate: sha256 ${c.fingerprint}`);
        lines.push(`    public key:  sha256 ${c.spki}`);
      }
    }
    if (!conflict && pins.length === 0) lines.push(`${printable(wanted)}: pinned by no group`);
    for (const g of report.groups) {
      if (g.error) lines.push(`warning: group ${printable(g.group)} is ${g.status}: ${printable(g.error)}`);
    }
    ctx.io.out(`${lines.join('\n')}\n`);
  }
  return pins.length > 0 ? 0 : 1;
}
