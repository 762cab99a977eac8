import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  SignerHistory,
  authorizeChain,
  defaultBranches,
  hasCommit,
  listCommitGraph,
  listCommits,
  listTags,
  loadTrust,
  newBranchBase,
  readObjects,
  verifyObjects
} from "./chunk-26VUJ6UP.js";
import {
  codeQualityIssue,
  githubInert,
  issueFingerprint,
  workflowCommand
} from "./chunk-WCQHUGJM.js";
import {
  short
} from "./chunk-L3JPEFSX.js";
import {
  makeStyle
} from "./chunk-3TZPSSYH.js";
import {
  printable
} from "./chunk-FWEKEFTV.js";

// src/report/verdicts.ts
function summarize(verdicts) {
  const good = verdicts.filter((v) => v.status === "good").length;
  return { total: verdicts.length, good, bad: verdicts.length - good };
}
function verdictLine(v, color) {
  const st = makeStyle(color);
  const status = v.status === "good" ? st.green(v.status.padEnd(13)) : st.red(v.status.padEnd(13));
  const what = v.kind === "tag" ? "tag " : "";
  const subject = v.subject ? ` ${printable(v.subject).slice(0, 60)}` : "";
  const detail = v.status === "good" ? st.dim(` (${printable(v.message)})`) : `
    ${printable(v.message)}`;
  return `${status} ${what}${short(v.oid)}${subject}${detail}`;
}
function verdictsText(verdicts, warnings, opts) {
  const st = makeStyle(opts.color);
  const lines = warnings.map((w) => `${st.yellow("warning")}: ${printable(w)}`);
  for (const v of verdicts) if (!opts.quiet || v.status !== "good") lines.push(verdictLine(v, opts.color));
  const s = summarize(verdicts);
  if (s.total === 0) lines.push(opts.quiet ? "" : "no commits to verify");
  else if (s.bad === 0) {
    if (!opts.quiet)
      lines.push(`${st.green("\u2714")} ${s.total} commit${s.total === 1 ? "" : "s"}, all signed by allowed keys`);
  } else {
    lines.push(`${st.red("\u2716")} ${s.bad} of ${s.total} commit${s.total === 1 ? "" : "s"} not good`);
  }
  const text = lines.filter((l) => l !== "").join("\n");
  return text ? `${text}
` : "";
}
function verdictsJson(verdicts) {
  return {
    commits: verdicts.map((v) => ({ oid: v.oid, status: v.status, signer: v.signer, message: v.message })),
    summary: summarize(verdicts)
  };
}
function verdictsGithub(verdicts, warnings) {
  const lines = warnings.map((w) => workflowCommand("warning", { title: "smtpfp" }, w));
  for (const v of verdicts) {
    if (v.status === "good") continue;
    lines.push(
      workflowCommand(
        "error",
        { title: `smtpfp ${v.status}` },
        `${v.kind === "tag" ? "tag" : "commit"} ${v.oid}${v.subject ? ` (${v.subject})` : ""}: ${v.message}`
      )
    );
  }
  return lines.length ? `${lines.join("\n")}
` : "";
}
function verdictsGitlab(verdicts) {
  return verdicts.filter((v) => v.status !== "good").map(
    (v) => codeQualityIssue({
      description: `${v.kind === "tag" ? "tag" : "commit"} ${short(v.oid)}${v.subject ? ` (${v.subject})` : ""}: ${v.status}: ${v.message}`,
      check: `commit-${v.status}`,
      fingerprint: issueFingerprint(v.oid, v.status),
      severity: "critical",
      path: ".smtpfp.yml"
    })
  );
}
var warningLines = (warnings) => warnings.map((w) => `smtpfp: warning: ${w}
`).join("");
var verdictsReporter = {
  text: (r, opts) => verdictsText(r.verdicts, r.warnings, opts),
  json: (r) => verdictsJson(r.verdicts),
  jsonNotes: (r) => warningLines(r.warnings),
  github: (r, opts) => verdictsGithub(r.verdicts, r.warnings) + githubInert(verdictsText(r.verdicts, [], { ...opts, color: false })),
  gitlab: (r) => verdictsGitlab(r.verdicts)
};

// src/trust/new-branch.ts
async function newBranchPolicyCommit(repo, tip, trusted) {
  const defaults = await defaultBranches(repo, trusted);
  return newBranchBase(repo, tip, defaults.length > 0 ? defaults : trusted);
}

// src/trust/verify.ts
async function verifyListed(repo, commits, tags, trust) {
  async function* objects() {
    yield* readObjects(repo, commits, "commit");
    yield* readObjects(repo, tags, "tag");
  }
  return verifyObjects(objects(), trust, { concurrency: 16 });
}
var explicitSigners = (s) => s.fingerprints.length > 0;
var keysFromOutside = (s) => s.keyrings.length > 0 || Boolean(s.armoredKeys?.trim());
function tagTarget(raw) {
  const head = Buffer.from(raw.subarray(0, 200)).toString("latin1");
  return /^object ([0-9a-f]{40,64})\n/.exec(head)?.[1] ?? null;
}
async function verifyAgainstPolicies(repo, range, tags, loaded, opts) {
  if (explicitSigners(opts.sources)) {
    const commits = range ? await listCommits(repo, range) : [];
    return { verdicts: await verifyListed(repo, commits, tags, loaded.trust), warnings: [], notes: [] };
  }
  const history = new SignerHistory(repo, [...loaded.trust.allowed].sort(), opts.sources.treeKeyrings ?? []);
  const chain = await authorizeChain({
    history,
    commits: range ? await listCommitGraph(repo, range) : [],
    anchors: opts.trusted ? [opts.trusted] : [],
    keyring: loaded.trust.keyring,
    repositoryKeys: !keysFromOutside(opts.sources),
    // With no trusted base nothing is trusted anyway (a warning says so): a first commit names its signers.
    roots: opts.trusted ? "configured" : "own-policy"
  });
  const verdicts = chain.verdicts.map((v) => ({
    oid: v.oid,
    status: v.status,
    signer: v.signer,
    message: v.message,
    ...v.subject !== void 0 ? { subject: v.subject } : {},
    ...v.kind !== void 0 ? { kind: v.kind } : {}
  }));
  for await (const tag of readObjects(repo, tags, "tag")) {
    const target = tagTarget(tag.raw);
    const allowed = target && await hasCommit(repo, target) ? (await history.signersAt(target)).signers : history.configured;
    verdicts.push(...await verifyObjects([tag], { keyring: chain.keyring, allowed: new Set(allowed) }));
  }
  const notes = chain.changes.map(
    (c) => `the signers change at ${short(c.commit)} from ${c.from.join(", ")} to ${c.to.join(", ")}`
  );
  return { verdicts, warnings: [...history.warnings], notes };
}
async function verifyRequest(req) {
  const loaded = await loadTrust({
    repo: req.repo,
    trusted: req.policyCommit,
    tip: req.tip,
    sources: req.sources,
    ...req.hints ? { hints: req.hints } : {}
  });
  let tags = [];
  if (req.tags) {
    const range = req.range;
    tags = await listTags(
      req.repo,
      range.kind === "all" ? void 0 : new Set(await listCommits(req.repo, range))
    );
  }
  const outcome = await verifyAgainstPolicies(req.repo, req.range, tags, loaded, {
    sources: req.sources,
    trusted: req.policyCommit
  });
  return { ...outcome, warnings: [...loaded.warnings, ...outcome.warnings] };
}

export {
  summarize,
  verdictsText,
  verdictsJson,
  verdictsGithub,
  verdictsGitlab,
  warningLines,
  verdictsReporter,
  newBranchPolicyCommit,
  verifyAgainstPolicies,
  verifyRequest
};
