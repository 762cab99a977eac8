import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  CLI_TRUST_HINTS
} from "./chunk-JCXZIUSZ.js";
import {
  newBranchPolicyCommit,
  verdictsGitlab,
  verdictsJson,
  verdictsReporter,
  verdictsText,
  verifyAgainstPolicies,
  warningLines
} from "./chunk-PSFSPG56.js";
import {
  listCommits,
  loadTrust,
  otherRemoteBranches,
  readObjects,
  splitTag
} from "./chunk-26VUJ6UP.js";
import "./chunk-DOLYYDC4.js";
import {
  print
} from "./chunk-FE4UCQFH.js";
import "./chunk-WCQHUGJM.js";
import "./chunk-EJ7IZX3C.js";
import "./chunk-L4AZONXL.js";
import "./chunk-JUYU6Q66.js";
import "./chunk-XS4NACP3.js";
import {
  locateRepository,
  objectType,
  resolveCommit,
  resolveObject
} from "./chunk-Y2T34S2R.js";
import {
  isObjectId,
  isZeroOid,
  short
} from "./chunk-L3JPEFSX.js";
import "./chunk-SMY7YJGK.js";
import {
  makeStyle
} from "./chunk-3TZPSSYH.js";
import "./chunk-HOVORFGY.js";
import "./chunk-CRUGFJYM.js";
import "./chunk-DUYTJGPC.js";
import {
  SmtpfpError,
  environmentError,
  jsonStringify,
  printable,
  usageError
} from "./chunk-FWEKEFTV.js";

// src/hooks/pre-push.ts
async function tagToVerify(repo, tag, all) {
  if (all) return [tag];
  for await (const obj of readObjects(repo, [tag], "tag")) {
    if (splitTag(obj.raw).signature === null) return [];
  }
  return [tag];
}
async function verifyPush(repo, plans, opts) {
  const outcomes = [];
  for (const plan of plans) {
    const outcome = { plan, verdicts: [], warnings: [...plan.warnings] };
    const commits = plan.range ? await listCommits(repo, plan.range) : [];
    const tags = plan.tag ? await tagToVerify(repo, plan.tag, opts.allTags) : [];
    if (commits.length > 0 || tags.length > 0) {
      const loaded = await loadTrust({
        repo,
        trusted: plan.policyCommit,
        tip: plan.tip,
        sources: opts.sources,
        ...opts.hints ? { hints: opts.hints } : {}
      });
      const verified = await verifyAgainstPolicies(
        repo,
        commits.length > 0 ? plan.range ?? null : null,
        tags,
        loaded,
        {
          sources: opts.sources,
          trusted: plan.policyCommit
        }
      );
      outcome.verdicts.push(...verified.verdicts);
      for (const w of [...loaded.warnings, ...verified.warnings])
        if (!outcome.warnings.includes(w)) outcome.warnings.push(w);
    }
    outcomes.push(outcome);
  }
  const seen = /* @__PURE__ */ new Set();
  const verdicts = [];
  for (const o of outcomes) {
    for (const v of o.verdicts) {
      if (seen.has(v.oid)) continue;
      seen.add(v.oid);
      verdicts.push(v);
    }
  }
  const warnings = [...new Set(outcomes.flatMap((o) => o.warnings))];
  return { outcomes, verdicts, warnings, ok: verdicts.every((v) => v.status === "good") };
}
function describe(plan) {
  const u = plan.update;
  const what = `${printable(u.localRef)} -> ${printable(u.remoteRef)}`;
  if (plan.skipped) return `${what}: skipped, ${plan.skipped}`;
  const tag = plan.tag ? `tag ${short(plan.tag)}, ` : "";
  const range = plan.range;
  if (range?.kind === "between") return `${what}: ${tag}${short(range.base)}..${short(range.tip)}`;
  if (range?.kind === "new-branch") {
    const base = plan.policyCommit ? `; policy at merge-base ${short(plan.policyCommit)}` : "";
    return `${what}: ${tag}new branch, the commits of ${short(range.tip)} no remote-tracking branch has${base}`;
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
var prePushReporter = {
  text(r, opts) {
    const st = makeStyle(opts.color);
    if (r.outcomes.length === 0) return opts.quiet ? "" : "no pushed refs to verify\n";
    let out = "";
    for (const o of r.outcomes) {
      const bad = o.verdicts.some((v) => v.status !== "good");
      if (opts.quiet && !bad && o.warnings.length === 0) continue;
      out += `${st.bold(describe(o.plan))}
`;
      if (o.plan.skipped) continue;
      out += verdictsText(o.verdicts, o.warnings, opts);
    }
    if (!r.ok) out += `${st.red("\u2716")} push blocked: every pushed commit must be signed by an allowed key
`;
    return out;
  },
  json: (r) => ({
    ...verdictsJson(r.verdicts),
    refs: r.outcomes.map((o) => ({
      local_ref: o.plan.update.localRef,
      local_oid: o.plan.update.localOid,
      remote_ref: o.plan.update.remoteRef,
      remote_oid: o.plan.update.remoteOid,
      skipped: o.plan.skipped ?? null,
      range: rangeJson(o.plan),
      objects: o.verdicts.map((v) => v.oid)
    }))
  }),
  jsonNotes: (r) => warningLines(r.warnings),
  github: (r, opts) => verdictsReporter.github(r, opts),
  gitlab: (r) => verdictsGitlab(r.verdicts),
  gitlabLog: (r, opts) => verdictsText(r.verdicts, r.warnings, opts)
};

// src/hooks/push.ts
function parsePushLines(text) {
  const updates = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "") continue;
    const fields = line.split(" ");
    const [localRef, localOid, remoteRef, remoteOid] = fields;
    if (fields.length !== 4 || !localRef || !remoteRef || !localOid || !remoteOid || !isObjectId(localOid) || !isObjectId(remoteOid)) {
      const shown = jsonStringify(line.length > 200 ? `${line.slice(0, 200)}\u2026` : line);
      throw new SmtpfpError(
        "BAD_PUSH_LINE",
        `pre-push input line ${i + 1}: expected '<local ref> <local oid> <remote ref> <remote oid>' with 40 or 64 hex digit ids, got ${shown}`
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
    throw new SmtpfpError(
      "BAD_REF",
      `PRE_COMMIT_${from && to ? "TO_REF" : "LOCAL_BRANCH"} '${tipName}' names nothing in this repository`
    );
  }
  const zero = "0".repeat(localOid.length);
  let remoteOid = zero;
  if (from && to) {
    remoteOid = await resolveObject(repo, from) ?? (isObjectId(from) ? from : zero);
  }
  return [{ localRef: localBranch || tipName, localOid, remoteRef, remoteOid }];
}
var validRemoteName = (remote) => remote !== void 0 && /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(remote) && !remote.includes("..");
function trackingRefFor(remote, remoteRef) {
  if (!validRemoteName(remote)) return void 0;
  const m = /^refs\/heads\/(.+)$/.exec(remoteRef);
  return m ? `refs/remotes/${remote}/${m[1]}` : void 0;
}
async function planPush(repo, remote, u) {
  const plan = { update: u, policyCommit: null, tip: null, warnings: [] };
  if (isZeroOid(u.localOid)) {
    plan.skipped = "a deletion: nothing is pushed";
    return plan;
  }
  const type = await objectType(repo, u.localOid);
  if (!type) {
    throw new SmtpfpError(
      "MISSING_OBJECT",
      `the pushed object ${u.localOid} (${u.localRef}) is not in this repository`
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
  plan.policyCommit = await newBranchPolicyCommit(repo, plan.tip, trusted);
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
  updates = parsePushLines(await readInput(ctx.io.stdin));
  if (updates.length === 0) updates = await pushFromPreCommitEnv(repo, ctx.io.env) ?? [];
  for (const u of updates) plans.push(await planPush(repo, remote, u));
  const result = await verifyPush(repo, plans, {
    sources: { fingerprints, keyrings },
    hints: CLI_TRUST_HINTS,
    allTags: args.flags.has("tags")
  });
  print(ctx.io, prePushReporter, result, ctx.format, { color: ctx.color, quiet: ctx.quiet });
  return result.ok ? 0 : 1;
}
export {
  run
};
