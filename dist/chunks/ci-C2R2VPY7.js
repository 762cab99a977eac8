import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  ciReporter,
  ciSettings,
  detectCi,
  readEventFile,
  reportPrefix,
  runCiJob
} from "./chunk-3GDOSMPV.js";
import "./chunk-HOLR3ISY.js";
import {
  CLI_TRUST_HINTS
} from "./chunk-JCXZIUSZ.js";
import "./chunk-PSFSPG56.js";
import "./chunk-26VUJ6UP.js";
import "./chunk-DOLYYDC4.js";
import {
  print
} from "./chunk-FE4UCQFH.js";
import "./chunk-WCQHUGJM.js";
import "./chunk-EJ7IZX3C.js";
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
  environmentError,
  usageError
} from "./chunk-FWEKEFTV.js";

// src/cli/commands/ci.ts
import { resolve } from "node:path";
async function run(ctx) {
  const { args, io } = ctx;
  if (args.positionals.length > 1)
    throw usageError(`expected at most one PATH, got ${args.positionals.length}`);
  const days = args.values.get("expiry-warning") ?? "30";
  if (!/^\d{1,5}$/.test(days)) throw usageError(`--expiry-warning expects a number of days, got '${days}'`);
  const ci = detectCi(io.env, readEventFile);
  if (!ci) {
    throw environmentError(
      "not in CI: smtpfp ci detects GitHub Actions (GITHUB_ACTIONS=true) or GitLab CI (GITLAB_CI=true); elsewhere run smtpfp check and smtpfp verify-commits"
    );
  }
  const settings = ciSettings({
    ci,
    env: io.env,
    folder: resolve(io.cwd, args.positionals[0] ?? "."),
    fingerprints: args.lists.get("fingerprint") ?? [],
    keyrings: args.lists.get("keyring") ?? [],
    strict: args.flags.has("strict"),
    now: ctx.now,
    expiryWarningDays: Number(days),
    hints: CLI_TRUST_HINTS,
    log: (line) => {
      if (!ctx.quiet) io.err(`smtpfp: ${line}
`);
    }
  });
  const result = await runCiJob(settings);
  print(ctx.io, ciReporter, result, ctx.format, {
    color: ctx.color,
    quiet: ctx.quiet,
    pathPrefix: reportPrefix(settings.workspace, settings.path, result.prefix)
  });
  return result.exit;
}
export {
  run
};
