import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  newBranchPolicyCommit,
  verdictsReporter,
  verifyRequest
} from "./chunk-PSFSPG56.js";
import {
  hasCommit,
  otherRemoteBranches,
  remoteBranchesAt
} from "./chunk-26VUJ6UP.js";
import {
  print
} from "./chunk-FE4UCQFH.js";
import {
  locateHistory,
  resolveCommit,
  whyNoCommit
} from "./chunk-Y2T34S2R.js";
import {
  isZeroOid
} from "./chunk-L3JPEFSX.js";
import {
  environmentError,
  usageError
} from "./chunk-FWEKEFTV.js";

// src/cli/commands/verify-commits.ts
var CLI_TRUST_HINTS = {
  fingerprint: "--fingerprint",
  signers: "--fingerprint FPR",
  keys: "--keyring PATH"
};
async function mustResolve(repo, rev, what) {
  const oid = await resolveCommit(repo, rev);
  if (!oid) throw usageError(`${what} '${rev}' ${await whyNoCommit(repo, rev)}`);
  return oid;
}
async function requestFromOptions(ctx, repo) {
  const { args } = ctx;
  const chosen = ["range", "since"].filter((o) => args.values.has(o)).length + (args.flags.has("all") ? 1 : 0);
  if (chosen > 1) throw usageError("--range, --since and --all exclude each other: choose one");
  const common = {
    repo,
    tags: args.flags.has("tags"),
    sources: { fingerprints: args.lists.get("fingerprint") ?? [], keyrings: args.lists.get("keyring") ?? [] },
    hints: CLI_TRUST_HINTS
  };
  if (args.flags.has("all")) {
    const head = await resolveCommit(repo, "HEAD");
    return { ...common, range: { kind: "all" }, policyCommit: null, tip: head ?? null };
  }
  let baseText;
  let tipText = "HEAD";
  const range = args.values.get("range");
  if (range !== void 0) {
    const m = /^(.+?)\.\.(?!\.)(.+)$/.exec(range);
    if (!m) throw usageError(`--range expects A..B (two revisions), got '${range}'`);
    baseText = m[1];
    tipText = m[2];
  } else if (args.values.has("since")) {
    baseText = args.values.get("since");
  }
  const tip = await mustResolve(repo, tipText, "the range tip");
  if (baseText !== void 0 && !isZeroOid(baseText)) {
    const base = await mustResolve(repo, baseText, "the range base");
    return { ...common, range: { kind: "between", base, tip }, policyCommit: base, tip };
  }
  let exclude;
  if (baseText !== void 0) {
    exclude = (await remoteBranchesAt(repo, tip))[0];
  }
  const others = await otherRemoteBranches(repo, exclude);
  return {
    ...common,
    range: { kind: "new-branch", tip, trusted: others },
    policyCommit: await newBranchPolicyCommit(repo, tip, others),
    tip
  };
}
async function run(ctx) {
  if (ctx.args.positionals.length > 0) throw usageError(`unexpected argument '${ctx.args.positionals[0]}'`);
  const top = await locateHistory(ctx.io.cwd);
  if (!top) throw environmentError(`'${ctx.io.cwd}' is not in a git repository`);
  const req = await requestFromOptions(ctx, top);
  if (req.range.kind === "between" && !await hasCommit(top, req.range.base)) {
    throw environmentError(`the range base ${req.range.base} is not in this repository (a shallow clone?)`);
  }
  const { verdicts, warnings } = await verifyRequest(req);
  print(ctx.io, verdictsReporter, { verdicts, warnings }, ctx.format, { color: ctx.color, quiet: ctx.quiet });
  return verdicts.every((v) => v.status === "good") ? 0 : 1;
}

export {
  CLI_TRUST_HINTS,
  requestFromOptions,
  run
};
