import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  consumerSettings,
  printUpdate,
  runConsumerUpdate
} from "./chunk-QYGW5SYL.js";
import "./chunk-ZC6MKFV5.js";
import "./chunk-YBXNEB7G.js";
import {
  parseOutputSpec
} from "./chunk-SRVF7XG2.js";
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
import "./chunk-DUYTJGPC.js";
import {
  usageError
} from "./chunk-FWEKEFTV.js";

// src/cli/commands/update-service.ts
import { isAbsolute, resolve } from "node:path";
function parseOutputOption(text, service, cwd) {
  const colon = text.indexOf(":");
  const path = colon < 0 ? "" : text.slice(colon + 1);
  const absolute = path && !isAbsolute(path) ? `${text.slice(0, colon)}:${resolve(cwd, path)}` : text;
  const parsed = parseOutputSpec(absolute);
  if (!parsed.ok) throw usageError(`--output: ${parsed.reason}`);
  return { service, ...parsed.output };
}
async function run(ctx) {
  if (ctx.format !== "text" && ctx.format !== "json")
    throw usageError(`--format ${ctx.format} is not available for update-service; use text or json`);
  const service = ctx.args.values.get("service");
  if (service === void 0) throw usageError("expected --service NAME (e.g. smtp)");
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(service))
    throw usageError(`--service expects a service name such as smtp, got '${service}'`);
  const outputs = (ctx.args.lists.get("output") ?? []).map((o) => parseOutputOption(o, service, ctx.io.cwd));
  if (outputs.length === 0) throw usageError("expected at least one --output FORMAT:PATH");
  const settings = await consumerSettings(ctx);
  return printUpdate(ctx, await runConsumerUpdate(ctx, settings, outputs));
}
export {
  parseOutputOption,
  run
};
