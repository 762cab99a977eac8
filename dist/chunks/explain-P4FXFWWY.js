import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  consumerSettings,
  runConsumerUpdate
} from "./chunk-QYGW5SYL.js";
import "./chunk-ZC6MKFV5.js";
import "./chunk-YBXNEB7G.js";
import "./chunk-SRVF7XG2.js";
import "./chunk-YSLGEC7P.js";
import "./chunk-PWFS7Q77.js";
import "./chunk-26VUJ6UP.js";
import "./chunk-DOLYYDC4.js";
import "./chunk-FE4UCQFH.js";
import "./chunk-EJ7IZX3C.js";
import "./chunk-OTTJLMFO.js";
import "./chunk-L4AZONXL.js";
import "./chunk-JUYU6Q66.js";
import "./chunk-XS4NACP3.js";
import "./chunk-Y2T34S2R.js";
import "./chunk-L3JPEFSX.js";
import "./chunk-SMY7YJGK.js";
import "./chunk-3TZPSSYH.js";
import "./chunk-HOVORFGY.js";
import "./chunk-CRUGFJYM.js";
import {
  formatInstant
} from "./chunk-DUYTJGPC.js";
import {
  jsonStringify,
  printable,
  usageError
} from "./chunk-FWEKEFTV.js";

// src/cli/commands/explain.ts
async function run(ctx) {
  const [domain, ...rest] = ctx.args.positionals;
  if (!domain || rest.length > 0) throw usageError("expected exactly one DOMAIN");
  if (ctx.format !== "text" && ctx.format !== "json")
    throw usageError(`--format ${ctx.format} is not available for explain; use text or json`);
  const settings = await consumerSettings(ctx);
  const report = await runConsumerUpdate(ctx, settings, [], { diff: true });
  const wanted = domain.toLowerCase();
  const pins = report.pins.flatMap(
    (set) => set.domains.filter((d) => d.domain === wanted).map((d) => ({ service: set.service, pin: d }))
  );
  const conflict = report.conflicts.find((c) => c.domain === wanted) ?? null;
  if (ctx.format === "json") {
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
              spki: c.spki
            }))
          }))
        },
        2
      )}
`
    );
  } else {
    const lines = [];
    if (conflict) {
      lines.push(
        `${printable(wanted)}: claimed by ${conflict.groups.map(printable).join(", ")}: a conflict, pinned by neither`
      );
    }
    for (const { service, pin } of pins) {
      lines.push(
        `${printable(wanted)} (${service}): from group ${printable(pin.group)} at commit ${pin.commit}`
      );
      if (pin.hiddenService) lines.push(`  hidden service: ${pin.hiddenService}`);
      for (const c of pin.certificates) {
        lines.push(
          `  certificate ${printable(c.path)} (configuration valid after ${formatInstant(c.validAfter)})`
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
    ctx.io.out(`${lines.join("\n")}
`);
  }
  return pins.length > 0 ? 0 : 1;
}
export {
  run
};
