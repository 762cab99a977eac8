import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  checkSettings,
  runCheck
} from "./chunk-FOMZVV24.js";
import "./chunk-A2UB33PM.js";
import {
  findingsGitlab,
  findingsJson,
  findingsReporter,
  findingsText
} from "./chunk-HOLR3ISY.js";
import {
  print
} from "./chunk-FE4UCQFH.js";
import {
  codeQualityIssue,
  issueFingerprint,
  workflowCommand
} from "./chunk-WCQHUGJM.js";
import "./chunk-EJ7IZX3C.js";
import {
  checkSigningSetup
} from "./chunk-3YHJ6OJU.js";
import "./chunk-L4AZONXL.js";
import "./chunk-JUYU6Q66.js";
import "./chunk-XS4NACP3.js";
import "./chunk-Y2T34S2R.js";
import "./chunk-L3JPEFSX.js";
import "./chunk-SMY7YJGK.js";
import {
  makeStyle
} from "./chunk-3TZPSSYH.js";
import "./chunk-HOVORFGY.js";
import "./chunk-CRUGFJYM.js";
import "./chunk-DUYTJGPC.js";
import {
  printable,
  usageError
} from "./chunk-FWEKEFTV.js";

// src/cli/commands/pre-commit.ts
function setupText(setup, color, quiet) {
  const st = makeStyle(color);
  const lines = [];
  if (!quiet) for (const n2 of setup.notes) lines.push(`${st.dim("note")}: ${printable(n2)}`);
  for (const p of setup.problems) {
    lines.push(
      `${st.bold("signing")}: ${st.red("error")}: ${printable(p.message)} ${st.dim(`[${p.setting}]`)}`
    );
    lines.push(`    fix: ${printable(p.fix)}`);
  }
  const n = setup.problems.length;
  if (n > 0) {
    lines.push(`${st.red("\u2716")} signing set-up: ${n} problem${n === 1 ? "" : "s"}`);
  } else if (!quiet) {
    const s = setup.signer;
    const who = s ? `${s.fingerprint}${s.uid ? ` (${printable(s.uid)})` : ""}` : "the configured key";
    const why = s?.allowed ? `, an allowed signer in ${setup.policy?.where ?? ""}` : "";
    lines.push(`${st.green("\u2714")} signing set-up: commits will be signed by ${who}${why}`);
  }
  return lines.length ? `${lines.join("\n")}
` : "";
}
function setupJson(setup) {
  return {
    problems: setup.problems,
    notes: setup.notes,
    signer: setup.signer ?? null
  };
}
function setupGithub(setup) {
  const lines = setup.problems.map(
    (p) => workflowCommand("error", { title: `smtpfp ${p.setting}` }, `${p.message}; fix: ${p.fix}`)
  );
  return lines.length ? `${lines.join("\n")}
` : "";
}
function setupGitlab(setup) {
  return setup.problems.map(
    (p) => codeQualityIssue({
      description: `${p.message}; fix: ${p.fix}`,
      check: `signing-${p.setting}`,
      fingerprint: issueFingerprint(p.setting, p.message),
      severity: "blocker",
      path: ".git/config"
    })
  );
}
var preCommitReporter = {
  text: (r, opts) => findingsText(r.check, opts) + setupText(r.setup, opts.color, opts.quiet),
  json: (r) => ({ ...findingsJson(r.check), signing: setupJson(r.setup) }),
  github: (r, opts) => findingsReporter.github(r.check, opts) + setupGithub(r.setup) + setupText(r.setup, false, opts.quiet),
  gitlab: (r, opts) => [...findingsGitlab(r.check, opts), ...setupGitlab(r.setup)]
};
async function run(ctx) {
  if (ctx.args.positionals.length > 0)
    throw usageError(`pre-commit takes no argument, got '${ctx.args.positionals[0]}'`);
  const settings = { ...checkSettings(ctx), source: "staged" };
  const [checked, setupDone] = await Promise.allSettled([
    runCheck(ctx, settings),
    checkSigningSetup(settings.path)
  ]);
  if (checked.status === "rejected") throw checked.reason;
  if (setupDone.status === "rejected") throw setupDone.reason;
  const check = checked.value;
  const setup = setupDone.value;
  print(ctx.io, preCommitReporter, { check: check.result, setup }, ctx.format, {
    color: ctx.color,
    quiet: ctx.quiet,
    pathPrefix: check.prefix
  });
  return check.exit !== 0 || setup.problems.length > 0 ? 1 : 0;
}
export {
  run
};
