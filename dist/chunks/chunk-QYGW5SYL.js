import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  mirrorDir,
  prepareStateDir,
  readGroupRecord,
  readGroupStates,
  writeGroupRecord,
  writeRunRecord
} from "./chunk-ZC6MKFV5.js";
import {
  parseDuration
} from "./chunk-YBXNEB7G.js";
import {
  ALLOWED_SCHEMES,
  isSafeName,
  loadLayoutFile,
  loadMetaFile,
  vetUrl
} from "./chunk-SRVF7XG2.js";
import {
  ConsumerError
} from "./chunk-YSLGEC7P.js";
import {
  VERSION
} from "./chunk-PWFS7Q77.js";
import {
  KEYS_FOLDER,
  SignerHistory,
  authorizeChain,
  keyFilesInTree,
  listCommitGraph,
  readObjects,
  splitCommit,
  verifySignedObject
} from "./chunk-26VUJ6UP.js";
import {
  Keyring,
  SigningError
} from "./chunk-DOLYYDC4.js";
import {
  readRegularFile
} from "./chunk-EJ7IZX3C.js";
import {
  writeFileAtomic
} from "./chunk-OTTJLMFO.js";
import {
  CommitTree
} from "./chunk-XS4NACP3.js";
import {
  checkTree,
  onionProblem
} from "./chunk-Y2T34S2R.js";
import {
  short
} from "./chunk-L3JPEFSX.js";
import {
  findingLocation
} from "./chunk-SMY7YJGK.js";
import {
  makeStyle
} from "./chunk-3TZPSSYH.js";
import {
  GitError,
  git
} from "./chunk-CRUGFJYM.js";
import {
  environmentError,
  jsonStringify,
  printable,
  usageError
} from "./chunk-FWEKEFTV.js";

// src/cli/commands/update.ts
import { resolve as resolve2 } from "node:path";

// src/consumer/report.ts
var safeLines = (text) => text.split("\n").map(printable).join("\n");
function updateText(r, opts) {
  const st = makeStyle(opts.color);
  const lines = [];
  const width = Math.max(5, ...r.groups.map((g) => g.group.length));
  for (const g of r.groups) {
    const ok = g.status === "updated" || g.status === "unchanged";
    const status = ok ? st.green(g.status.padEnd(9)) : st.red(g.status.padEnd(9));
    if (!ok || !opts.quiet) {
      const tail = ok ? st.dim(` ${g.domains} domain${g.domains === 1 ? "" : "s"}`) : "";
      lines.push(`${printable(g.group).padEnd(width)}  ${status} ${g.commit ? short(g.commit) : "-"}${tail}`);
    }
    if (g.error) lines.push(`  ${st.red("error")}: ${printable(g.error)}`);
    if (!opts.quiet) for (const n of g.notes) lines.push(`  ${st.dim("note")}: ${printable(n)}`);
    for (const w of g.warnings) lines.push(`  ${st.yellow("warning")}: ${printable(w)}`);
    for (const p of g.problems) lines.push(`  ${st.yellow("left out")}: ${printable(p)}`);
  }
  for (const c of r.conflicts) {
    lines.push(
      `${st.red("conflict")}: ${printable(c.domain)} is claimed by ${c.groups.map(printable).join(", ")}: pinned by neither`
    );
  }
  for (const o of r.outputs) {
    if (o.diff !== void 0) {
      if (o.diff) lines.push(safeLines(o.diff.trimEnd()));
      else if (!opts.quiet) lines.push(st.dim(`${printable(o.path)}: no change`));
      continue;
    }
    if (!opts.quiet || o.changed)
      lines.push(`${o.format}:${printable(o.path)}: ${o.changed ? st.bold("written") : "unchanged"}`);
  }
  if (r.outputError) lines.push(`${st.red("error")}: ${printable(r.outputError)}`);
  if (r.onChange) {
    const cmd = r.onChange.argv.map(printable).join(" ");
    if (r.onChange.output.trim()) lines.push(safeLines(r.onChange.output.trimEnd()));
    lines.push(
      r.onChange.error ? `${st.red("error")}: --on-change '${cmd}' ${printable(r.onChange.error)}` : `ran --on-change '${cmd}'`
    );
  }
  if (r.exitCode === 1) lines.push(st.red("\u2716 no group could be updated"));
  return lines.length ? `${lines.join("\n")}
` : "";
}
function updateJson(r) {
  return `${jsonStringify(
    {
      groups: r.groups.map((g) => ({
        group: g.group,
        status: g.status,
        commit: g.commit,
        error: g.error,
        via: g.via
      })),
      outputs: r.outputs.map((o) => ({
        format: o.format,
        path: o.path,
        changed: o.changed,
        ...o.diff !== void 0 ? { diff: o.diff } : {}
      })),
      conflicts: r.conflicts
    },
    2
  )}
`;
}

// src/consumer/update.ts
import { mkdtemp, rm as rm2 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join2 } from "node:path";

// src/git/mirror.ts
import { mkdir, stat } from "node:fs/promises";
var FETCHED_REF = "refs/smtpfp/fetched";
var ACCEPTED_REF = "refs/smtpfp/accepted";
function urlProblem(url) {
  const vetted = vetUrl(url);
  return vetted.ok ? void 0 : vetted.reason;
}
var PROTOCOL_CONFIG = [
  "-c",
  "protocol.allow=never",
  ...ALLOWED_SCHEMES.flatMap((s) => ["-c", `protocol.${s}.allow=always`])
];
var SAFE_CONFIG = [
  ...PROTOCOL_CONFIG,
  "-c",
  "core.hooksPath=/dev/null",
  "-c",
  "core.askPass=",
  "-c",
  "fetch.recurseSubmodules=false",
  "-c",
  "fetch.fsckObjects=true",
  "-c",
  "transfer.fsckObjects=true",
  "-c",
  "core.sshCommand=ssh -o BatchMode=yes",
  // git follows the first HTTP redirect by default, to any host: the fetch would reach a URL the
  // meta configuration does not name (SPEC §5). A peer that moved lists its new URL there.
  "-c",
  "http.followRedirects=false"
];
function fetchEnv(base) {
  const env = { ...base };
  for (const k of Object.keys(env)) {
    if (/^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|NAMESPACE|SSH|SSH_COMMAND|PROXY_COMMAND|CONFIG_PARAMETERS|CONFIG_COUNT|CONFIG_KEY_\d+|CONFIG_VALUE_\d+)$/.test(
      k
    ))
      delete env[k];
  }
  env.GIT_TERMINAL_PROMPT = "0";
  env.GIT_ASKPASS = "false";
  env.SSH_ASKPASS = "false";
  env.SSH_ASKPASS_REQUIRE = "never";
  env.GIT_NO_REPLACE_OBJECTS = "1";
  env.GIT_PROTOCOL_FROM_USER = "0";
  return env;
}
var Mirror = class _Mirror {
  constructor(dir, env) {
    this.dir = dir;
    this.env = env;
  }
  dir;
  env;
  /** Opens the mirror at `dir`, creating an empty bare repository there when it is absent. */
  static async open(dir, env = process.env) {
    const safeEnv = fetchEnv(env);
    const exists = await stat(`${dir}/HEAD`).then(
      () => true,
      () => false
    );
    if (!exists) {
      await mkdir(dir, { recursive: true });
      await git(["init", "--quiet", "--bare", dir], { cwd: dir, env: safeEnv });
    }
    return new _Mirror(dir, safeEnv);
  }
  run(args, okCodes, timeoutMs) {
    return git([...SAFE_CONFIG, ...args], {
      cwd: this.dir,
      env: this.env,
      ...okCodes ? { okCodes } : {},
      ...timeoutMs !== void 0 ? { timeoutMs } : {}
    });
  }
  /**
   * Fetches `ref` (a branch name; undefined: the remote's HEAD) from `url` into FETCHED_REF and
   * returns the commit it names. Throws GitError when the URL is refused, the fetch fails or
   * times out, or the ref does not name a commit.
   */
  async fetch(url, ref, timeoutMs) {
    const problem = urlProblem(url);
    if (problem) throw new GitError(`refused ${problem}`, "GIT_FAILED");
    if (ref !== void 0 && (ref.startsWith("-") || ref.includes(":") || /\s/.test(ref)))
      throw new GitError(`refused the ref '${ref}': expected a branch name`, "GIT_FAILED");
    const source = ref === void 0 ? "HEAD" : ref.startsWith("refs/") ? ref : `refs/heads/${ref}`;
    await this.run(
      [
        "fetch",
        "--quiet",
        "--no-tags",
        "--no-write-fetch-head",
        "--no-recurse-submodules",
        "--no-auto-gc",
        "--end-of-options",
        url,
        `+${source}:${FETCHED_REF}`
      ],
      void 0,
      timeoutMs
    );
    const tip = await this.resolve(FETCHED_REF);
    if (!tip) throw new GitError(`'${ref ?? "HEAD"}' does not name a commit`, "GIT_FAILED");
    return { tip };
  }
  /** The commit a ref or object id names in this mirror, or undefined. */
  async resolve(rev) {
    const r = await this.run(
      ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`],
      [1, 128]
    );
    const oid = r.stdout.toString("latin1").trim();
    return r.code === 0 && oid ? oid : void 0;
  }
  /** Whether `ancestor` is `descendant` or one of its ancestors. */
  async isAncestor(ancestor, descendant) {
    const r = await this.run(["merge-base", "--is-ancestor", ancestor, descendant], [1]);
    return r.code === 0;
  }
  /** Points ACCEPTED_REF at a commit. */
  async markAccepted(commit) {
    await this.run(["update-ref", ACCEPTED_REF, commit]);
  }
  /**
   * The raw commit object `commit` (a full object id), read as the publisher side reads commits:
   * sized first, never read into memory when over MAX_SIGNED_OBJECT_BYTES (a GitError then).
   */
  async rawCommit(commit) {
    for await (const object of readObjects(this.dir, [commit], "commit", this.env)) {
      if (object.tooLarge) {
        throw new GitError(
          `the commit ${commit} is ${object.tooLarge.size} bytes, over the cap of ${object.tooLarge.cap} bytes for a commit: not read`,
          "GIT_FAILED"
        );
      }
      return Buffer.from(object.raw);
    }
    throw new GitError(`object ${commit} is missing from the repository`, "GIT_FAILED");
  }
};
function committerTime(raw) {
  const text = Buffer.from(raw).toString("latin1");
  const headers = text.slice(0, text.indexOf("\n\n") >>> 0);
  const line = headers.split("\n").find((l) => l.startsWith("committer "));
  const m = line ? / (\d+) [+-]\d{4}$/.exec(line) : null;
  return m ? Number(m[1]) * 1e3 : 0;
}

// src/consumer/contribution.ts
var TIMED_RULES = /* @__PURE__ */ new Set(["cert-expired", "cert-expires-soon", "cert-not-yet-valid", "no-active-config"]);
var describe = (f) => `${findingLocation(f)}: ${f.rule}: ${f.message}`;
function contributionOf(commit, commitTime, outcome) {
  const errors = outcome.findings.filter((f) => f.severity === "error" && !TIMED_RULES.has(f.rule));
  const problems = [];
  const services = [];
  const byFile = /* @__PURE__ */ new Map();
  for (const f of errors) byFile.set(f.file, [...byFile.get(f.file) ?? [], f]);
  const parsedFiles = new Set(outcome.services.map((s) => s.path));
  for (const [file, list2] of byFile) {
    if (!parsedFiles.has(file)) for (const f of list2) problems.push(`${describe(f)} (file left out)`);
  }
  for (const svc of outcome.services) {
    const fileErrors = byFile.get(svc.path) ?? [];
    const starts = [
      ...svc.configurations.map((c) => c.line),
      ...svc.configurations.flatMap((c) => c.domains.map((d) => d.line))
    ].sort((a, b) => a - b);
    const endOf = (line) => starts.find((s) => s > line) ?? Number.POSITIVE_INFINITY;
    const claimed = /* @__PURE__ */ new Set();
    const invalidLines = /* @__PURE__ */ new Set();
    for (const c of svc.configurations) {
      for (const d of c.domains) {
        const end = endOf(d.line);
        for (const f of fileErrors) {
          if (f.line !== null && f.line >= d.line && f.line < end) {
            claimed.add(f);
            invalidLines.add(d.line);
          }
        }
      }
    }
    const unclaimed = fileErrors.filter((f) => !claimed.has(f));
    if (unclaimed.length > 0) {
      for (const f of fileErrors) problems.push(`${describe(f)} (file left out)`);
      continue;
    }
    for (const f of fileErrors) problems.push(`${describe(f)} (entry left out)`);
    const configurations = [];
    for (const c of svc.configurations) {
      const entries = [];
      for (const d of c.domains) {
        if (invalidLines.has(d.line)) continue;
        const leaf = d.cert === void 0 ? void 0 : outcome.leaves.get(d.cert);
        if (d.cert !== void 0 && !leaf) {
          problems.push(`${svc.path}:${d.line}: ${d.domain}: no certificate could be read (entry left out)`);
          continue;
        }
        if (!leaf && d.hiddenService === void 0) continue;
        entries.push({
          domain: d.domain,
          certificate: leaf && d.cert !== void 0 ? {
            path: d.cert,
            fingerprint: leaf.fingerprint,
            spki: leaf.spki,
            subject: leaf.subject,
            notAfter: leaf.notAfter
          } : null,
          hiddenService: d.hiddenService ?? null
        });
      }
      configurations.push({ validAfter: c.validAfter, entries });
    }
    services.push({ service: svc.service, file: svc.path, configurations });
  }
  return { commit, commitTime, services, problems };
}

// src/consumer/follow.ts
var MAX_CHAIN = 1e4;
var MAX_CHAIN_LISTING_BYTES = 64 * 1024 * 1024;
var TipRefused = class extends Error {
};
var list = (fprs) => fprs.join(", ");
async function metaKeys(source, mirror, tip, last, operator, warnings) {
  const rings = [operator];
  const read = async (tree, commit) => {
    let files = [];
    try {
      files = await keyFilesInTree(tree, KEYS_FOLDER, commit);
    } catch (e) {
      warnings.push(`the peer's ${KEYS_FOLDER}/ at ${short(commit)} cannot be read: ${e.message}`);
    }
    for (const f of files) {
      try {
        rings.push((await Keyring.fromFiles([f])).select(source.fingerprints));
      } catch (e) {
        warnings.push(`${f.name}: ${e.message}`);
      }
    }
  };
  await read(tip.tree, tip.commit);
  if (last !== null && last !== tip.commit) {
    const tree = await CommitTree.open(mirror.dir, last, `commit ${short(last)}`);
    try {
      await read(tree, last);
    } finally {
      tree.close();
    }
  }
  return Keyring.merge(...rings);
}
async function acceptTip(source, mirror, tipObjects, last, operator) {
  const warnings = [];
  const tip = tipObjects.commit;
  const history = new SignerHistory(mirror.dir, source.fingerprints);
  const keyring = await metaKeys(source, mirror, tipObjects, last, operator, warnings);
  const check = await verifySignedObject(splitCommit(tipObjects.raw), {
    keyring,
    allowed: new Set(source.fingerprints)
  });
  if (check.status === "good") {
    warnings.push(...await retiredWarnings(source, history, tip));
    return { via: "meta", notes: [], warnings };
  }
  const refusal = `the tip ${short(tip)} is ${check.status}: ${check.message}`;
  const atTip = await history.signersAt(tip);
  const moved = atTip.fromPolicy && atTip.signers.some((s) => !source.fingerprints.includes(s));
  const movedTo = moved ? `; the peer's .smtpfp.yml at ${short(tip)} names the signers ${list(atTip.signers)}: if the peer rotated its keys, put them in the group's fingerprints` : "";
  if (!last) {
    throw new TipRefused(
      `${refusal}${moved ? " (a first run trusts only the meta fingerprints)" : ""}${movedTo}`
    );
  }
  const commits = await listCommitGraph(
    mirror.dir,
    { kind: "between", base: last, tip },
    { limit: MAX_CHAIN + 1, maxOutputBytes: MAX_CHAIN_LISTING_BYTES }
  ).catch((e) => {
    throw new TipRefused(
      `${refusal}; its history from the last accepted commit ${short(last)} cannot be listed: ${e.message}${movedTo}`
    );
  });
  if (commits.length > MAX_CHAIN) {
    throw new TipRefused(
      `${refusal}; its history from the last accepted commit ${short(last)} is more than ${MAX_CHAIN} commits, the most followed through history${movedTo}`
    );
  }
  const chain = await authorizeChain({
    history,
    commits,
    anchors: [last],
    keyring: operator,
    repositoryKeys: true,
    roots: "configured"
  });
  warnings.push(...history.warnings);
  if (!chain.authorized) {
    const broken = chain.verdicts.filter((v) => v.status !== "good").pop();
    throw new TipRefused(
      `${refusal}; nor does its history from the last accepted commit ${short(last)} authorize it: commit ${short(broken.oid)} is ${broken.status}: ${broken.message}${movedTo}`
    );
  }
  const notes = chain.changes.map(
    (c) => `accepted through the peer's history: the signers changed at ${short(c.commit)}${c.signer ? ` (signed by ${c.signer})` : ""} from ${list(c.from)} to ${list(c.to)}`
  );
  if (notes.length === 0)
    notes.push(
      `accepted through the peer's history from ${short(last)}: every commit signed by a signer in force`
    );
  warnings.push(...await retiredWarnings(source, history, tip));
  return { via: "history", notes, warnings };
}
async function revokedSince(mirror, tip, operator) {
  const check = await verifySignedObject(splitCommit(await mirror.rawCommit(tip)), {
    keyring: operator,
    allowed: /* @__PURE__ */ new Set()
  });
  return check.status === "revoked-key" ? check.message : null;
}
async function retiredWarnings(source, history, tip) {
  const set = await history.signersAt(tip);
  if (!set.fromPolicy) return [];
  return source.fingerprints.filter((f) => !set.signers.includes(f)).map(
    (f) => `the meta fingerprint ${f} is no longer among the peer's signers at ${short(tip)} (${list(set.signers)}): a retired key keeps its power here until it is removed from the meta configuration or revoked`
  );
}

// src/consumer/group.ts
var GroupFailure = class extends Error {
  /** The last accepted configuration may not be kept either (its signer was revoked). */
  constructor(message, dropKept = false) {
    super(message);
    this.dropKept = dropKept;
  }
  dropKept;
};
async function runGroup(source, opts, previous) {
  const warnings = [];
  const last = previous?.state.accepted ?? null;
  try {
    const mirror = await Mirror.open(mirrorDir(opts.stateDir, source.name), opts.env);
    let tip;
    const attempts = [];
    for (const url of source.urls) {
      const vetted = vetUrl(url, opts.baseDir);
      if (!vetted.ok) {
        attempts.push(`${url}: refused: ${vetted.reason}`);
        continue;
      }
      try {
        tip = (await mirror.fetch(vetted.url, source.ref ?? void 0, opts.fetchTimeout)).tip;
        break;
      } catch (e) {
        attempts.push(`${url}: ${e.message}`);
      }
    }
    if (tip === void 0) throw new GroupFailure(`no URL could be fetched (${attempts.join("; ")})`);
    for (const a of attempts) warnings.push(`skipped ${a}`);
    if (last && last.commit === tip) {
      const revoked = await revokedSince(mirror, tip, opts.keyring);
      if (revoked)
        throw new GroupFailure(
          `the accepted commit ${short(tip)} is signed by a key revoked since: ${revoked}; its configuration is no longer pinned`,
          true
        );
    }
    if (last && last.commit === tip && previous?.contribution?.commit === tip) {
      return {
        group: source.name,
        status: "unchanged",
        commit: tip,
        error: null,
        via: last.via,
        contribution: previous.contribution,
        cached: true,
        warnings,
        notes: [],
        previous,
        accepted: last
      };
    }
    if (last && last.commit !== tip && !await mirror.isAncestor(last.commit, tip).catch(() => false)) {
      throw new GroupFailure(
        `the tip ${short(tip)} does not descend from the last accepted commit ${short(last.commit)}: a rollback or rewritten history, refused`
      );
    }
    const raw = await mirror.rawCommit(tip);
    const tree = await CommitTree.open(mirror.dir, tip, `${source.name} at ${short(tip)}`);
    let acceptance;
    let contribution;
    try {
      acceptance = last && last.commit === tip ? { via: last.via, notes: [], warnings: [] } : await acceptTip(source, mirror, { commit: tip, raw, tree }, last?.commit ?? null, opts.keyring);
      warnings.push(...acceptance.warnings);
      const outcome = await checkTree(tree, { now: opts.now, expiryWarningDays: 30 });
      contribution = contributionOf(tip, committerTime(raw), outcome);
    } finally {
      tree.close();
    }
    const accepted = {
      commit: tip,
      commitTime: contribution.commitTime,
      acceptedAt: opts.now,
      via: acceptance.via
    };
    return {
      group: source.name,
      status: last?.commit === tip ? "unchanged" : "updated",
      commit: tip,
      error: null,
      via: acceptance.via,
      contribution,
      cached: false,
      warnings,
      notes: acceptance.notes,
      previous,
      accepted
    };
  } catch (e) {
    const kept = e instanceof GroupFailure && e.dropKept ? void 0 : previous;
    return { ...failed(source.name, kept, printable(e.message), opts, warnings), previous };
  }
}
function failed(group, previous, error, opts, warnings) {
  const last = previous?.state.accepted ?? null;
  const since = previous?.state.lastSuccess ?? null;
  const base = { group, error, warnings, notes: [], previous, accepted: null, cached: false };
  if (!last || !previous?.contribution) {
    return { ...base, status: "failed", commit: null, via: null, contribution: null };
  }
  const within = since !== null && opts.now - since <= opts.sourceTtl;
  return within ? {
    ...base,
    status: "stale",
    commit: last.commit,
    via: last.via,
    contribution: previous.contribution,
    cached: true
  } : { ...base, status: "expired", commit: last.commit, via: last.via, contribution: null };
}

// src/consumer/lock.ts
import { open, readFile, rm, stat as stat2 } from "node:fs/promises";
import { join } from "node:path";
var LOCK_FILE = "lock";
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}
async function takeOver(path, seen) {
  const token = `${path}.takeover.${seen.ino}.${seen.ctimeNs}`;
  const handle = await open(token, "wx", 384).catch(() => void 0);
  if (!handle) return;
  try {
    await handle.close();
    const now = await stat2(path, { bigint: true }).catch(() => void 0);
    if (now && now.ino === seen.ino && now.ctimeNs === seen.ctimeNs) await rm(path, { force: true });
  } finally {
    await rm(token, { force: true });
  }
}
async function acquireLock(stateDir, waitMs) {
  const path = join(stateDir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  for (; ; ) {
    try {
      const handle = await open(path, "wx", 420);
      await handle.writeFile(`${process.pid}
`);
      await handle.close();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await rm(path, { force: true });
      };
    } catch (e) {
      if (e.code !== "EEXIST") {
        throw new ConsumerError(`cannot create the lock ${path}: ${e.message}`, "LOCKED");
      }
    }
    const seen = await stat2(path, { bigint: true }).catch(() => void 0);
    const owner = Number((await readFile(path, "utf8").catch(() => "")).trim());
    if (seen && Number.isInteger(owner) && owner > 0 && !alive(owner)) {
      await takeOver(path, seen);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new ConsumerError(
        `another update is running on ${stateDir} (lock ${path}${owner ? `, held by process ${owner}` : ""}); try again when it has finished`,
        "LOCKED"
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// src/consumer/outputs.ts
import { spawn } from "node:child_process";
import { readFile as readFile2, stat as stat3 } from "node:fs/promises";

// node_modules/diff/libesm/diff/base.js
var Diff = class {
  diff(oldStr, newStr, options = {}) {
    let callback;
    if (typeof options === "function") {
      callback = options;
      options = {};
    } else if ("callback" in options) {
      callback = options.callback;
    }
    const oldString = this.castInput(oldStr, options);
    const newString = this.castInput(newStr, options);
    const oldTokens = this.removeEmpty(this.tokenize(oldString, options));
    const newTokens = this.removeEmpty(this.tokenize(newString, options));
    return this.diffWithOptionsObj(oldTokens, newTokens, options, callback);
  }
  diffWithOptionsObj(oldTokens, newTokens, options, callback) {
    var _a;
    const done = (value) => {
      value = this.postProcess(value, options);
      if (callback) {
        setTimeout(function() {
          callback(value);
        }, 0);
        return void 0;
      } else {
        return value;
      }
    };
    const newLen = newTokens.length, oldLen = oldTokens.length;
    let editLength = 1;
    let maxEditLength = newLen + oldLen;
    if (options.maxEditLength != null) {
      maxEditLength = Math.min(maxEditLength, options.maxEditLength);
    }
    const maxExecutionTime = (_a = options.timeout) !== null && _a !== void 0 ? _a : Infinity;
    const abortAfterTimestamp = Date.now() + maxExecutionTime;
    const bestPath = [{ oldPos: -1, lastComponent: void 0 }];
    let newPos = this.extractCommon(bestPath[0], newTokens, oldTokens, 0, options);
    if (bestPath[0].oldPos + 1 >= oldLen && newPos + 1 >= newLen) {
      return done(this.buildValues(bestPath[0].lastComponent, newTokens, oldTokens));
    }
    let minDiagonalToConsider = -Infinity, maxDiagonalToConsider = Infinity;
    const execEditLength = () => {
      for (let diagonalPath = Math.max(minDiagonalToConsider, -editLength); diagonalPath <= Math.min(maxDiagonalToConsider, editLength); diagonalPath += 2) {
        let basePath;
        const removePath = bestPath[diagonalPath - 1], addPath = bestPath[diagonalPath + 1];
        if (removePath) {
          bestPath[diagonalPath - 1] = void 0;
        }
        let canAdd = false;
        if (addPath) {
          const addPathNewPos = addPath.oldPos - diagonalPath;
          canAdd = addPath && 0 <= addPathNewPos && addPathNewPos < newLen;
        }
        const canRemove = removePath && removePath.oldPos + 1 < oldLen;
        if (!canAdd && !canRemove) {
          bestPath[diagonalPath] = void 0;
          continue;
        }
        if (!canRemove || canAdd && removePath.oldPos < addPath.oldPos) {
          basePath = this.addToPath(addPath, true, false, 0, options);
        } else {
          basePath = this.addToPath(removePath, false, true, 1, options);
        }
        newPos = this.extractCommon(basePath, newTokens, oldTokens, diagonalPath, options);
        if (basePath.oldPos + 1 >= oldLen && newPos + 1 >= newLen) {
          return done(this.buildValues(basePath.lastComponent, newTokens, oldTokens)) || true;
        } else {
          bestPath[diagonalPath] = basePath;
          if (basePath.oldPos + 1 >= oldLen) {
            maxDiagonalToConsider = Math.min(maxDiagonalToConsider, diagonalPath - 1);
          }
          if (newPos + 1 >= newLen) {
            minDiagonalToConsider = Math.max(minDiagonalToConsider, diagonalPath + 1);
          }
        }
      }
      editLength++;
    };
    if (callback) {
      (function exec() {
        setTimeout(function() {
          if (editLength > maxEditLength || Date.now() > abortAfterTimestamp) {
            return callback(void 0);
          }
          if (!execEditLength()) {
            exec();
          }
        }, 0);
      })();
    } else {
      while (editLength <= maxEditLength && Date.now() <= abortAfterTimestamp) {
        const ret = execEditLength();
        if (ret) {
          return ret;
        }
      }
    }
  }
  addToPath(path, added, removed, oldPosInc, options) {
    const last = path.lastComponent;
    if (last && !options.oneChangePerToken && last.added === added && last.removed === removed) {
      return {
        oldPos: path.oldPos + oldPosInc,
        lastComponent: { count: last.count + 1, added, removed, previousComponent: last.previousComponent }
      };
    } else {
      return {
        oldPos: path.oldPos + oldPosInc,
        lastComponent: { count: 1, added, removed, previousComponent: last }
      };
    }
  }
  extractCommon(basePath, newTokens, oldTokens, diagonalPath, options) {
    const newLen = newTokens.length, oldLen = oldTokens.length;
    let oldPos = basePath.oldPos, newPos = oldPos - diagonalPath, commonCount = 0;
    while (newPos + 1 < newLen && oldPos + 1 < oldLen && this.equals(oldTokens[oldPos + 1], newTokens[newPos + 1], options)) {
      newPos++;
      oldPos++;
      commonCount++;
      if (options.oneChangePerToken) {
        basePath.lastComponent = { count: 1, previousComponent: basePath.lastComponent, added: false, removed: false };
      }
    }
    if (commonCount && !options.oneChangePerToken) {
      basePath.lastComponent = { count: commonCount, previousComponent: basePath.lastComponent, added: false, removed: false };
    }
    basePath.oldPos = oldPos;
    return newPos;
  }
  equals(left, right, options) {
    if (options.comparator) {
      return options.comparator(left, right);
    } else {
      return left === right || !!options.ignoreCase && left.toLowerCase() === right.toLowerCase();
    }
  }
  removeEmpty(array) {
    const ret = [];
    for (let i = 0; i < array.length; i++) {
      if (array[i]) {
        ret.push(array[i]);
      }
    }
    return ret;
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  castInput(value, options) {
    return value;
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  tokenize(value, options) {
    return Array.from(value);
  }
  join(chars) {
    return chars.join("");
  }
  postProcess(changeObjects, options) {
    return changeObjects;
  }
  get useLongestToken() {
    return false;
  }
  buildValues(lastComponent, newTokens, oldTokens) {
    const components = [];
    let nextComponent;
    while (lastComponent) {
      components.push(lastComponent);
      nextComponent = lastComponent.previousComponent;
      delete lastComponent.previousComponent;
      lastComponent = nextComponent;
    }
    components.reverse();
    const componentLen = components.length;
    let componentPos = 0, newPos = 0, oldPos = 0;
    for (; componentPos < componentLen; componentPos++) {
      const component = components[componentPos];
      if (!component.removed) {
        if (!component.added && this.useLongestToken) {
          let value = newTokens.slice(newPos, newPos + component.count);
          value = value.map(function(value2, i) {
            const oldValue = oldTokens[oldPos + i];
            return oldValue.length > value2.length ? oldValue : value2;
          });
          component.value = this.join(value);
        } else {
          component.value = this.join(newTokens.slice(newPos, newPos + component.count));
        }
        newPos += component.count;
        if (!component.added) {
          oldPos += component.count;
        }
      } else {
        component.value = this.join(oldTokens.slice(oldPos, oldPos + component.count));
        oldPos += component.count;
      }
    }
    return components;
  }
};

// node_modules/diff/libesm/diff/line.js
var LineDiff = class extends Diff {
  constructor() {
    super(...arguments);
    this.tokenize = tokenize;
  }
  equals(left, right, options) {
    if (options.ignoreWhitespace) {
      if (!options.newlineIsToken || !left.includes("\n")) {
        left = left.trim();
      }
      if (!options.newlineIsToken || !right.includes("\n")) {
        right = right.trim();
      }
    } else if (options.ignoreNewlineAtEof && !options.newlineIsToken) {
      if (left.endsWith("\n")) {
        left = left.slice(0, -1);
      }
      if (right.endsWith("\n")) {
        right = right.slice(0, -1);
      }
    }
    return super.equals(left, right, options);
  }
};
var lineDiff = new LineDiff();
function diffLines(oldStr, newStr, options) {
  return lineDiff.diff(oldStr, newStr, options);
}
function tokenize(value, options) {
  if (options.stripTrailingCr) {
    value = value.replace(/\r\n/g, "\n");
  }
  const retLines = [], linesAndNewlines = value.split(/(\n|\r\n)/);
  if (!linesAndNewlines[linesAndNewlines.length - 1]) {
    linesAndNewlines.pop();
  }
  for (let i = 0; i < linesAndNewlines.length; i++) {
    const line = linesAndNewlines[i];
    if (i % 2 && !options.newlineIsToken) {
      retLines[retLines.length - 1] += line;
    } else {
      retLines.push(line);
    }
  }
  return retLines;
}

// node_modules/diff/libesm/patch/create.js
function needsQuoting(s) {
  for (let i = 0; i < s.length; i++) {
    if (s[i] < " " || s[i] > "~" || s[i] === '"' || s[i] === "\\") {
      return true;
    }
  }
  return false;
}
function quoteFileNameIfNeeded(s) {
  if (!needsQuoting(s)) {
    return s;
  }
  let result = '"';
  const bytes = new TextEncoder().encode(s);
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === 7) {
      result += "\\a";
    } else if (b === 8) {
      result += "\\b";
    } else if (b === 9) {
      result += "\\t";
    } else if (b === 10) {
      result += "\\n";
    } else if (b === 11) {
      result += "\\v";
    } else if (b === 12) {
      result += "\\f";
    } else if (b === 13) {
      result += "\\r";
    } else if (b === 34) {
      result += '\\"';
    } else if (b === 92) {
      result += "\\\\";
    } else if (b >= 32 && b <= 126) {
      result += String.fromCharCode(b);
    } else {
      result += "\\" + b.toString(8).padStart(3, "0");
    }
    i++;
  }
  result += '"';
  return result;
}
var INCLUDE_HEADERS = {
  includeIndex: true,
  includeUnderline: true,
  includeFileHeaders: true
};
function structuredPatch(oldFileName, newFileName, oldStr, newStr, oldHeader, newHeader, options) {
  let optionsObj;
  if (!options) {
    optionsObj = {};
  } else if (typeof options === "function") {
    optionsObj = { callback: options };
  } else {
    optionsObj = options;
  }
  if (typeof optionsObj.context === "undefined") {
    optionsObj.context = 4;
  }
  const context = optionsObj.context;
  if (optionsObj.newlineIsToken) {
    throw new Error("newlineIsToken may not be used with patch-generation functions, only with diffing functions");
  }
  if (!optionsObj.callback) {
    return diffLinesResultToPatch(diffLines(oldStr, newStr, optionsObj));
  } else {
    const { callback } = optionsObj;
    diffLines(oldStr, newStr, Object.assign(Object.assign({}, optionsObj), { callback: (diff) => {
      const patch = diffLinesResultToPatch(diff);
      callback(patch);
    } }));
  }
  function diffLinesResultToPatch(diff) {
    if (!diff) {
      return;
    }
    diff.push({ value: "", lines: [] });
    function contextLines(lines) {
      return lines.map(function(entry) {
        return " " + entry;
      });
    }
    const hunks = [];
    let oldRangeStart = 0, newRangeStart = 0, curRange = [], oldLine = 1, newLine = 1;
    for (let i = 0; i < diff.length; i++) {
      const current = diff[i], lines = current.lines || splitLines(current.value);
      current.lines = lines;
      if (current.added || current.removed) {
        if (!oldRangeStart) {
          const prev = diff[i - 1];
          oldRangeStart = oldLine;
          newRangeStart = newLine;
          if (prev) {
            curRange = context > 0 ? contextLines(prev.lines.slice(-context)) : [];
            oldRangeStart -= curRange.length;
            newRangeStart -= curRange.length;
          }
        }
        for (const line of lines) {
          curRange.push((current.added ? "+" : "-") + line);
        }
        if (current.added) {
          newLine += lines.length;
        } else {
          oldLine += lines.length;
        }
      } else {
        if (oldRangeStart) {
          if (lines.length <= context * 2 && i < diff.length - 2) {
            for (const line of contextLines(lines)) {
              curRange.push(line);
            }
          } else {
            const contextSize = Math.min(lines.length, context);
            for (const line of contextLines(lines.slice(0, contextSize))) {
              curRange.push(line);
            }
            const hunk = {
              oldStart: oldRangeStart,
              oldLines: oldLine - oldRangeStart + contextSize,
              newStart: newRangeStart,
              newLines: newLine - newRangeStart + contextSize,
              lines: curRange
            };
            hunks.push(hunk);
            oldRangeStart = 0;
            newRangeStart = 0;
            curRange = [];
          }
        }
        oldLine += lines.length;
        newLine += lines.length;
      }
    }
    for (const hunk of hunks) {
      for (let i = 0; i < hunk.lines.length; i++) {
        if (hunk.lines[i].endsWith("\n")) {
          hunk.lines[i] = hunk.lines[i].slice(0, -1);
        } else {
          hunk.lines.splice(i + 1, 0, "\\ No newline at end of file");
          i++;
        }
      }
    }
    return {
      oldFileName,
      newFileName,
      oldHeader,
      newHeader,
      hunks
    };
  }
}
function formatPatch(patch, headerOptions) {
  var _a, _b, _c, _d, _e, _f;
  if (!headerOptions) {
    headerOptions = INCLUDE_HEADERS;
  }
  if (Array.isArray(patch)) {
    if (patch.length > 1 && !headerOptions.includeFileHeaders && !patch.every((p) => p.isGit)) {
      throw new Error("Cannot omit file headers on a multi-file patch. (The result would be unparseable; how would a tool trying to apply the patch know which changes are to which file?)");
    }
    return patch.map((p) => formatPatch(p, headerOptions)).join("\n");
  }
  const ret = [];
  if (patch.isGit) {
    headerOptions = INCLUDE_HEADERS;
    if (!patch.oldFileName) {
      throw new Error("oldFileName must be specified for Git patches");
    }
    if (!patch.newFileName) {
      throw new Error("newFileName must be specified for Git patches");
    }
    let gitOldName = patch.oldFileName;
    let gitNewName = patch.newFileName;
    if (patch.isCreate && gitOldName === "/dev/null") {
      gitOldName = gitNewName.replace(/^b\//, "a/");
    } else if (patch.isDelete && gitNewName === "/dev/null") {
      gitNewName = gitOldName.replace(/^a\//, "b/");
    }
    ret.push("diff --git " + quoteFileNameIfNeeded(gitOldName) + " " + quoteFileNameIfNeeded(gitNewName));
    if (patch.isDelete) {
      ret.push("deleted file mode " + ((_a = patch.oldMode) !== null && _a !== void 0 ? _a : "100644"));
    }
    if (patch.isCreate) {
      ret.push("new file mode " + ((_b = patch.newMode) !== null && _b !== void 0 ? _b : "100644"));
    }
    if (patch.oldMode && patch.newMode && !patch.isDelete && !patch.isCreate) {
      ret.push("old mode " + patch.oldMode);
      ret.push("new mode " + patch.newMode);
    }
    if (patch.isRename) {
      ret.push("rename from " + quoteFileNameIfNeeded(((_c = patch.oldFileName) !== null && _c !== void 0 ? _c : "").replace(/^a\//, "")));
      ret.push("rename to " + quoteFileNameIfNeeded(((_d = patch.newFileName) !== null && _d !== void 0 ? _d : "").replace(/^b\//, "")));
    }
    if (patch.isCopy) {
      ret.push("copy from " + quoteFileNameIfNeeded(((_e = patch.oldFileName) !== null && _e !== void 0 ? _e : "").replace(/^a\//, "")));
      ret.push("copy to " + quoteFileNameIfNeeded(((_f = patch.newFileName) !== null && _f !== void 0 ? _f : "").replace(/^b\//, "")));
    }
  } else {
    if (headerOptions.includeIndex && patch.oldFileName == patch.newFileName && patch.oldFileName !== void 0) {
      ret.push("Index: " + patch.oldFileName);
    }
    if (headerOptions.includeUnderline) {
      ret.push("===================================================================");
    }
  }
  const hasHunks = patch.hunks.length > 0;
  if (headerOptions.includeFileHeaders && patch.oldFileName !== void 0 && patch.newFileName !== void 0 && (!patch.isGit || hasHunks)) {
    ret.push("--- " + quoteFileNameIfNeeded(patch.oldFileName) + (patch.oldHeader ? "	" + patch.oldHeader : ""));
    ret.push("+++ " + quoteFileNameIfNeeded(patch.newFileName) + (patch.newHeader ? "	" + patch.newHeader : ""));
  }
  for (let i = 0; i < patch.hunks.length; i++) {
    const hunk = patch.hunks[i];
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    ret.push("@@ -" + oldStart + "," + hunk.oldLines + " +" + newStart + "," + hunk.newLines + " @@");
    for (const line of hunk.lines) {
      ret.push(line);
    }
  }
  return ret.join("\n") + "\n";
}
function createTwoFilesPatch(oldFileName, newFileName, oldStr, newStr, oldHeader, newHeader, options) {
  if (typeof options === "function") {
    options = { callback: options };
  }
  if (!(options === null || options === void 0 ? void 0 : options.callback)) {
    const patchObj = structuredPatch(oldFileName, newFileName, oldStr, newStr, oldHeader, newHeader, options);
    if (!patchObj) {
      return;
    }
    return formatPatch(patchObj, options === null || options === void 0 ? void 0 : options.headerOptions);
  } else {
    const { callback } = options;
    structuredPatch(oldFileName, newFileName, oldStr, newStr, oldHeader, newHeader, Object.assign(Object.assign({}, options), { callback: (patchObj) => {
      if (!patchObj) {
        callback(void 0);
      } else {
        callback(formatPatch(patchObj, options.headerOptions));
      }
    } }));
  }
}
function splitLines(text) {
  const hasTrailingNl = text.endsWith("\n");
  const result = text.split("\n").map((line) => line + "\n");
  if (hasTrailingNl) {
    result.pop();
  } else {
    result.push(result.pop().slice(0, -1));
  }
  return result;
}

// src/consumer/outputs.ts
var MAX_OUTPUT_READ = 64 * 1024 * 1024;
async function currentContent(path) {
  const st = await stat3(path).catch((e) => {
    if (e.code === "ENOENT") return void 0;
    throw new ConsumerError(`cannot read the output ${path}: ${e.message}`, "OUTPUT");
  });
  if (!st) return null;
  if (!st.isFile()) throw new ConsumerError(`the output ${path} exists and is not a regular file`, "OUTPUT");
  if (st.size > MAX_OUTPUT_READ)
    throw new ConsumerError(`the output ${path} is over 64 MiB: not read`, "OUTPUT");
  return readFile2(path, "utf8");
}
async function renderOutputs(specs, pinSets, render, opts) {
  const out = [];
  for (const spec of specs) {
    const pins = pinSets.get(spec.service) ?? { service: spec.service, domains: [] };
    let content;
    try {
      content = render(spec.format, pins, opts);
    } catch (e) {
      throw new ConsumerError(
        `rendering ${spec.format}:${spec.path} failed: ${e.message}; no output written`,
        "OUTPUT"
      );
    }
    const previous = await currentContent(spec.path);
    out.push({ spec, content, previous, changed: previous !== content });
  }
  return out;
}
function unifiedDiff(o) {
  if (!o.changed) return "";
  return createTwoFilesPatch(
    o.previous === null ? "/dev/null" : o.spec.path,
    o.spec.path,
    o.previous ?? "",
    o.content
  );
}
async function writeOutputs(outputs) {
  const failures = [];
  for (const o of outputs) {
    if (!o.changed) continue;
    try {
      await writeFileAtomic(o.spec.path, o.content);
    } catch (e) {
      failures.push(`cannot write ${o.spec.path}: ${e.message}`);
    }
  }
  return failures;
}
function runCommand(argv, env, cwd) {
  return new Promise((resolve3) => {
    const [program, ...args] = argv;
    if (!program) {
      resolve3({ argv: [...argv], exitCode: null, error: "an empty command", output: "" });
      return;
    }
    const chunks = [];
    let size = 0;
    const keep = (b) => {
      if (size < 65536) chunks.push(b.subarray(0, 65536 - size));
      size += b.length;
    };
    const child = spawn(program, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const output = () => Buffer.concat(chunks).toString("utf8");
    child.on(
      "error",
      (e) => resolve3({ argv: [...argv], exitCode: null, error: e.message, output: output() })
    );
    child.on(
      "close",
      (code, signal) => resolve3({
        argv: [...argv],
        exitCode: code,
        error: code === 0 ? null : signal ? `was killed by ${signal}` : `exited with status ${code}`,
        output: output()
      })
    );
  });
}

// src/consumer/select.ts
var byteOrder = (a, b) => a < b ? -1 : a > b ? 1 : 0;
function groupPins(group, contribution, service, now, window, notes) {
  const out = /* @__PURE__ */ new Map();
  for (const svc of contribution.services.filter((s) => s.service === service)) {
    const started = svc.configurations.filter((c) => c.validAfter <= now);
    const active = started.reduce(
      (best, c) => !best || c.validAfter > best.validAfter ? c : best,
      void 0
    );
    const upcoming = svc.configurations.filter((c) => c.validAfter > now && c.validAfter <= now + window);
    const chosen = [...active ? [active] : [], ...upcoming.sort((a, b) => a.validAfter - b.validAfter)];
    for (const config of chosen) {
      for (const e of config.entries) {
        let pin = out.get(e.domain);
        if (!pin) {
          pin = {
            domain: e.domain,
            group,
            commit: contribution.commit,
            certificates: [],
            hiddenService: e.hiddenService
          };
          out.set(e.domain, pin);
        }
        pin.hiddenService ??= e.hiddenService;
        const c = e.certificate;
        if (!c) continue;
        if (c.notAfter <= now) {
          notes.push(
            `${svc.file}: ${e.domain}: ${c.path} expired at ${new Date(c.notAfter).toISOString()}: not pinned`
          );
          continue;
        }
        if (pin.certificates.some((p) => p.fingerprint === c.fingerprint)) continue;
        const pinned = {
          fingerprint: c.fingerprint,
          spki: c.spki,
          subject: c.subject,
          notAfter: c.notAfter,
          validAfter: config.validAfter,
          path: c.path
        };
        pin.certificates.push(pinned);
      }
    }
  }
  for (const [domain, pin] of out) {
    if (pin.certificates.length === 0 && pin.hiddenService === null) out.delete(domain);
    pin.certificates.sort((a, b) => a.validAfter - b.validAfter || byteOrder(a.fingerprint, b.fingerprint));
  }
  return out;
}
function selectPins(contributions, services, now, window) {
  const notes = /* @__PURE__ */ new Map();
  const perService = /* @__PURE__ */ new Map();
  const claimants = /* @__PURE__ */ new Map();
  for (const service of services) {
    const claims = /* @__PURE__ */ new Map();
    for (const [group, contribution] of contributions) {
      const groupNotes = notes.get(group) ?? [];
      for (const [domain, pin] of groupPins(group, contribution, service, now, window, groupNotes)) {
        claims.set(domain, [...claims.get(domain) ?? [], { group, pin }]);
        claimants.set(domain, (claimants.get(domain) ?? /* @__PURE__ */ new Set()).add(group));
      }
      if (groupNotes.length > 0) notes.set(group, groupNotes);
    }
    perService.set(service, claims);
  }
  const conflicts = new Map([...claimants].filter(([, groups]) => groups.size > 1));
  const pinSets = /* @__PURE__ */ new Map();
  for (const [service, claims] of perService) {
    const domains = [];
    for (const [domain, list2] of claims) if (!conflicts.has(domain)) domains.push(list2[0].pin);
    domains.sort((a, b) => byteOrder(a.domain, b.domain));
    pinSets.set(service, { service, domains });
  }
  return {
    pinSets,
    conflicts: [...conflicts].map(([domain, groups]) => ({ domain, groups: [...groups].sort(byteOrder) })).sort((a, b) => byteOrder(a.domain, b.domain)),
    notes
  };
}

// src/consumer/update.ts
async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
var succeeded = (s) => s === "updated" || s === "unchanged";
async function runUpdate(settings) {
  const startedAt = Date.now();
  const persistent = settings.stateDir !== void 0;
  const stateDir = settings.stateDir ?? await mkdtemp(join2(tmpdir(), "smtpfp-state-"));
  let release;
  try {
    await prepareStateDir(stateDir);
    if (persistent) release = await acquireLock(stateDir, settings.lockWaitMs ?? 5e3);
    return await runLocked(settings, stateDir, persistent, startedAt);
  } finally {
    await release?.();
    if (!persistent) await rm2(stateDir, { recursive: true, force: true });
  }
}
async function runLocked(settings, stateDir, persistent, startedAt) {
  const { now } = settings;
  const previous = /* @__PURE__ */ new Map();
  for (const g of settings.groups) previous.set(g.name, await readGroupRecord(stateDir, g.name));
  const outcomes = await pool(
    settings.groups,
    settings.jobs,
    (g) => runGroup(
      g,
      {
        stateDir,
        baseDir: settings.baseDir,
        keyring: settings.keyring,
        now,
        sourceTtl: settings.sourceTtl,
        fetchTimeout: settings.fetchTimeout,
        env: settings.env
      },
      previous.get(g.name)
    )
  );
  const contributions = /* @__PURE__ */ new Map();
  for (const o of outcomes) if (o.contribution) contributions.set(o.group, o.contribution);
  const services = [
    .../* @__PURE__ */ new Set([
      ...settings.outputs.map((o) => o.service),
      ...[...contributions.values()].flatMap((c) => c.services.map((s) => s.service))
    ])
  ].sort();
  const selection = selectPins(contributions, services, now, settings.rolloverWindow);
  const domainExpiry = [];
  for (const set of selection.pinSets.values()) {
    for (const d of set.domains) {
      const times = d.certificates.map((c) => c.notAfter);
      domainExpiry.push({
        service: set.service,
        domain: d.domain,
        group: d.group,
        notAfter: times.length ? Math.min(...times) : null
      });
    }
  }
  let outputError = null;
  let rendered = [];
  try {
    rendered = await renderOutputs(
      settings.outputs,
      selection.pinSets,
      settings.render,
      settings.renderOptions
    );
  } catch (e) {
    if (!(e instanceof ConsumerError)) throw e;
    outputError = e.message;
  }
  let onChange = null;
  if (!outputError && !settings.diff) {
    const failures = await writeOutputs(rendered);
    if (failures.length > 0) outputError = failures.join("; ");
    const wrote = rendered.some((r) => r.changed) && failures.length < rendered.filter((r) => r.changed).length;
    if (wrote && settings.onChange)
      onChange = await runCommand(settings.onChange, settings.env, settings.cwd);
  }
  const outputs = rendered.map((r) => ({
    service: r.spec.service,
    format: r.spec.format,
    path: r.spec.path,
    changed: r.changed,
    ...settings.diff ? { diff: unifiedDiff(r) } : {}
  }));
  const finishedAt = Date.now();
  if (persistent && !settings.diff) {
    for (const o of outcomes) await saveGroup(stateDir, o, now, domainExpiry);
    await writeRunRecord(stateDir, {
      startedAt,
      finishedAt,
      conflicts: selection.conflicts,
      sourceTtl: settings.sourceTtl
    });
  }
  const groups = outcomes.map((o) => ({
    group: o.group,
    status: o.status,
    commit: o.commit,
    error: o.error,
    via: o.via,
    cached: o.cached,
    problems: [...o.contribution?.problems ?? [], ...selection.notes.get(o.group) ?? []],
    warnings: o.warnings,
    notes: o.notes,
    domains: new Set(domainExpiry.filter((d) => d.group === o.group).map((d) => d.domain)).size
  }));
  let exitCode = 0;
  if (outputError || onChange?.error) exitCode = 2;
  else if (groups.length > 0 && !groups.some((g) => succeeded(g.status))) exitCode = 1;
  return {
    startedAt,
    finishedAt,
    now,
    groups,
    outputs,
    conflicts: selection.conflicts,
    domainExpiry,
    pins: [...selection.pinSets.values()],
    outputError,
    onChange,
    exitCode
  };
}
async function saveGroup(stateDir, o, now, expiry) {
  const ok = succeeded(o.status);
  const prev = o.previous?.state;
  const pins = expiry.filter((d) => d.group === o.group).map((d) => ({ service: d.service, domain: d.domain, notAfter: d.notAfter }));
  const state = {
    group: o.group,
    accepted: ok ? o.accepted : prev?.accepted ?? null,
    lastSuccess: ok ? now : prev?.lastSuccess ?? null,
    lastAttempt: { at: now, status: o.status, error: o.error },
    pins
  };
  const contribution = ok ? o.contribution : o.previous?.contribution ?? null;
  if (ok && o.accepted && o.status === "updated") {
    const mirror = await Mirror.open(mirrorDir(stateDir, o.group));
    await mirror.markAccepted(o.accepted.commit);
  }
  try {
    await writeGroupRecord(stateDir, { state, contribution });
  } catch (e) {
    throw new ConsumerError(`cannot write the state of group ${o.group}: ${e.message}`, "STATE");
  }
}

// src/render/errors.ts
var RenderError = class extends Error {
  constructor(problem, message) {
    super(message);
    this.problem = problem;
  }
  problem;
  name = "RenderError";
};
function shown(value) {
  const s = typeof value === "string" ? value : String(value);
  return jsonStringify(s.length > 80 ? `${s.slice(0, 80)}\u2026` : s);
}

// src/render/grammar.ts
var DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
var DIGEST = /^[0-9A-F]{2}(?::[0-9A-F]{2}){31}$/;
var COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
var GENERATOR = /^[\x20-\x7e]{1,100}$/;
function checkDomain(domain) {
  if (typeof domain !== "string" || domain.length > 253 || !DOMAIN.test(domain)) {
    throw new RenderError(
      "invalid-domain",
      `refusing to render the domain ${shown(domain)}: not a valid domain name`
    );
  }
  return domain;
}
function checkOnion(onion, domain) {
  const problem = typeof onion === "string" ? onionProblem(onion) : "not a string";
  if (problem !== void 0) {
    throw new RenderError(
      "invalid-onion",
      `refusing to render the hidden service of ${shown(domain)}: ${problem.replace(/[^\x20-\x7e…]/g, "?")}`
    );
  }
  return onion;
}
function checkDigest(digest, what, domain) {
  if (typeof digest !== "string" || !DIGEST.test(digest)) {
    throw new RenderError(
      "invalid-digest",
      `refusing to render the ${what} of ${shown(domain)}: expected a SHA-256 digest in uppercase hex with colons, got ${shown(digest)}`
    );
  }
  return digest;
}
function checkName(name, what) {
  if (!isSafeName(name)) {
    throw new RenderError(
      "invalid-name",
      `refusing to render the ${what} ${shown(name)}: expected 1-64 characters of A-Z a-z 0-9 . _ - not starting with . _ -`
    );
  }
  return name;
}
function byteOrder2(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function certOrder(a, b) {
  return a.validAfter - b.validAfter || byteOrder2(a.fingerprint, b.fingerprint);
}
function checkPins(pins, opts) {
  const service = checkName(pins.service, "service name");
  if (typeof opts.generator !== "string" || !GENERATOR.test(opts.generator)) {
    throw new RenderError(
      "invalid-name",
      `refusing to render the generator ${shown(opts.generator)}: expected 1-100 printable ASCII characters`
    );
  }
  const torTransport2 = checkName(opts.torTransport, "transport name");
  const seen = /* @__PURE__ */ new Set();
  const domains = [];
  for (const pin of pins.domains) {
    const domain = checkDomain(pin.domain);
    if (seen.has(domain)) {
      throw new RenderError("duplicate-domain", `refusing to render the domain ${shown(domain)} twice`);
    }
    seen.add(domain);
    if (!isSafeName(pin.group)) checkName(pin.group, `group of ${shown(domain)}, the name`);
    if (typeof pin.commit !== "string" || !COMMIT.test(pin.commit)) {
      throw new RenderError(
        "invalid-commit",
        `refusing to render the commit of ${shown(domain)}: expected a lowercase hex object id, got ${shown(pin.commit)}`
      );
    }
    const hiddenService = pin.hiddenService === null ? null : checkOnion(pin.hiddenService, domain);
    const byFingerprint = /* @__PURE__ */ new Map();
    for (const c of pin.certificates) {
      checkDigest(c.fingerprint, "certificate digest", domain);
      checkDigest(c.spki, "public key digest", domain);
      if (!Number.isFinite(c.notAfter) || !Number.isFinite(c.validAfter)) {
        throw new RenderError(
          "invalid-pin",
          `refusing to render a certificate of ${shown(domain)}: a date is not a number`
        );
      }
      const prev = byFingerprint.get(c.fingerprint);
      if (!prev || certOrder(c, prev) < 0) byFingerprint.set(c.fingerprint, c);
    }
    const certificates = [...byFingerprint.values()].sort(certOrder);
    if (certificates.length === 0 && hiddenService === null) {
      throw new RenderError(
        "invalid-pin",
        `refusing to render ${shown(domain)}: it has neither a certificate nor a hidden service`
      );
    }
    domains.push({ ...pin, certificates, hiddenService });
  }
  domains.sort((a, b) => byteOrder2(a.domain, b.domain));
  return { service, generator: opts.generator, torTransport: torTransport2, domains };
}
function sortedLines(entries) {
  return entries.sort((a, b) => byteOrder2(a[0], b[0])).map(([, line]) => `${line}
`).join("");
}

// src/render/exim.ts
var hex = (digest) => digest.replace(/:/g, "");
function renderExim(pins) {
  const header = [
    `# Exim lsearch file for service ${pins.service}, generated by ${pins.generator}.`,
    "# Do not edit: it is rewritten on every change of the peers it comes from.",
    "# Each line: a domain, then the SHA-256 digests of its peer's certificates (uppercase hex, no",
    "# colons). Exim compares whole certificates only: a renewed certificate must be published.",
    "# Use it with a router and a transport such as these (adapt the path; check with exim -bV):",
    "#",
    "#   begin routers",
    "#   smtpfp_pinned:",
    "#     driver = dnslookup",
    "#     domains = lsearch;/path/to/this/file",
    "#     transport = smtpfp_pinned_smtp",
    "#     no_more",
    "#",
    "#   begin transports",
    "#   smtpfp_pinned_smtp:",
    "#     driver = smtp",
    "#     hosts_require_tls = *",
    "#     tls_verify_cert_hostnames = :",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Exim expansion syntax, not a template
    "#     event_action = ${if and{{eq{$event_name}{tls:cert}}{eq{$event_data}{0}}} \\",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Exim expansion syntax, not a template
    "#       {${if inlist{${sha256:$tls_out_peercert}}{${lookup{$domain}lsearch{/path/to/this/file}}} \\",
    "#       {}{certificate not pinned}}}{}}",
    ""
  ].join("\n");
  const lines = pins.domains.filter((pin) => pin.certificates.length > 0).map((pin) => [
    pin.domain,
    `${pin.domain}: ${pin.certificates.map((c) => hex(c.fingerprint)).join(" : ")}`
  ]);
  return header + sortedLines(lines);
}

// src/render/json.ts
function rfc3339(ms) {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}
function renderJson(pins) {
  const domains = {};
  for (const pin of pins.domains) {
    const expiries = pin.certificates.map((c) => c.notAfter);
    domains[pin.domain] = {
      group: pin.group,
      commit: pin.commit,
      fingerprints: pin.certificates.map((c) => c.fingerprint),
      spki: pin.certificates.map((c) => c.spki),
      hidden_service: pin.hiddenService,
      not_after: expiries.length > 0 ? rfc3339(Math.min(...expiries)) : null
    };
  }
  const doc = { generated: pins.generator, domains };
  return `${jsonStringify(doc, 2)}
`;
}

// src/render/postfix.ts
function renderPostfix(pins) {
  const header = [
    `# Postfix smtp_tls_policy_maps table for service ${pins.service}, generated by ${pins.generator}.`,
    "# Do not edit: it is rewritten on every change of the peers it comes from.",
    "# Each match= value is the SHA-256 digest of a peer's certificate or of its public key.",
    "# main.cf needs (Postfix before 3.6 compares md5 digests by default, so every pin would fail):",
    "#   smtp_tls_fingerprint_digest = sha256",
    "#   smtp_tls_policy_maps = hash:/path/to/this/file",
    "# and after each change: postmap /path/to/this/file",
    ""
  ].join("\n");
  const byKey = /* @__PURE__ */ new Map();
  const add = (key, values) => {
    const list2 = byKey.get(key) ?? [];
    for (const v of values) if (!list2.includes(v)) list2.push(v);
    byKey.set(key, list2);
  };
  for (const pin of pins.domains) {
    if (pin.certificates.length === 0) continue;
    const values = pin.certificates.flatMap((c) => [c.fingerprint, c.spki]);
    add(pin.domain, values);
    if (pin.hiddenService !== null) add(`[${pin.hiddenService}]`, values);
  }
  const lines = [...byKey].map(([key, values]) => [
    key,
    `${key} fingerprint match=${values.join("|")}`
  ]);
  return header + sortedLines(lines);
}

// src/render/postfix-transport.ts
function renderPostfixTransport(pins) {
  const t = pins.torTransport;
  const header = [
    `# Postfix transport_maps table for service ${pins.service}, generated by ${pins.generator}.`,
    "# Do not edit: it is rewritten on every change of the peers it comes from.",
    `# Routes each domain that publishes a hidden service through the '${t}' transport to its onion.`,
    "# main.cf needs:",
    "#   transport_maps = hash:/path/to/this/file",
    `# master.cf must define '${t}' (an smtp client reaching .onion through Tor), and after each`,
    "# change: postmap /path/to/this/file",
    ""
  ].join("\n");
  const lines = pins.domains.filter((pin) => pin.hiddenService !== null).map((pin) => [pin.domain, `${pin.domain} ${t}:[${pin.hiddenService}]`]);
  return header + sortedLines(lines);
}

// src/render/prosody.ts
function luaString(s) {
  if (/^[A-Za-z0-9.:_-]*$/.test(s)) return `"${s}"`;
  let out = '"';
  for (const b of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9.:_-]/.test(c) ? c : `\\${String(b).padStart(3, "0")}`;
  }
  return `${out}"`;
}
function renderProsody(pins) {
  const pinned = pins.domains.filter((pin) => pin.certificates.length > 0).sort((a, b) => byteOrder2(a.domain, b.domain));
  const out = [
    `-- Prosody configuration for service ${pins.service}, generated by ${pins.generator}.`,
    "-- Do not edit: it is rewritten on every change of the peers it comes from.",
    '-- Needs the community module mod_s2s_auth_fingerprint: add "s2s_auth_fingerprint" to',
    "-- modules_enabled and Include this file in the global section of prosody.cfg.lua (before any",
    "-- VirtualHost). s2s_secure_domains makes a mismatch fatal instead of falling back to dialback.",
    "-- The module digests whole certificates: a renewed certificate must be published.",
    's2s_auth_fingerprint_digest = "sha256"',
    "s2s_trusted_fingerprints = {"
  ];
  for (const pin of pinned) {
    const list2 = pin.certificates.map((c) => `${luaString(c.fingerprint)};`).join(" ");
    out.push(`  [${luaString(pin.domain)}] = { ${list2} };`);
  }
  out.push("}");
  out.push("s2s_secure_domains = {");
  for (const pin of pinned) out.push(`  ${luaString(pin.domain)};`);
  out.push("}");
  return `${out.join("\n")}
`;
}

// src/render/index.ts
var DEFAULT_TOR_TRANSPORT = "smtptor";
function renderPins(format, pins, opts) {
  const checked = checkPins(pins, opts);
  switch (format) {
    case "postfix":
      return renderPostfix(checked);
    case "postfix-transport":
      return renderPostfixTransport(checked);
    case "exim":
      return renderExim(checked);
    case "prosody":
      return renderProsody(checked);
    case "json":
      return renderJson(checked);
    default:
      throw new RenderError("invalid-name", `unknown output format ${shown(format)}`);
  }
}

// src/cli/consumer-settings.ts
import { join as join3, resolve } from "node:path";

// src/consumer/words.ts
function splitWords(text) {
  const words = [];
  let word = "";
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "	" || c === "\n") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error("an unterminated single quote");
      word += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (; ; ) {
        if (i >= text.length) throw new Error("an unterminated double quote");
        const d = text[i];
        if (d === '"') break;
        if (d === "\\" && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) {
          word += text[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      i++;
    } else if (c === "\\") {
      if (i + 1 >= text.length) throw new Error("a trailing backslash");
      word += text[i + 1];
      i += 2;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

// src/cli/consumer-settings.ts
function duration(ctx, name, fallback) {
  const text = ctx.args.values.get(name) ?? fallback;
  const ms = parseDuration(text);
  if (ms === void 0)
    throw usageError(`--${name} expects a duration such as 30m, 24h, 7d or 2w (or 0), got '${text}'`);
  return ms;
}
async function loadKeyring(path, explicit) {
  const read = readRegularFile(path, { maxBytes: 16 * 1024 * 1024, follow: true });
  if (!("data" in read)) {
    if (read.problem === "missing" && !explicit) return Keyring.empty();
    if (read.problem === "missing")
      throw environmentError(`keyring '${path}' does not exist or cannot be read`);
    if (read.problem === "too-large")
      throw environmentError(`keyring '${path}' is over 16 MiB: expected public keys`);
    throw environmentError(`keyring '${path}' ${read.message}: expected a file of public keys`);
  }
  try {
    return await Keyring.fromFiles([{ name: path, data: read.data }]);
  } catch (e) {
    if (e instanceof SigningError) throw environmentError(e.message);
    throw environmentError(`keyring '${path}' cannot be read: ${e.message}`);
  }
}
function torTransport(ctx) {
  const name = ctx.args.values.get("tor-transport") ?? DEFAULT_TOR_TRANSPORT;
  if (!/^[a-z][a-z0-9_-]{0,63}$/.test(name))
    throw usageError(`--tor-transport expects a Postfix transport name ([a-z][a-z0-9_-]*), got '${name}'`);
  return name;
}
async function consumerSettings(ctx) {
  const { args, io } = ctx;
  const metaText = args.values.get("config");
  if (metaText === void 0) throw usageError("expected --config META: the meta configuration of the peers");
  const metaPath = resolve(io.cwd, metaText);
  const meta = await loadMetaFile(metaPath, io.cwd);
  const keyringText = args.values.get("keyring");
  const keyringPath = keyringText === void 0 ? join3(meta.baseDir, "keyring") : resolve(io.cwd, keyringText);
  const jobsText = args.values.get("jobs") ?? "4";
  if (!/^[1-9]\d{0,2}$/.test(jobsText))
    throw usageError(`--jobs expects a number from 1 to 999, got '${jobsText}'`);
  const onChangeText = args.values.get("on-change");
  let onChange;
  if (onChangeText !== void 0) {
    try {
      onChange = splitWords(onChangeText);
    } catch (e) {
      throw usageError(`--on-change: ${e.message} in '${onChangeText}'`);
    }
    if (onChange.length === 0) throw usageError("--on-change expects a command, got an empty string");
  }
  const stateText = args.values.get("state-dir");
  return {
    metaPath,
    groups: meta.groups,
    baseDir: meta.baseDir,
    stateDir: stateText === void 0 ? void 0 : resolve(io.cwd, stateText),
    keyring: await loadKeyring(keyringPath, keyringText !== void 0),
    sourceTtl: duration(ctx, "source-ttl", "7d"),
    rolloverWindow: duration(ctx, "rollover-window", "24h"),
    fetchTimeout: duration(ctx, "fetch-timeout", "2m"),
    jobs: Number(jobsText),
    diff: args.flags.has("diff"),
    onChange,
    generator: `smtpfp ${VERSION}`,
    torTransport: torTransport(ctx)
  };
}

// src/model/state.ts
var GROUP_STATUSES = ["updated", "unchanged", "stale", "expired", "failed"];

// src/ops/metrics.ts
function escapeLabelValue(value) {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
var seconds = (ms) => ms / 1e3;
function formatValue(v) {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "+Inf";
  if (v === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(v);
}
function renderFamily(f) {
  const lines = [`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} gauge`];
  for (const s of f.samples) {
    const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",");
    lines.push(`${f.name}${labels ? `{${labels}}` : ""} ${formatValue(s.value)}`);
  }
  return lines.join("\n");
}
var cmp = (a, b) => a < b ? -1 : a > b ? 1 : 0;
function renderMetrics(states, run2) {
  const groups = [...states].sort((a, b) => cmp(a.group, b.group));
  const families = [
    {
      name: "smtpfp_group_status",
      help: "The group's outcome in the last update run: 1 for its status (updated, unchanged, stale, expired, failed), 0 for the others.",
      samples: groups.flatMap(
        (g) => GROUP_STATUSES.map((status) => ({
          labels: { group: g.group, status },
          value: g.lastAttempt?.status === status ? 1 : 0
        }))
      )
    },
    {
      name: "smtpfp_group_last_success_timestamp_seconds",
      help: "When the last update run in which the group ended updated or unchanged finished.",
      samples: groups.flatMap(
        (g) => g.lastSuccess === null ? [] : [{ labels: { group: g.group }, value: seconds(g.lastSuccess) }]
      )
    },
    {
      name: "smtpfp_group_commit_timestamp_seconds",
      help: "The committer time of the group's last accepted commit.",
      samples: groups.flatMap(
        (g) => g.accepted === null ? [] : [{ labels: { group: g.group }, value: seconds(g.accepted.commitTime) }]
      )
    },
    {
      name: "smtpfp_group_pinned_domains",
      help: "How many domains the group pins from its accepted commit.",
      samples: groups.map((g) => ({ labels: { group: g.group }, value: g.pins.length }))
    },
    {
      name: "smtpfp_certificate_expiry_timestamp_seconds",
      help: "The earliest expiry among a pinned domain's certificates.",
      samples: groups.flatMap(
        (g) => [...g.pins].sort((a, b) => cmp(a.service, b.service) || cmp(a.domain, b.domain)).flatMap(
          (p) => p.notAfter === null ? [] : [
            {
              labels: { group: g.group, service: p.service, domain: p.domain },
              value: seconds(p.notAfter)
            }
          ]
        )
      )
    }
  ];
  if (run2) {
    families.push(
      {
        name: "smtpfp_conflicts",
        help: "Domains claimed by two groups or more in the last update run; pinned by none.",
        samples: [{ labels: {}, value: run2.conflicts.length }]
      },
      {
        name: "smtpfp_last_run_timestamp_seconds",
        help: "When the last update run finished.",
        samples: [{ labels: {}, value: seconds(run2.finishedAt) }]
      },
      {
        name: "smtpfp_last_run_duration_seconds",
        help: "How long the last update run took.",
        samples: [{ labels: {}, value: seconds(run2.finishedAt - run2.startedAt) }]
      },
      {
        name: "smtpfp_source_ttl_seconds",
        help: "How long a failing group keeps its last accepted configuration (--source-ttl).",
        samples: [{ labels: {}, value: seconds(run2.sourceTtl) }]
      }
    );
  }
  return `${families.map(renderFamily).join("\n")}
`;
}

// src/cli/metrics-file.ts
function statesFromReport(report) {
  return report.groups.map((g) => {
    const ok = g.status === "updated" || g.status === "unchanged";
    return {
      group: g.group,
      accepted: null,
      lastSuccess: ok ? report.finishedAt : null,
      lastAttempt: { at: report.finishedAt, status: g.status, error: g.error },
      pins: report.domainExpiry.filter((d) => d.group === g.group).map((d) => ({ service: d.service, domain: d.domain, notAfter: d.notAfter }))
    };
  });
}
async function metricsText(report, sources) {
  const names = new Set(sources.groups);
  const states = sources.stateDir === void 0 ? statesFromReport(report) : (await readGroupStates(sources.stateDir)).filter((s) => names.has(s.group));
  const run2 = {
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    conflicts: report.conflicts,
    sourceTtl: sources.sourceTtl
  };
  return renderMetrics(states, run2);
}
async function writeMetricsFile(path, report, sources) {
  await writeFileAtomic(path, await metricsText(report, sources), 420);
}

// src/cli/commands/update.ts
async function runConsumerUpdate(ctx, settings, outputs, overrides = {}) {
  const report = await runUpdate({
    groups: settings.groups,
    baseDir: settings.baseDir,
    outputs,
    stateDir: settings.stateDir,
    keyring: settings.keyring,
    now: ctx.now,
    sourceTtl: settings.sourceTtl,
    rolloverWindow: settings.rolloverWindow,
    fetchTimeout: settings.fetchTimeout,
    jobs: settings.jobs,
    diff: overrides.diff ?? settings.diff,
    onChange: settings.onChange,
    render: renderPins,
    renderOptions: { generator: settings.generator, torTransport: settings.torTransport },
    env: ctx.io.env,
    cwd: ctx.io.cwd
  });
  const metrics = ctx.args.values.get("metrics");
  if (metrics !== void 0 && !(overrides.diff ?? settings.diff)) {
    try {
      await writeMetricsFile(resolve2(ctx.io.cwd, metrics), report, {
        stateDir: settings.stateDir,
        groups: settings.groups.map((g) => g.name),
        sourceTtl: settings.sourceTtl
      });
    } catch (e) {
      ctx.io.err(
        `smtpfp: cannot write the metrics file ${printable(metrics)}: ${printable(e.message)}
`
      );
      report.exitCode = 2;
    }
  }
  return report;
}
function printUpdate(ctx, report) {
  if (ctx.format === "json") ctx.io.out(updateJson(report));
  else if (ctx.format === "text") ctx.io.out(updateText(report, { color: ctx.color, quiet: ctx.quiet }));
  else throw usageError(`--format ${ctx.format} is not available for this command; use text or json`);
  return report.exitCode;
}
async function run(ctx) {
  if (ctx.format !== "text" && ctx.format !== "json")
    throw usageError(`--format ${ctx.format} is not available for update; use text or json`);
  const layoutText = ctx.args.values.get("layout");
  if (layoutText === void 0) throw usageError("expected --layout LAYOUT: which outputs to render");
  if (ctx.args.positionals.length > 0)
    throw usageError(`update takes no positional argument, got '${ctx.args.positionals[0]}'`);
  const settings = await consumerSettings(ctx);
  const outputs = await loadLayoutFile(resolve2(ctx.io.cwd, layoutText), ctx.io.cwd);
  return printUpdate(ctx, await runConsumerUpdate(ctx, settings, outputs));
}

export {
  consumerSettings,
  runConsumerUpdate,
  printUpdate,
  run
};
