import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  SigningError,
  loadTrust,
  printVerdicts,
  splitTag,
  verdictsJson,
  verifyObjects,
  verifyRequest
} from "./chunk-7H26GR7U.js";
import {
  defaultBranches,
  listCommits,
  newBranchBase,
  otherRemoteBranches,
  readObjects
} from "./chunk-VYUGFJP6.js";
import "./chunk-ORGIFBYD.js";
import "./chunk-GS4DNTWD.js";
import {
  locateRepository,
  resolveCommit
} from "./chunk-DQHTCUGL.js";
import {
  environmentError,
  git,
  makeStyle,
  printable,
  usageError
} from "./chunk-3P6CRWMY.js";

// src/hooks/errors.ts
var HookError = class extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
    this.name = "HookError";
  }
  code;
};

// src/hooks/push.ts
var OID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
var isZeroOid = (oid) => /^0+$/.test(oid);
function parsePushLines(text) {
  const updates = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "") continue;
    const fields = line.split(" ");
    const [localRef, localOid, remoteRef, remoteOid] = fields;
    if (fields.length !== 4 || !localRef || !remoteRef || !localOid || !remoteOid || !OID.test(localOid) || !OID.test(remoteOid)) {
      const shown = JSON.stringify(line.length > 200 ? `${line.slice(0, 200)}\u2026` : line);
      throw new HookError(
        `pre-push input line ${i + 1}: expected '<local ref> <local oid> <remote ref> <remote oid>' with 40 or 64 hex digit ids, got ${shown}`,
        "BAD_PUSH_LINE"
      );
    }
    updates.push({ localRef, localOid, remoteRef, remoteOid });
  }
  return updates;
}
async function pushFromPreCommitEnv(repo, env) {
  const from = env.PRE_COMMIT_FROM_REF?.trim();
  const to = env.PRE_COMMIT_TO_REF?.trim();
  const localBranch = env.PRE_COMMIT_LOCAL_BRANCH?.trim();
  const remoteRef = env.PRE_COMMIT_REMOTE_BRANCH?.trim() || "(remote ref not given)";
  const tipName = from && to ? to : localBranch;
  if (!tipName) return void 0;
  const localOid = await resolveObject(repo, tipName);
  if (!localOid) {
    throw new HookError(
      `PRE_COMMIT_${from && to ? "TO_REF" : "LOCAL_BRANCH"} '${tipName}' names nothing in this repository`,
      "BAD_REF"
    );
  }
  const zero = "0".repeat(localOid.length);
  let remoteOid = zero;
  if (from && to) {
    remoteOid = await resolveObject(repo, from) ?? (OID.test(from) ? from : zero);
  }
  return [{ localRef: localBranch || tipName, localOid, remoteRef, remoteOid }];
}
async function resolveObject(repo, name) {
  const r = await git(["rev-parse", "--verify", "--quiet", "--end-of-options", name], {
    cwd: repo,
    okCodes: [1, 128]
  });
  const oid = r.stdout.toString("latin1").trim();
  return r.code === 0 && OID.test(oid) ? oid : void 0;
}
async function objectType(repo, oid) {
  const r = await git(["cat-file", "-t", oid], { cwd: repo, okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.toString("latin1").trim() : void 0;
}
var validRemoteName = (remote) => remote !== void 0 && /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(remote) && !remote.includes("..");
function trackingRefFor(remote, remoteRef) {
  if (!validRemoteName(remote)) return void 0;
  const m = /^refs\/heads\/(.+)$/.exec(remoteRef);
  return m ? `refs/remotes/${remote}/${m[1]}` : void 0;
}
var short = (oid) => oid.slice(0, 12);
async function planPush(repo, remote, u) {
  const plan = { update: u, policyCommit: null, tip: null, warnings: [] };
  if (isZeroOid(u.localOid)) {
    plan.skipped = "a deletion: nothing is pushed";
    return plan;
  }
  const type = await objectType(repo, u.localOid);
  if (!type) {
    throw new HookError(
      `the pushed object ${u.localOid} (${u.localRef}) is not in this repository`,
      "MISSING_OBJECT"
    );
  }
  if (type === "tag") plan.tag = u.localOid;
  if (type === "tag" || type === "commit") plan.tip = await resolveCommit(repo, u.localOid) ?? null;
  if (!plan.tip) {
    if (!plan.tag) plan.skipped = `the pushed object is a ${type}: no commit to verify`;
    return plan;
  }
  if (!isZeroOid(u.remoteOid)) {
    const base = await resolveCommit(repo, u.remoteOid);
    if (base) {
      plan.range = { kind: "between", base, tip: plan.tip };
      plan.policyCommit = base;
      return plan;
    }
    plan.warnings.push(
      `the remote's ${u.remoteRef} is at ${short(u.remoteOid)}, which this repository does not have (commits pushed by someone else, which a force push would discard): verifying the push as a new branch; run 'git fetch' to see them`
    );
  }
  const stale = trackingRefFor(remote, u.remoteRef);
  const trusted = validRemoteName(remote) ? await otherRemoteBranches(repo, stale, remote) : [];
  if (trusted.length === 0) {
    plan.warnings.push(
      `no remote-tracking branch of ${validRemoteName(remote) ? `'${remote}'` : "the destination"} tells what it already has: verifying every commit of ${short(plan.tip)}`
    );
  }
  plan.range = { kind: "new-branch", tip: plan.tip, trusted };
  const defaults = await defaultBranches(repo, trusted);
  plan.policyCommit = await newBranchBase(repo, plan.tip, defaults.length > 0 ? defaults : trusted);
  return plan;
}

// src/cli/commands/pre-push.ts
var MAX_INPUT = 16 * 1024 * 1024;
async function readInput(stdin) {
  if (stdin.isTTY) return "";
  const chunks = [];
  let size = 0;
  for await (const chunk of stdin) {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > MAX_INPUT) throw usageError("pre-push input is over 16 MiB: expected one line per pushed ref");
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString("utf8");
}
var short2 = (oid) => oid.slice(0, 12);
async function verifyListed(repo, plan, oids, kind, trustOptions) {
  if (oids.length === 0) return { verdicts: [], warnings: [] };
  const policyCommit = plan.policyCommit ?? plan.tip;
  try {
    const loaded = await loadTrust({
      repo,
      ...trustOptions,
      policyCommit,
      policyAtTip: plan.policyCommit === null && policyCommit !== null
    });
    const verdicts = await verifyObjects(readObjects(repo, oids, kind), loaded.trust, { concurrency: 16 });
    return { verdicts, warnings: loaded.warnings };
  } catch (e) {
    if (e instanceof SigningError) throw environmentError(e.message);
    throw e;
  }
}
async function tagToVerify(repo, tag, all) {
  if (all) return [tag];
  const raw = (await git(["cat-file", "tag", tag], { cwd: repo })).stdout;
  return splitTag(raw).signature === null ? [] : [tag];
}
function describe(plan) {
  const u = plan.update;
  const what = `${printable(u.localRef)} -> ${printable(u.remoteRef)}`;
  if (plan.skipped) return `${what}: skipped, ${plan.skipped}`;
  const tag = plan.tag ? `tag ${short2(plan.tag)}, ` : "";
  const range = plan.range;
  if (range?.kind === "between") return `${what}: ${tag}${short2(range.base)}..${short2(range.tip)}`;
  if (range?.kind === "new-branch") {
    const base = plan.policyCommit ? `; policy at merge-base ${short2(plan.policyCommit)}` : "";
    return `${what}: ${tag}new branch, the commits of ${short2(range.tip)} no remote-tracking branch has${base}`;
  }
  return `${what}: ${tag.replace(/, $/, "")}`;
}
function rangeJson(plan) {
  const r = plan.range;
  if (!r) return null;
  if (r.kind === "between") return `${r.base}..${r.tip}`;
  if (r.kind === "new-branch") return `new-branch:${r.tip}`;
  return "all";
}
async function run(ctx) {
  const { args } = ctx;
  if (args.positionals.length > 2)
    throw usageError(`expected at most REMOTE and URL, got ${args.positionals.length} arguments`);
  const loc = await locateRepository(ctx.io.cwd);
  if (!loc) throw environmentError(`pre-push needs a git repository; '${ctx.io.cwd}' is not in one`);
  const repo = loc.top;
  const fingerprints = args.lists.get("fingerprint") ?? [];
  const keyrings = args.lists.get("keyring") ?? [];
  const remote = args.positionals[0] ?? (ctx.io.env.PRE_COMMIT_REMOTE_NAME?.trim() || void 0);
  let updates;
  const plans = [];
  try {
    updates = parsePushLines(await readInput(ctx.io.stdin));
    if (updates.length === 0) updates = await pushFromPreCommitEnv(repo, ctx.io.env) ?? [];
    for (const u of updates) plans.push(await planPush(repo, remote, u));
  } catch (e) {
    if (e instanceof HookError) {
      throw e.code === "BAD_PUSH_LINE" ? usageError(e.message) : environmentError(e.message);
    }
    throw e;
  }
  const outcomes = [];
  for (const plan of plans) {
    const outcome = { plan, verdicts: [], warnings: [...plan.warnings] };
    if (plan.range && (await listCommits(repo, plan.range)).length > 0) {
      const { verdicts, warnings: warnings2 } = await verifyRequest({
        repo,
        range: plan.range,
        policyCommit: plan.policyCommit,
        tip: plan.tip,
        tags: false,
        fingerprints,
        keyrings
      });
      outcome.verdicts.push(...verdicts);
      outcome.warnings.push(...warnings2);
    }
    const trustOptions = { fingerprints, keyrings };
    const tags = plan.tag ? await tagToVerify(repo, plan.tag, args.flags.has("tags")) : [];
    const tagged = await verifyListed(repo, plan, tags, "tag", trustOptions);
    outcome.verdicts.push(...tagged.verdicts);
    outcome.warnings.push(...tagged.warnings.filter((w) => !outcome.warnings.includes(w)));
    outcomes.push(outcome);
  }
  const seen = /* @__PURE__ */ new Set();
  const all = [];
  for (const o of outcomes) {
    for (const v of o.verdicts) {
      if (seen.has(v.oid)) continue;
      seen.add(v.oid);
      all.push(v);
    }
  }
  const warnings = [...new Set(outcomes.flatMap((o) => o.warnings))];
  const ok = all.every((v) => v.status === "good");
  const opts = { color: ctx.color, quiet: ctx.quiet };
  switch (ctx.format) {
    case "json": {
      const report = JSON.parse(verdictsJson(all));
      report.refs = outcomes.map((o) => ({
        local_ref: o.plan.update.localRef,
        local_oid: o.plan.update.localOid,
        remote_ref: o.plan.update.remoteRef,
        remote_oid: o.plan.update.remoteOid,
        skipped: o.plan.skipped ?? null,
        range: rangeJson(o.plan),
        objects: o.verdicts.map((v) => v.oid)
      }));
      ctx.io.out(`${JSON.stringify(report, null, 2)}
`);
      for (const w of warnings) ctx.io.err(`smtpfp: warning: ${w}
`);
      break;
    }
    case "github":
    case "gitlab": {
      const printed = printVerdicts(all, warnings, ctx.format, opts);
      if (printed.stdout) ctx.io.out(printed.stdout);
      if (printed.stderr) ctx.io.err(printed.stderr);
      break;
    }
    default: {
      const st = makeStyle(ctx.color);
      if (outcomes.length === 0) {
        if (!ctx.quiet) ctx.io.out("no pushed refs to verify\n");
        break;
      }
      for (const o of outcomes) {
        const bad = o.verdicts.some((v) => v.status !== "good");
        if (ctx.quiet && !bad && o.warnings.length === 0) continue;
        ctx.io.out(`${st.bold(describe(o.plan))}
`);
        if (o.plan.skipped) continue;
        ctx.io.out(printVerdicts(o.verdicts, o.warnings, "text", opts).stdout);
      }
      if (!ok) {
        ctx.io.out(`${st.red("\u2716")} push blocked: every pushed commit must be signed by an allowed key
`);
      }
    }
  }
  return ok ? 0 : 1;
}
export {
  run
};
