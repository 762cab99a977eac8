import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  findingsGithub,
  findingsGitlab,
  findingsText
} from "./chunk-HOLR3ISY.js";
import {
  newBranchPolicyCommit,
  summarize,
  verdictsGithub,
  verdictsGitlab,
  verdictsJson,
  verdictsText,
  verifyRequest
} from "./chunk-PSFSPG56.js";
import {
  hasCommit,
  listCommits,
  otherRemoteBranches
} from "./chunk-26VUJ6UP.js";
import {
  codeQualityIssue,
  githubInert,
  issueFingerprint,
  workflowCommand
} from "./chunk-WCQHUGJM.js";
import {
  readRegularFile
} from "./chunk-EJ7IZX3C.js";
import {
  CommitTree
} from "./chunk-XS4NACP3.js";
import {
  checkTree,
  locateRepository
} from "./chunk-Y2T34S2R.js";
import {
  isObjectId,
  isZeroOid,
  short
} from "./chunk-L3JPEFSX.js";
import {
  makeStyle
} from "./chunk-3TZPSSYH.js";
import {
  GitError,
  git,
  gitText
} from "./chunk-CRUGFJYM.js";
import {
  SmtpfpError,
  environmentError,
  jsonStringify,
  printable,
  usageError
} from "./chunk-FWEKEFTV.js";

// src/ci/detect.ts
var CiError = class extends SmtpfpError {
  name = "CiError";
  constructor(message, code) {
    super(code, message);
  }
};
function detectCi(env, readEvent) {
  if (env.GITHUB_ACTIONS === "true") {
    return { ...detectGithub(env, readEvent), defaultBranch: githubDefaultBranch(env, readEvent) };
  }
  if (env.GITLAB_CI === "true") {
    return { ...detectGitlab(env), defaultBranch: optionalBranchVar(env, "CI_DEFAULT_BRANCH") };
  }
  return null;
}
function githubDefaultBranch(env, readEvent) {
  if (!env.GITHUB_EVENT_PATH) return null;
  let payload;
  try {
    payload = readPayload(env, readEvent);
  } catch {
    return null;
  }
  const value = get(payload.data, ["repository", "default_branch"]);
  if (value === void 0 || value === null || value === "") return null;
  if (typeof value !== "string")
    throw badField(payload, ["repository", "default_branch"], "a branch name", value);
  return checkBranch(
    value,
    () => badField(payload, ["repository", "default_branch"], "a branch name", value)
  );
}
var PULL_REQUEST_EVENTS = /* @__PURE__ */ new Set([
  "pull_request",
  "pull_request_target",
  "pull_request_review",
  "pull_request_review_comment"
]);
function detectGithub(env, readEvent) {
  const eventName = requireVar(env, "GITHUB_EVENT_NAME");
  if (!/^[a-z_]{1,64}$/.test(eventName)) {
    throw badVariable("GITHUB_EVENT_NAME", "an event name such as push or pull_request", eventName);
  }
  if (eventName === "push") return githubPush(env, readPayload(env, readEvent));
  if (PULL_REQUEST_EVENTS.has(eventName)) {
    return githubPullRequest(env, eventName, readPayload(env, readEvent));
  }
  const head = oidVar(env, "GITHUB_SHA");
  const ref = optionalRefVar(env, "GITHUB_REF");
  const branch = branchOf(ref);
  return {
    provider: "github",
    event: "other",
    head,
    base: null,
    newBranch: false,
    forced: false,
    deleted: false,
    branch,
    remoteRef: ref,
    description: `GitHub ${eventName}${branch ? ` on ${branch}` : ""}: ${short2(head)}`
  };
}
function readPayload(env, readEvent) {
  const path = requireVar(env, "GITHUB_EVENT_PATH");
  const where = `event payload ${path} (GITHUB_EVENT_PATH)`;
  const text = readEvent(path);
  if (text === void 0) {
    throw new CiError(`cannot read the ${where}: expected a readable JSON file`, "EVENT_UNREADABLE");
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new CiError(`invalid JSON in the ${where}: ${reason}`, "EVENT_INVALID");
  }
  if (!isObject(data)) {
    throw new CiError(
      `the ${where} is not a JSON object: expected {...}, got ${typeName(data)}`,
      "EVENT_INVALID"
    );
  }
  return { data, where };
}
function githubPush(env, payload) {
  const after = payloadOid(payload, ["after"]);
  const before = payloadOptionalOid(payload, ["before"]);
  const ref = optionalRefVar(env, "GITHUB_REF") ?? payloadOptionalRef(payload, ["ref"]);
  const branch = branchOf(ref);
  const target = ref ? branch ?? ref : "an unnamed ref";
  if (isZeroOid(after)) {
    return {
      provider: "github",
      event: "push",
      head: after,
      base: null,
      newBranch: false,
      forced: false,
      deleted: true,
      branch,
      remoteRef: ref,
      description: `GitHub push deleting ${target}: nothing to verify`
    };
  }
  if (payload.data.deleted === true) {
    throw badField(payload, ["after"], 'the zero id, as "deleted" is true', after);
  }
  const created = payload.data.created === true;
  if (before === null && !created) {
    throw badField(payload, ["before"], '40 or 64 hex digits (or "created": true)', void 0);
  }
  const newBranch = created || before === null || isZeroOid(before);
  const base = newBranch ? null : before;
  if (base !== null) sameHashSize(payload, ["before"], base, after);
  const forced = payload.data.forced === true;
  const range = base === null ? `${short2(after)} (new ${branch ? "branch" : "ref"})` : `${short2(base)}..${short2(after)}`;
  return {
    provider: "github",
    event: "push",
    head: after,
    base,
    newBranch,
    forced,
    deleted: false,
    branch,
    remoteRef: ref,
    description: `GitHub push to ${target}: ${range}${forced ? " (forced)" : ""}`
  };
}
function githubPullRequest(env, eventName, payload) {
  const pr = payload.data.pull_request;
  if (!isObject(pr)) {
    throw badField(payload, ["pull_request"], "an object", pr);
  }
  const head = payloadOid(payload, ["pull_request", "head", "sha"]);
  const base = payloadOid(payload, ["pull_request", "base", "sha"]);
  sameHashSize(payload, ["pull_request", "base", "sha"], base, head);
  let branch = null;
  const headRef = env.GITHUB_HEAD_REF;
  if (headRef !== void 0 && headRef !== "") {
    branch = checkBranch(headRef, () => badVariable("GITHUB_HEAD_REF", "a branch name", headRef));
  } else {
    const fromPayload = get(payload.data, ["pull_request", "head", "ref"]);
    if (typeof fromPayload === "string" && fromPayload !== "") {
      branch = checkBranch(
        fromPayload,
        () => badField(payload, ["pull_request", "head", "ref"], "a branch name", fromPayload)
      );
    }
  }
  const headRepo = get(payload.data, ["pull_request", "head", "repo", "full_name"]);
  const baseRepo = get(payload.data, ["pull_request", "base", "repo", "full_name"]);
  const sameRepo = typeof headRepo === "string" && headRepo !== "" && headRepo === baseRepo;
  const remoteRef = branch !== null && sameRepo ? `refs/heads/${branch}` : null;
  const number = pr.number ?? payload.data.number;
  const label = typeof number === "number" && Number.isSafeInteger(number) && number > 0 ? ` #${number}` : "";
  return proposal(
    "github",
    head,
    base,
    branch,
    remoteRef,
    `GitHub ${eventName}${label}${branch ? ` from ${branch}` : ""}: ${short2(base)}..${short2(head)}`
  );
}
function detectGitlab(env) {
  const commitSha = oidVar(env, "CI_COMMIT_SHA");
  const source = env.CI_PIPELINE_SOURCE ?? "";
  if (source !== "" && !/^[a-z_]{1,64}$/.test(source)) {
    throw badVariable("CI_PIPELINE_SOURCE", "a pipeline source such as push or merge_request_event", source);
  }
  const iid = env.CI_MERGE_REQUEST_IID ?? "";
  if (iid !== "" || source === "merge_request_event") {
    if (iid !== "" && !/^[1-9][0-9]{0,15}$/.test(iid)) {
      throw badVariable("CI_MERGE_REQUEST_IID", "a merge request number", iid);
    }
    return gitlabMergeRequest(env, commitSha, iid);
  }
  const branch = optionalBranchVar(env, "CI_COMMIT_BRANCH");
  const tag = env.CI_COMMIT_TAG;
  let remoteRef = null;
  if (branch !== null) remoteRef = `refs/heads/${branch}`;
  else if (tag !== void 0 && tag !== "") {
    remoteRef = checkRef(`refs/tags/${tag}`, () => badVariable("CI_COMMIT_TAG", "a tag name", tag));
  }
  const before = optionalOidVar(env, "CI_COMMIT_BEFORE_SHA");
  const base = before === null || isZeroOid(before) ? null : before;
  if (base !== null) sameHashSize(null, ["CI_COMMIT_BEFORE_SHA"], base, commitSha);
  const isPush = source === "push" || source === "";
  const newBranch = isPush && base === null;
  const target = branch ?? (remoteRef ? remoteRef.replace(/^refs\/tags\//, "tag ") : "an unnamed ref");
  let description;
  if (isPush) {
    const range = base === null ? `${short2(commitSha)} (new ${branch ? "branch" : "ref"})` : `${short2(base)}..${short2(commitSha)}`;
    description = `GitLab push to ${target}: ${range}`;
  } else {
    const range = base === null ? short2(commitSha) : `${short2(base)}..${short2(commitSha)}`;
    description = `GitLab ${source} pipeline on ${target}: ${range}`;
  }
  return {
    provider: "gitlab",
    event: isPush ? "push" : "other",
    head: commitSha,
    base,
    newBranch,
    forced: false,
    deleted: false,
    branch,
    remoteRef,
    description
  };
}
function gitlabMergeRequest(env, commitSha, iid) {
  const sourceSha = optionalOidVar(env, "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA");
  const head = sourceSha !== null && !isZeroOid(sourceSha) ? sourceSha : commitSha;
  const diffBase = optionalOidVar(env, "CI_MERGE_REQUEST_DIFF_BASE_SHA");
  const base = diffBase === null || isZeroOid(diffBase) ? null : diffBase;
  if (base !== null) sameHashSize(null, ["CI_MERGE_REQUEST_DIFF_BASE_SHA"], base, head);
  const branch = optionalBranchVar(env, "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME");
  const sourceProject = env.CI_MERGE_REQUEST_SOURCE_PROJECT_ID;
  const sameProject = sourceProject === void 0 || sourceProject === "" || sourceProject === env.CI_MERGE_REQUEST_PROJECT_ID;
  const remoteRef = branch !== null && sameProject ? `refs/heads/${branch}` : null;
  const range = base === null ? short2(head) : `${short2(base)}..${short2(head)}`;
  return proposal(
    "gitlab",
    head,
    base,
    branch,
    remoteRef,
    `GitLab merge request${iid ? ` !${iid}` : ""}${branch ? ` from ${branch}` : ""}: ${range}`
  );
}
function proposal(provider, head, base, branch, remoteRef, description) {
  const event = provider === "github" ? "pull_request" : "merge_request";
  return {
    provider,
    event,
    head,
    base,
    newBranch: false,
    forced: false,
    deleted: false,
    branch,
    remoteRef,
    description
  };
}
function requireVar(env, name) {
  const value = env[name];
  if (value === void 0 || value === "") {
    throw new CiError(`environment variable ${name} is not set`, "MISSING_VARIABLE");
  }
  return value;
}
function oidVar(env, name) {
  const value = requireVar(env, name);
  if (!isObjectId(value)) throw badVariable(name, "40 or 64 hex digits", value);
  return value.toLowerCase();
}
function optionalOidVar(env, name) {
  const value = env[name];
  if (value === void 0 || value === "") return null;
  if (!isObjectId(value)) throw badVariable(name, "40 or 64 hex digits", value);
  return value.toLowerCase();
}
function optionalRefVar(env, name) {
  const value = env[name];
  if (value === void 0 || value === "") return null;
  return checkRef(value, () => badVariable(name, "a full ref name such as refs/heads/main", value));
}
function optionalBranchVar(env, name) {
  const value = env[name];
  if (value === void 0 || value === "") return null;
  return checkBranch(value, () => badVariable(name, "a branch name", value));
}
function payloadOid(payload, path) {
  const value = get(payload.data, path);
  if (typeof value !== "string" || !isObjectId(value))
    throw badField(payload, path, "40 or 64 hex digits", value);
  return value.toLowerCase();
}
function payloadOptionalOid(payload, path) {
  const value = get(payload.data, path);
  if (value === void 0 || value === null) return null;
  if (typeof value !== "string" || !isObjectId(value))
    throw badField(payload, path, "40 or 64 hex digits", value);
  return value.toLowerCase();
}
function payloadOptionalRef(payload, path) {
  const value = get(payload.data, path);
  if (value === void 0 || value === null || value === "") return null;
  if (typeof value !== "string") throw badField(payload, path, "a full ref name", value);
  return checkRef(value, () => badField(payload, path, "a full ref name such as refs/heads/main", value));
}
function sameHashSize(where, path, base, head) {
  if (base.length === head.length) return;
  const expected = `${head.length} hex digits like the head commit`;
  throw where ? badField(where, path, expected, base) : badVariable(path.join("."), expected, base);
}
function isValidRefName(ref) {
  if (ref.length === 0 || ref.length > 1024) return false;
  for (const ch of ref) {
    const code = ch.codePointAt(0) ?? 0;
    if (code <= 32 || code === 127) return false;
  }
  if (/[~^:?*[\\]/.test(ref)) return false;
  if (ref.startsWith("-") || ref.startsWith("/") || ref.endsWith("/") || ref.endsWith(".")) return false;
  if (ref.includes("..") || ref.includes("@{") || ref.includes("//") || ref === "@") return false;
  return ref.split("/").every((part) => !part.startsWith(".") && !part.endsWith(".lock"));
}
function checkRef(ref, error) {
  if (!ref.startsWith("refs/") || !isValidRefName(ref)) throw error();
  return ref;
}
function checkBranch(name, error) {
  if (name.startsWith("refs/") || !isValidRefName(`refs/heads/${name}`) || !isValidRefName(name))
    throw error();
  return name;
}
function branchOf(ref) {
  return ref?.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : null;
}
function get(data, path) {
  let node = data;
  for (const key of path) {
    if (!isObject(node) || !Object.hasOwn(node, key)) return void 0;
    node = node[key];
  }
  return node;
}
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function typeName(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}
function quote(value) {
  if (value === void 0) return "nothing";
  if (typeof value !== "string") return typeName(value);
  const cut = value.length > 80 ? `${value.slice(0, 80)}...` : value;
  return jsonStringify(cut);
}
function badVariable(name, expected, got) {
  return new CiError(`environment variable ${name}: expected ${expected}, got ${quote(got)}`, "BAD_VARIABLE");
}
function badField(payload, path, expected, got) {
  return new CiError(
    `field ${path.join(".")} in the ${payload.where}: expected ${expected}, got ${quote(got)}`,
    "BAD_EVENT_FIELD"
  );
}
function short2(oid) {
  return short(oid, 7);
}

// src/ci/event.ts
var MAX_EVENT_BYTES = 32 * 1024 * 1024;
function readEventFile(path) {
  const read = readRegularFile(path, { maxBytes: MAX_EVENT_BYTES, follow: true });
  return "data" in read ? read.data.toString("utf8") : void 0;
}

// src/git/history.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
async function isAncestor(repo, ancestor, of) {
  const r = await git(["merge-base", "--is-ancestor", ancestor, of], { cwd: repo, okCodes: [1, 128] });
  return r.code === 0;
}
var REMOTE = "origin";
var BRANCHES_REFSPEC = `+refs/heads/*:refs/remotes/${REMOTE}/*`;
var DEEPEN_STEPS = [50, 100, 200, 400, 800];
var History = class {
  constructor(repo, log) {
    this.repo = repo;
    this.log = log;
  }
  repo;
  log;
  remote;
  deepened = 0;
  branchesFetched = false;
  async hasRemote() {
    if (this.remote === void 0) {
      const r = await git(["config", "--get", `remote.${REMOTE}.url`], { cwd: this.repo, okCodes: [1] });
      this.remote = r.code === 0 && r.stdout.length > 0;
    }
    return this.remote;
  }
  async isShallow() {
    return await gitText(["rev-parse", "--is-shallow-repository"], { cwd: this.repo }) === "true";
  }
  /** The commits whose parents a shallow clone cut off. */
  async shallowCommits() {
    const file = await gitText(["rev-parse", "--git-path", "shallow"], { cwd: this.repo });
    const text = await readFile(resolve(this.repo, file), "latin1").catch(() => "");
    return new Set(text.split("\n").filter(Boolean));
  }
  /** Runs `git fetch` from the remote; returns git's complaint, or null when it worked. */
  async fetch(args, what) {
    if (!await this.hasRemote()) return `no remote '${REMOTE}' to fetch ${what} from`;
    this.log(`fetching ${what}`);
    try {
      await git(["fetch", "--quiet", "--no-tags", "--recurse-submodules=no", ...args], { cwd: this.repo });
      return null;
    } catch (e) {
      if (!(e instanceof GitError)) throw e;
      const reason = e.stderr.trim().split("\n").pop() || e.message;
      this.log(`could not fetch ${what}: ${reason}`);
      return reason;
    }
  }
  /** Fetches one commit by id (a `before` a force push left out, a pull request's head and base). */
  async fetchCommit(oid) {
    if (await hasCommit(this.repo, oid)) return true;
    await this.fetch([REMOTE, oid], `commit ${short(oid)}`);
    return hasCommit(this.repo, oid);
  }
  /** The remote's branches as remote-tracking refs: what "on another branch" is measured against. */
  async fetchBranches() {
    if (this.branchesFetched) return;
    this.branchesFetched = true;
    await this.fetch([REMOTE, BRANCHES_REFSPEC], "the remote's branches");
  }
  /** Fetches more history below `tip`; false when there is no more to get. */
  async deepen(tip) {
    if (!await this.isShallow() || !await this.hasRemote()) return false;
    const step = DEEPEN_STEPS[this.deepened];
    if (step === void 0) {
      if (this.deepened > DEEPEN_STEPS.length) return false;
      this.deepened += 1;
      return await this.fetch(["--unshallow", REMOTE, tip], "the whole history") === null;
    }
    this.deepened += 1;
    return await this.fetch([`--deepen=${step}`, REMOTE, tip], `${step} more commits of history`) === null;
  }
  /**
   * Whether rev-list read the range whole: no listed commit is a shallow boundary (whose parents,
   * possibly also in the range, are missing).
   */
  async isComplete(range) {
    const shallow = await this.shallowCommits();
    if (shallow.size === 0) return true;
    const listed = await listCommits(this.repo, range);
    return !listed.some((c) => shallow.has(c));
  }
  /** Deepens until the range is complete (and `need` present); false when history ran out first. */
  async complete(range, tip, need) {
    for (; ; ) {
      const present = need === void 0 || await hasCommit(this.repo, need);
      if (present && await this.isComplete(range)) return true;
      if (!await this.deepen(tip)) return false;
    }
  }
  async isAncestor(ancestor, of) {
    return isAncestor(this.repo, ancestor, of);
  }
};

// src/trust/keyrings.ts
import { isAbsolute, relative, resolve as resolve2, sep } from "node:path";
function splitKeyrings(repo, keyrings) {
  const out = { disk: [], tree: [] };
  for (const keyring of keyrings) {
    const rel = relative(repo, resolve2(keyring));
    const inside = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
    if (inside) out.tree.push(rel.split(sep).join("/"));
    else out.disk.push(keyring);
  }
  return out;
}

// src/ci/range.ts
function checkoutAdvice(ci) {
  return ci.provider === "github" ? "give actions/checkout `fetch-depth: 0` (the whole history), or make the remote reachable so missing commits can be fetched" : "set the CI/CD variable `GIT_DEPTH: 0` (the whole history) for this job, or make the remote reachable so missing commits can be fetched";
}
async function prepareRange(ci, history) {
  const advice = checkoutAdvice(ci);
  const notices = [];
  if (!await history.fetchCommit(ci.head)) {
    return {
      failure: `the commit under test ${ci.head} is not in the clone and could not be fetched: ${advice}`
    };
  }
  let rewritten = false;
  if (ci.base !== null) {
    const base = ci.base;
    await history.fetchCommit(base);
    const between = { kind: "between", base, tip: ci.head };
    const complete = await history.complete(between, ci.head, base);
    const basePresent = await hasCommit(history.repo, base);
    if (complete && basePresent) {
      if (ci.event !== "push" || await history.isAncestor(base, ci.head)) {
        return {
          range: { kind: "between", base, head: ci.head, trusted: [], rewritten: false, policyCommit: base },
          notices
        };
      }
      return {
        range: { kind: "between", base, head: ci.head, trusted: [], rewritten: true, policyCommit: base },
        notices: [
          `history was rewritten: the previous tip ${short(base)} is not an ancestor of ${short(ci.head)} (a force push); verifying every commit of ${short(ci.head)} that ${short(base)} did not have`
        ]
      };
    } else if (!basePresent && ci.event === "push" && !await history.isShallow()) {
      rewritten = true;
      notices.push(
        `history was rewritten: the previous tip ${short(base)} is not in the history of ${short(ci.head)} and could not be fetched (a force push); verifying every commit of ${short(ci.head)} that the default branch does not have`
      );
    } else if (!basePresent) {
      return {
        failure: `the range base ${base} is not in the clone and could not be fetched, so the range ${short(base)}..${short(ci.head)} cannot be read: ${advice}`
      };
    } else {
      return {
        failure: `the clone is shallow and its history could not be deepened to read the whole range ${short(base)}..${short(ci.head)}: ${advice}`
      };
    }
  }
  await history.fetchBranches();
  const self = ci.remoteRef?.startsWith("refs/heads/") ? `refs/remotes/${REMOTE}/${ci.remoteRef.slice("refs/heads/".length)}` : null;
  const defaultRef = ci.defaultBranch ? `refs/remotes/${REMOTE}/${ci.defaultBranch}` : null;
  const trusted = defaultRef && defaultRef !== self && (await otherRemoteBranches(history.repo)).includes(defaultRef) ? [defaultRef] : [];
  if (trusted.length === 0) {
    notices.push(
      ci.defaultBranch ? `${short(ci.head)} is on the default branch ${ci.defaultBranch} itself, whose previous tip is unknown: verifying its whole history` : `the default branch is not known: verifying the whole history of ${short(ci.head)}`
    );
  }
  const spec = { kind: "new-branch", tip: ci.head, trusted };
  if (!await history.complete(spec, ci.head)) {
    return {
      failure: `the clone is shallow and its history could not be deepened to find which commits of ${short(ci.head)} the default branch lacks: ${advice}`
    };
  }
  return {
    range: {
      kind: "new-branch",
      base: null,
      head: ci.head,
      trusted,
      rewritten,
      policyCommit: await newBranchPolicyCommit(history.repo, ci.head, trusted)
    },
    notices
  };
}

// src/ci/job.ts
async function checkHead(repo, head, prefix, inputs) {
  let tree;
  try {
    tree = await CommitTree.open(repo, `${head}:${prefix}`, `commit ${short(head)}`);
  } catch {
    throw environmentError(`'${prefix || "."}' is not a folder in the tree of the commit under test ${head}`);
  }
  try {
    const { findings, summary } = await checkTree(tree, {
      now: inputs.now,
      expiryWarningDays: inputs.expiryWarningDays
    });
    return { findings, summary };
  } finally {
    tree.close();
  }
}
async function runCiJob(inputs) {
  const { ci } = inputs;
  const log = inputs.log ?? (() => {
  });
  const loc = await locateRepository(inputs.path);
  if (!loc) {
    throw environmentError(
      `'${inputs.path}' is not in a git repository: check out the publisher repository before running smtpfp`
    );
  }
  const result = {
    ci,
    description: ci.description,
    repo: loc.top,
    prefix: loc.prefix,
    range: null,
    check: null,
    verdicts: [],
    verification: summarize([]),
    warnings: [],
    notices: [],
    failures: [],
    exit: 0
  };
  if (ci.deleted) {
    result.notices.push("the ref was deleted: nothing to check or verify");
    return result;
  }
  const history = new History(loc.top, log);
  const prepared = await prepareRange(ci, history);
  if ("failure" in prepared) {
    result.failures.push(prepared.failure);
    if (await hasCommit(loc.top, ci.head))
      result.check = await checkHead(loc.top, ci.head, loc.prefix, inputs);
    return finish(result, inputs.strict);
  }
  const { range } = prepared;
  result.range = range;
  result.notices.push(...prepared.notices);
  result.check = await checkHead(loc.top, ci.head, loc.prefix, inputs);
  const keyrings = splitKeyrings(loc.top, inputs.keyrings);
  {
    const outcome = await verifyRequest({
      repo: loc.top,
      range: range.kind === "between" ? { kind: "between", base: range.base, tip: range.head } : { kind: "new-branch", tip: range.head, trusted: range.trusted },
      policyCommit: range.policyCommit,
      tip: range.head,
      tags: false,
      sources: {
        fingerprints: inputs.fingerprints,
        keyrings: keyrings.disk,
        treeKeyrings: keyrings.tree,
        ...inputs.armoredKeys?.trim() ? { armoredKeys: inputs.armoredKeys } : {}
      },
      ...inputs.hints ? { hints: inputs.hints } : {}
    });
    result.verdicts = outcome.verdicts;
    result.verification = summarize(outcome.verdicts);
    result.warnings.push(...outcome.warnings);
    result.notices.push(...outcome.notes);
  }
  return finish(result, inputs.strict);
}
function finish(result, strict) {
  const checkErrors = result.check?.summary.errors ?? 0;
  const checkWarnings = result.check?.summary.warnings ?? 0;
  const failed = result.failures.length > 0 || checkErrors > 0 || result.verification.bad > 0 || strict && (checkWarnings > 0 || result.warnings.length > 0);
  result.exit = failed ? 1 : 0;
  return result;
}

// src/ci/report.ts
import { isAbsolute as isAbsolute2, relative as relative2, resolve as resolve3, sep as sep2 } from "node:path";
function outcomeLine(r) {
  const parts = [];
  if (r.failures.length > 0)
    parts.push(`${r.failures.length} problem${r.failures.length === 1 ? "" : "s"} with the range`);
  const s = r.check?.summary;
  if (s && (s.errors > 0 || s.warnings > 0)) {
    parts.push(
      `check: ${s.errors} error${s.errors === 1 ? "" : "s"}, ${s.warnings} warning${s.warnings === 1 ? "" : "s"}`
    );
  }
  const v = r.verification;
  if (v.bad > 0) parts.push(`${v.bad} of ${v.total} commit${v.total === 1 ? "" : "s"} not good`);
  if (r.warnings.length > 0) parts.push(`${r.warnings.length} warning${r.warnings.length === 1 ? "" : "s"}`);
  const verified = r.range ? `, ${v.total} commit${v.total === 1 ? "" : "s"} verified` : "";
  if (r.exit === 0) return `passed${verified}${parts.length ? ` (${parts.join("; ")})` : ""}`;
  return `failed: ${parts.join("; ") || "warnings with --strict"}`;
}
function rangeText(range) {
  if (range.kind === "between") return `commits ${short(range.base)}..${short(range.head)}`;
  return range.trusted.length > 0 ? `commits of ${short(range.head)} not on ${range.trusted.join(", ")}` : `every commit of ${short(range.head)}`;
}
function ciText(r, opts) {
  const st = makeStyle(opts.color);
  const out = [`smtpfp ci: ${printable(r.description)}`];
  for (const n of r.notices) out.push(`note: ${printable(n)}`);
  for (const f of r.failures) out.push(`${st.red("error")}: ${printable(f)}`);
  if (r.check) {
    out.push(`check of ${short(r.ci.head)}${r.prefix ? ` in ${printable(r.prefix)}` : ""}:`);
    out.push(findingsText(r.check, opts).trimEnd());
  }
  if (r.range) {
    out.push(`${rangeText(r.range)}:`);
    out.push(verdictsText(r.verdicts, r.warnings, opts).trimEnd());
  }
  const mark = r.exit === 0 ? st.green("\u2714") : st.red("\u2716");
  out.push(`${mark} ${outcomeLine(r)}`);
  return `${out.filter((l) => l !== "").join("\n")}
`;
}
function ciJson(r) {
  return {
    description: r.description,
    provider: r.ci.provider,
    event: r.ci.event,
    range: r.range ? {
      kind: r.range.kind,
      base: r.range.base,
      head: r.range.head,
      rewritten: r.range.rewritten,
      policy_commit: r.range.policyCommit
    } : null,
    findings: r.check?.findings ?? [],
    summary: r.check?.summary ?? null,
    commits: verdictsJson(r.verdicts).commits,
    verification: r.verification,
    warnings: r.warnings,
    notices: r.notices,
    failures: r.failures,
    exit: r.exit
  };
}
function ciGithubAnnotations(r, pathPrefix) {
  let out = "";
  for (const f of r.failures) out += `${workflowCommand("error", { title: "smtpfp range" }, f)}
`;
  if (r.check) out += findingsGithub(r.check, { color: false, quiet: false, pathPrefix });
  out += verdictsGithub(r.verdicts, r.warnings);
  for (const n of r.notices) out += `${workflowCommand("notice", { title: "smtpfp" }, n)}
`;
  return out;
}
function ciGitlabIssues(r, pathPrefix) {
  const issues = r.check ? findingsGitlab(r.check, { color: false, quiet: false, pathPrefix }) : [];
  issues.push(...verdictsGitlab(r.verdicts));
  for (const f of r.failures) {
    issues.push(
      codeQualityIssue({
        description: f,
        check: "ci-range",
        fingerprint: issueFingerprint("ci-range", r.ci.head, f),
        severity: "blocker",
        path: r.ci.provider === "gitlab" ? ".gitlab-ci.yml" : ".smtpfp.yml"
      })
    );
  }
  return issues;
}
var ciReporter = {
  text: ciText,
  json: ciJson,
  github: (r, opts) => githubInert(ciText(r, { ...opts, color: false })) + ciGithubAnnotations(r, opts.pathPrefix ?? ""),
  gitlab: (r, opts) => ciGitlabIssues(r, opts.pathPrefix ?? "")
};
function reportPrefix(root, folder, repoPrefix) {
  if (root) {
    const rel = relative2(resolve3(root), folder);
    if (rel === "") return "";
    if (!rel.startsWith("..") && !isAbsolute2(rel)) return `${rel.split(sep2).join("/")}/`;
  }
  return repoPrefix;
}

// src/ci/settings.ts
import { existsSync, statSync } from "node:fs";
import { resolve as resolve4 } from "node:path";
function splitFingerprints(text) {
  if (!text) return [];
  return text.split(/[\r\n,]+/).map((s) => s.trim()).filter((s) => s !== "");
}
function keysFromEnv(value) {
  if (value === void 0 || value.trim() === "") return {};
  if (value.includes("-----BEGIN PGP")) return { armored: value };
  const path = value.trim();
  if (!path.includes("\n") && existsSync(path) && statSync(path).isFile()) return { keyring: path };
  throw usageError(
    "SMTPFP_KEYS: expected armored OpenPGP public keys (-----BEGIN PGP PUBLIC KEY BLOCK-----) or the path of a file holding them"
  );
}
function workspaceOf(ci, env) {
  const root = ci.provider === "github" ? env.GITHUB_WORKSPACE : env.CI_PROJECT_DIR;
  return root ? root : void 0;
}
function ciSettings(input) {
  const { env } = input;
  const fingerprints = input.fingerprints.length > 0 ? [...input.fingerprints] : splitFingerprints(env.SMTPFP_FINGERPRINTS);
  const keys = input.keys?.trim() ? { armored: input.keys } : keysFromEnv(env.SMTPFP_KEYS);
  const keyrings = input.keyrings.map((p) => resolve4(input.folder, p));
  if (keys.keyring) keyrings.push(keys.keyring);
  return {
    ci: input.ci,
    path: input.folder,
    fingerprints,
    keyrings,
    ...keys.armored ? { armoredKeys: keys.armored } : {},
    hints: input.hints,
    strict: input.strict,
    now: input.now,
    expiryWarningDays: input.expiryWarningDays,
    ...input.log ? { log: input.log } : {},
    workspace: workspaceOf(input.ci, env)
  };
}

export {
  detectCi,
  readEventFile,
  runCiJob,
  outcomeLine,
  ciReporter,
  reportPrefix,
  splitFingerprints,
  ciSettings
};
