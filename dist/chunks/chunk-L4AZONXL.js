import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  normalizeFingerprint
} from "./chunk-JUYU6Q66.js";
import {
  CommitTree,
  IndexTree
} from "./chunk-XS4NACP3.js";
import {
  POLICY_FILE,
  resolveCommit
} from "./chunk-Y2T34S2R.js";
import {
  short
} from "./chunk-L3JPEFSX.js";
import {
  firstProblem
} from "./chunk-SMY7YJGK.js";
import {
  MAX_YAML_BYTES,
  loadYaml,
  schemaFindings
} from "./chunk-HOVORFGY.js";

// src/format/policy.ts
function parsePolicy(file, bytes) {
  const findings = [];
  const unusable = () => ({ problem: firstProblem(file, findings), findings });
  const loaded = loadYaml(file, bytes, findings);
  if (!loaded) return unusable();
  findings.push(...schemaFindings("policy", file, loaded.data, loaded.source));
  if (findings.length > 0) return unusable();
  const data = loaded.data;
  const policy = { signers: (data.signers ?? []).map((s) => normalizeFingerprint(s)) };
  if (data.keyring !== void 0) policy.keyring = data.keyring;
  return { policy, findings };
}

// src/trust/policy.ts
async function readPolicy(tree) {
  const entry = await tree.entry(POLICY_FILE);
  if (!entry) return { kind: "absent" };
  if (entry.kind !== "file" || entry.path !== POLICY_FILE) {
    return { kind: "unusable", problem: `expected a regular file, got a ${entry.kind} at ${entry.path}` };
  }
  if (entry.size > MAX_YAML_BYTES) return { kind: "too-large" };
  const parsed = parsePolicy(POLICY_FILE, await tree.read(POLICY_FILE));
  return "problem" in parsed ? { kind: "unusable", problem: parsed.problem } : { kind: "found", policy: parsed.policy };
}
async function trustedPolicy(repo) {
  const notes = [];
  const head = await resolveCommit(repo, "HEAD");
  const where = head ? `HEAD (${short(head)})` : "the index";
  const tree = head ? await CommitTree.open(repo, head, where) : await IndexTree.open(repo);
  let read;
  try {
    read = await readPolicy(tree);
  } finally {
    tree.close();
  }
  switch (read.kind) {
    case "absent":
      notes.push(`no ${POLICY_FILE} in ${where}: the signing key is not checked against allowed signers`);
      return { notes };
    case "too-large":
      notes.push(`${POLICY_FILE} in ${where} is over 1 MiB (not read): the signing key is not checked`);
      return { notes };
    case "unusable":
      if (!head) notes.push(`no commit yet: the allowed signers are read from ${POLICY_FILE} in the index`);
      notes.push(`${POLICY_FILE} in ${where} is unusable (${read.problem}): the signing key is not checked`);
      return { notes };
  }
  if (!head) notes.push(`no commit yet: the allowed signers are read from ${POLICY_FILE} in the index`);
  const signers = read.policy.signers;
  if (signers.length === 0) {
    notes.push(`${POLICY_FILE} in ${where} lists no signers: the signing key is not checked`);
    return { notes };
  }
  return { policy: { signers, where: `${POLICY_FILE} in ${where}` }, notes };
}

export {
  parsePolicy,
  readPolicy,
  trustedPolicy
};
