import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  ObjectReader,
  loadYaml,
  schemaFindings
} from "./chunk-ORGIFBYD.js";
import {
  findingLocation
} from "./chunk-GS4DNTWD.js";
import {
  git,
  gitText
} from "./chunk-3P6CRWMY.js";

// src/git/commits.ts
async function defaultBranches(cwd, refs) {
  const out = await gitText(["for-each-ref", "--format=%(refname) %(symref)", "refs/remotes/"], { cwd });
  const targets = new Set(
    out.split("\n").map((l) => l.split(" ")).filter(([ref, target]) => ref?.endsWith("/HEAD") && target).map(([, target]) => target)
  );
  return refs.filter((r) => targets.has(r));
}
async function otherRemoteBranches(cwd, exclude, remote) {
  const out = await gitText(
    ["for-each-ref", "--format=%(refname)", remote ? `refs/remotes/${remote}/` : "refs/remotes/"],
    {
      cwd
    }
  );
  return out.split("\n").filter((r) => r && r !== exclude && !r.endsWith("/HEAD"));
}
async function listCommits(cwd, range) {
  let args;
  switch (range.kind) {
    case "between":
      args = ["rev-list", "--end-of-options", range.tip, `^${range.base}`];
      break;
    case "all":
      args = ["rev-list", "--all"];
      break;
    case "new-branch":
      args = ["rev-list", "--end-of-options", range.tip, ...range.trusted.map((r) => `^${r}`)];
      break;
  }
  const out = await gitText(args, { cwd });
  return out ? out.split("\n") : [];
}
async function listTags(cwd, commits) {
  const out = await gitText(
    ["for-each-ref", "--format=%(objecttype) %(objectname) %(*objectname)", "refs/tags/"],
    {
      cwd
    }
  );
  const tags = [];
  for (const line of out.split("\n")) {
    const [type, oid, peeled] = line.split(" ");
    if (type !== "tag" || !oid) continue;
    if (!commits || peeled && commits.has(peeled)) tags.push(oid);
  }
  return tags;
}
async function* readObjects(cwd, oids, kind) {
  const reader = new ObjectReader(cwd);
  try {
    const AHEAD = 64;
    const pending = [];
    let next = 0;
    const request = (oid) => {
      const p = reader.read(oid).then((o) => {
        if (!o) throw new Error(`object ${oid} is missing from the repository`);
        if (o.type !== kind) throw new Error(`object ${oid} is a ${o.type}, expected a ${kind}`);
        return { oid, raw: o.data, kind };
      });
      p.catch(() => {
      });
      return p;
    };
    while (next < oids.length && pending.length < AHEAD) pending.push(request(oids[next++]));
    while (pending.length > 0) {
      const obj = await pending.shift();
      if (next < oids.length) pending.push(request(oids[next++]));
      yield obj;
    }
  } finally {
    reader.close();
  }
}
async function readFileAt(cwd, commit, path, maxBytes) {
  const size = await git(["cat-file", "-s", `${commit}:${path}`], { cwd, okCodes: [1, 128] });
  if (size.code !== 0) return void 0;
  if (Number(size.stdout.toString("latin1").trim()) > maxBytes) return "too-large";
  return (await git(["cat-file", "blob", `${commit}:${path}`], { cwd })).stdout;
}
async function hasCommit(cwd, oid) {
  const r = await git(["cat-file", "-e", `${oid}^{commit}`], { cwd, okCodes: [1, 128] });
  return r.code === 0;
}
async function newBranchBase(repo, tip, trusted) {
  const bases = /* @__PURE__ */ new Set();
  for (const ref of trusted) {
    const r = await git(["merge-base", tip, ref], { cwd: repo, okCodes: [1] });
    const oid = r.stdout.toString("latin1").trim();
    if (r.code === 0 && oid) bases.add(oid);
  }
  if (bases.size === 0) return null;
  const out = await gitText(["log", "--no-walk=unsorted", "--format=%ct %H", ...bases], { cwd: repo });
  let best = null;
  for (const line of out.split("\n")) {
    const [time, oid] = line.split(" ");
    if (oid && (!best || Number(time) > best.time)) best = { oid, time: Number(time) };
  }
  return best?.oid ?? null;
}

// src/model/fingerprint.ts
function normalizeFingerprint(s) {
  const compact = s.replace(/ /g, "").toUpperCase();
  return /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/.test(compact) ? compact : null;
}

// src/format/policy.ts
function parsePolicy(file, bytes) {
  const findings = [];
  const unusable = () => {
    const first = findings[0];
    return { problem: first ? `${findingLocation(first)}: ${first.message}` : file, findings };
  };
  const loaded = loadYaml(file, bytes, findings);
  if (!loaded) return unusable();
  findings.push(...schemaFindings("policy", file, loaded.data, loaded.source));
  if (findings.length > 0) return unusable();
  const data = loaded.data;
  const policy = { signers: (data.signers ?? []).map((s) => normalizeFingerprint(s)) };
  if (data.keyring !== void 0) policy.keyring = data.keyring;
  return { policy, findings };
}

export {
  defaultBranches,
  otherRemoteBranches,
  listCommits,
  listTags,
  readObjects,
  readFileAt,
  hasCommit,
  newBranchBase,
  normalizeFingerprint,
  parsePolicy
};
