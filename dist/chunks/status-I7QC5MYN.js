import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  readGroupStates,
  readRunRecord
} from "./chunk-ZC6MKFV5.js";
import {
  ConsumerError
} from "./chunk-YSLGEC7P.js";
import "./chunk-OTTJLMFO.js";
import {
  short
} from "./chunk-L3JPEFSX.js";
import {
  makeStyle
} from "./chunk-3TZPSSYH.js";
import {
  formatInstant
} from "./chunk-DUYTJGPC.js";
import {
  environmentError,
  jsonStringify,
  printable,
  usageError
} from "./chunk-FWEKEFTV.js";

// src/cli/commands/status.ts
import { stat } from "node:fs/promises";
import { resolve } from "node:path";

// src/ops/status.ts
var DEFAULT_SOURCE_TTL = 7 * 864e5;
function earliest(pins) {
  let best = null;
  for (const p of pins) {
    if (p.notAfter === null) continue;
    if (best === null || p.notAfter < best.notAfter || p.notAfter === best.notAfter && `${p.service}\0${p.domain}` < `${best.service}\0${best.domain}`)
      best = { service: p.service, domain: p.domain, notAfter: p.notAfter };
  }
  return best;
}
function effectiveStatus(state, ttlEndsAt, now) {
  const last = state.lastAttempt?.status;
  if (last === void 0) return state.accepted ? "unchanged" : "never";
  if (last === "failed" || last === "expired") return last;
  if (ttlEndsAt !== null && ttlEndsAt <= now) return "expired";
  return last;
}
var byName = (a, b) => a.group < b.group ? -1 : a.group > b.group ? 1 : 0;
function groupReport(state, configured, ttl, now) {
  const ttlEndsAt = state.lastSuccess === null ? null : state.lastSuccess + ttl;
  const status = effectiveStatus(state, ttlEndsAt, now);
  const pins = [...state.pins].sort(
    (a, b) => a.service !== b.service ? a.service < b.service ? -1 : 1 : a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0
  );
  const expiredCertificates = pins.filter((p) => p.notAfter !== null && p.notAfter <= now).map((p) => ({ service: p.service, domain: p.domain, notAfter: p.notAfter }));
  const problems = [];
  if (configured) {
    if (status === "failed") problems.push("no configuration was ever accepted from this group");
    else if (status === "never") problems.push("no update has recorded this group yet");
    else if (status === "expired")
      problems.push("its last success is older than the source TTL: it contributes no pins");
    if (expiredCertificates.length > 0)
      problems.push(
        `${expiredCertificates.length} pinned certificate${expiredCertificates.length === 1 ? " has" : "s have"} expired`
      );
  }
  return {
    group: state.group,
    status,
    configured,
    accepted: state.accepted,
    lastSuccess: state.lastSuccess,
    lastAttempt: state.lastAttempt,
    ttlEndsAt,
    ttlLeft: ttlEndsAt === null ? null : ttlEndsAt - now,
    pins,
    earliestExpiry: earliest(pins),
    expiredCertificates,
    problems
  };
}
function buildStatus(states, run2, now, opts = {}) {
  const ttl = run2?.sourceTtl ?? opts.sourceTtl ?? DEFAULT_SOURCE_TTL;
  const configured = opts.configured ? new Set(opts.configured) : void 0;
  const groups = states.map((s) => groupReport(s, configured ? configured.has(s.group) : true, ttl, now));
  if (configured) {
    const known = new Set(states.map((s) => s.group));
    for (const name of configured) {
      if (known.has(name)) continue;
      const empty = {
        group: name,
        accepted: null,
        lastSuccess: null,
        lastAttempt: null,
        pins: []
      };
      groups.push(groupReport(empty, true, ttl, now));
    }
  }
  groups.sort(byName);
  const problems = [];
  if (run2 === null && states.length === 0) problems.push("no update run is recorded in this state");
  const failing = problems.length > 0 || groups.some((g) => g.problems.length > 0);
  return { now, run: run2, sourceTtl: ttl, groups, problems, exit: failing ? 1 : 0 };
}

// src/ops/span.ts
function formatSpan(ms) {
  if (ms < 0) return `-${formatSpan(-ms)}`;
  const s = Math.floor(ms / 1e3);
  const d = Math.floor(s / 86400);
  const h = Math.floor(s % 86400 / 3600);
  const m = Math.floor(s % 3600 / 60);
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return `${m}m`;
  return `${s}s`;
}

// src/ops/status-report.ts
var DAY = 864e5;
var at = (ms) => ms === null || ms === void 0 ? null : formatInstant(ms);
var seconds = (ms) => Math.round(ms / 1e3);
var pinJson = (p) => ({
  service: p.service,
  domain: p.domain,
  not_after: formatInstant(p.notAfter)
});
function statusJson(r) {
  return {
    now: formatInstant(r.now),
    ok: r.exit === 0,
    source_ttl_seconds: seconds(r.sourceTtl),
    run: r.run && {
      started: formatInstant(r.run.startedAt),
      finished: formatInstant(r.run.finishedAt),
      duration_seconds: (r.run.finishedAt - r.run.startedAt) / 1e3
    },
    groups: r.groups.map((g) => ({
      group: g.group,
      status: g.status,
      configured: g.configured,
      ok: g.problems.length === 0,
      commit: g.accepted?.commit ?? null,
      commit_time: at(g.accepted?.commitTime),
      accepted_at: at(g.accepted?.acceptedAt),
      via: g.accepted?.via ?? null,
      last_success: at(g.lastSuccess),
      last_attempt: g.lastAttempt && {
        at: formatInstant(g.lastAttempt.at),
        status: g.lastAttempt.status,
        error: g.lastAttempt.error
      },
      ttl_ends: at(g.ttlEndsAt),
      ttl_left_seconds: g.ttlLeft === null ? null : seconds(g.ttlLeft),
      domains: g.pins.length,
      earliest_expiry: g.earliestExpiry && pinJson(g.earliestExpiry),
      expired_certificates: g.expiredCertificates.map(pinJson),
      pins: g.pins.map((p) => ({
        service: p.service,
        domain: p.domain,
        not_after: at(p.notAfter)
      })),
      problems: g.problems
    })),
    conflicts: (r.run?.conflicts ?? []).map((c) => ({ domain: c.domain, groups: [...c.groups] })),
    problems: r.problems
  };
}
function groupLines(g, r, color) {
  const st = makeStyle(color);
  const bad = g.problems.length > 0;
  const warn = g.status === "stale" || !g.configured;
  const mark = bad ? st.red("\u2716") : warn ? st.yellow("!") : st.green("\u2714");
  const name = st.bold(printable(g.group));
  const lines = [];
  const accepted = g.accepted ? `commit ${printable(short(g.accepted.commit))} of ${formatInstant(g.accepted.commitTime)}, accepted ${formatInstant(g.accepted.acceptedAt)}${g.accepted.via === "history" ? " through its own history" : ""}` : "nothing accepted";
  lines.push(
    `${mark} ${name}: ${g.status}${g.configured ? "" : " (no longer in the meta configuration)"}; ${accepted}`
  );
  if (g.lastAttempt) {
    const err = g.lastAttempt.error ? `: ${printable(g.lastAttempt.error)}` : "";
    lines.push(`    last attempt ${formatInstant(g.lastAttempt.at)}: ${g.lastAttempt.status}${err}`);
  }
  if (g.ttlEndsAt !== null && g.ttlLeft !== null) {
    lines.push(
      g.ttlLeft > 0 ? `    last success ${at(g.lastSuccess)}; the TTL runs out in ${formatSpan(g.ttlLeft)} (${formatInstant(g.ttlEndsAt)})` : `    last success ${at(g.lastSuccess)}; the TTL ran out ${formatSpan(-g.ttlLeft)} ago (${formatInstant(g.ttlEndsAt)})`
    );
  }
  const n = g.pins.length;
  let pins = `    ${n} pinned domain${n === 1 ? "" : "s"}`;
  if (g.earliestExpiry) {
    const e = g.earliestExpiry;
    const left = e.notAfter - r.now;
    const when = left > 0 ? `in ${formatSpan(left)}` : `${formatSpan(-left)} ago`;
    const text = `earliest certificate expiry ${printable(e.domain)} (${printable(e.service)}) ${formatInstant(e.notAfter)}, ${when}`;
    pins += `; ${left <= 0 ? st.red(text) : left < 14 * DAY ? st.yellow(text) : text}`;
  }
  lines.push(pins);
  for (const p of g.problems) lines.push(`    ${st.red("problem")}: ${p}`);
  return lines;
}
function statusText(r, opts) {
  const st = makeStyle(opts.color);
  const lines = [];
  if (!opts.quiet) {
    lines.push(
      r.run ? `last update run ${formatInstant(r.run.finishedAt)} (took ${formatSpan(r.run.finishedAt - r.run.startedAt)}), ${formatSpan(r.now - r.run.finishedAt)} before ${formatInstant(r.now)}; source TTL ${formatSpan(r.sourceTtl)}` : `no update run recorded; source TTL ${formatSpan(r.sourceTtl)}`
    );
  }
  for (const g of r.groups) {
    if (opts.quiet && g.problems.length === 0) continue;
    lines.push(...groupLines(g, r, opts.color));
  }
  for (const c of r.run?.conflicts ?? []) {
    lines.push(
      `${st.yellow("!")} conflict: ${printable(c.domain)} is claimed by ${c.groups.map(printable).join(", ")}; pinned by none`
    );
  }
  for (const p of r.problems) lines.push(`${st.red("\u2716")} ${p}`);
  const failing = r.groups.filter((g) => g.problems.length > 0).length;
  const total = r.groups.length;
  if (!opts.quiet || r.exit !== 0) {
    lines.push(
      r.exit === 0 ? `${st.green("\u2714")} ${total} group${total === 1 ? "" : "s"}, none failing` : `${st.red("\u2716")} ${failing} of ${total} group${total === 1 ? "" : "s"} failing`
    );
  }
  return lines.length ? `${lines.join("\n")}
` : "";
}

// src/cli/commands/status.ts
async function run(ctx) {
  if (ctx.args.positionals.length > 0)
    throw usageError(`status takes no argument, got '${printable(ctx.args.positionals[0])}'`);
  if (ctx.format !== "text" && ctx.format !== "json")
    throw usageError(`status prints text or json, got --format ${ctx.format}`);
  const dirArg = ctx.args.values.get("state-dir");
  if (!dirArg) throw usageError("status needs --state-dir DIR: the folder update keeps its state in");
  const stateDir = resolve(ctx.io.cwd, dirArg);
  const st = await stat(stateDir).catch(() => void 0);
  if (!st?.isDirectory())
    throw environmentError(
      `--state-dir: expected the folder of 'update --state-dir', got '${printable(stateDir)}' (no such folder)`
    );
  const metaArg = ctx.args.values.get("config");
  const configured = metaArg === void 0 ? void 0 : (await (await import("./consumer-config-MRZMPHAS.js")).loadMetaFile(resolve(ctx.io.cwd, metaArg), ctx.io.cwd)).groups.map((g) => g.name);
  let states;
  let runRecord;
  try {
    [states, runRecord] = await Promise.all([readGroupStates(stateDir), readRunRecord(stateDir)]);
  } catch (e) {
    if (e instanceof ConsumerError) throw environmentError(printable(e.message));
    throw e;
  }
  const report = buildStatus(states, runRecord ?? null, ctx.now, configured ? { configured } : {});
  if (ctx.format === "json") ctx.io.out(`${jsonStringify(statusJson(report), 2)}
`);
  else ctx.io.out(statusText(report, { color: ctx.color, quiet: ctx.quiet }));
  return report.exit;
}
export {
  run
};
