import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  Keyring,
  SignaturePacket,
  WEAK_HASHES,
  hashLabel,
  openpgp_exports,
  readSignature
} from "./chunk-DOLYYDC4.js";
import {
  readRegularFile
} from "./chunk-EJ7IZX3C.js";
import {
  parsePolicy,
  readPolicy
} from "./chunk-L4AZONXL.js";
import {
  normalizeFingerprint
} from "./chunk-JUYU6Q66.js";
import {
  CommitTree,
  ObjectReader
} from "./chunk-XS4NACP3.js";
import {
  POLICY_FILE
} from "./chunk-Y2T34S2R.js";
import {
  short
} from "./chunk-L3JPEFSX.js";
import {
  MAX_YAML_BYTES
} from "./chunk-HOVORFGY.js";
import {
  GitError,
  git,
  gitText
} from "./chunk-CRUGFJYM.js";
import {
  SmtpfpError,
  environmentError,
  printable
} from "./chunk-FWEKEFTV.js";

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
async function remoteBranchesAt(cwd, commit) {
  const out = await gitText(["for-each-ref", "--points-at", commit, "--format=%(refname)", "refs/remotes/"], {
    cwd
  });
  return out.split("\n").filter(Boolean);
}
function revListArgs(range, extra = []) {
  switch (range.kind) {
    case "between":
      return ["rev-list", ...extra, "--end-of-options", range.tip, `^${range.base}`];
    case "all":
      return ["rev-list", ...extra, "--all"];
    case "new-branch":
      return ["rev-list", ...extra, "--end-of-options", range.tip, ...range.trusted.map((r) => `^${r}`)];
  }
}
async function listCommits(cwd, range) {
  const out = await gitText(revListArgs(range), { cwd });
  return out ? out.split("\n") : [];
}
async function listCommitGraph(cwd, range, bounds = {}) {
  const extra = ["--no-commit-header", "--format=%H %T %P"];
  if (bounds.limit !== void 0) extra.unshift(`--max-count=${bounds.limit}`);
  const out = await gitText(revListArgs(range, extra), {
    cwd,
    ...bounds.maxOutputBytes !== void 0 ? { maxOutputBytes: bounds.maxOutputBytes } : {}
  });
  if (!out) return [];
  return out.split("\n").map((line) => {
    const [oid = "", tree = "", ...parents] = line.split(" ").filter(Boolean);
    return { oid, tree, parents };
  });
}
async function describeNames(cwd, names) {
  const found = /* @__PURE__ */ new Map();
  const sendable = [...new Set(names)].filter((n) => !/[\n\r\0]/.test(n));
  if (sendable.length === 0) return found;
  const { stdout } = await git(["cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)"], {
    cwd,
    input: `${sendable.join("\n")}
`
  });
  const lines = stdout.toString("latin1").split("\n");
  sendable.forEach((name, i) => {
    const m = /^([0-9a-f]{40,64}) (\w+) (\d+)$/.exec(lines[i] ?? "");
    if (m) found.set(name, { oid: m[1], type: m[2], size: Number(m[3]) });
  });
  return found;
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
var MAX_SIGNED_OBJECT_BYTES = 16 * 1024 * 1024;
async function objectSizes(cwd, oids, env) {
  const found = /* @__PURE__ */ new Map();
  if (oids.length === 0) return found;
  const { stdout } = await git(["cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)"], {
    cwd,
    input: `${oids.join("\n")}
`,
    ...env ? { env } : {}
  });
  for (const line of stdout.toString("latin1").split("\n")) {
    const [oid, type, size] = line.split(" ");
    if (oid && type && size && /^\d+$/.test(size)) found.set(oid, { type, size: Number(size) });
  }
  return found;
}
async function* readObjects(cwd, oids, kind, env) {
  const sizes = await objectSizes(cwd, oids, env);
  const reader = new ObjectReader(cwd, env);
  try {
    const AHEAD = 64;
    const pending = [];
    let next = 0;
    const read = (oid) => {
      const known = sizes.get(oid);
      if (!known) {
        return Promise.reject(
          new GitError(
            `object ${oid} is missing from the repository (a corrupt or incomplete repository?)`,
            "GIT_FAILED"
          )
        );
      }
      if (known.type !== kind) {
        return Promise.reject(
          new GitError(`object ${oid} is a ${known.type}, expected a ${kind}`, "GIT_FAILED")
        );
      }
      if (known.size > MAX_SIGNED_OBJECT_BYTES) {
        return Promise.resolve({
          oid,
          raw: new Uint8Array(0),
          kind,
          tooLarge: { size: known.size, cap: MAX_SIGNED_OBJECT_BYTES }
        });
      }
      return reader.read(oid).then((o) => {
        if (!o) throw new GitError(`object ${oid} is missing from the repository`, "GIT_FAILED");
        return { oid, raw: o.data, kind };
      });
    };
    const request = (oid) => {
      const p = read(oid);
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

// src/signing/payload.ts
var LF = 10;
var SP = 32;
var ascii = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0));
var GPGSIG = ascii("gpgsig");
var GPGSIG_SHA1 = ascii("gpgsig ");
var GPGSIG_SHA256 = ascii("gpgsig-sha256 ");
var SIGNATURE_STARTS = [
  [ascii("-----BEGIN PGP SIGNATURE-----"), "openpgp"],
  [ascii("-----BEGIN PGP MESSAGE-----"), "openpgp"],
  [ascii("-----BEGIN SIGNED MESSAGE-----"), "x509"],
  [ascii("-----BEGIN SSH SIGNATURE-----"), "ssh"]
];
var latin1 = new TextDecoder("latin1");
function startsWithAt(raw, pos, prefix) {
  if (pos + prefix.length > raw.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    if (raw[pos + i] !== prefix[i]) return false;
  }
  return true;
}
function lineEnd(raw, pos) {
  const eol = raw.indexOf(LF, pos);
  return eol < 0 ? raw.length : eol + 1;
}
function concat(parts) {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
function signatureKind(signature) {
  const head = ascii(signature.slice(0, 40));
  for (const [start, kind] of SIGNATURE_STARTS) {
    if (startsWithAt(head, 0, start)) return kind;
  }
  return "unknown";
}
function ownSignatureHeader(raw) {
  if (startsWithAt(raw, 0, ascii("tree "))) {
    const end = lineEnd(raw, 0);
    const idLength = end - "tree ".length - (raw[end - 1] === LF ? 1 : 0);
    if (idLength === 64) return GPGSIG_SHA256;
  }
  return GPGSIG_SHA1;
}
function walkHeader(raw, fateOf) {
  const kept = [];
  const captured = [];
  let fate = "keep";
  let changed = false;
  let pos = 0;
  while (pos < raw.length) {
    const next = lineEnd(raw, pos);
    let valueStart = pos + 1;
    if (raw[pos] !== SP) {
      if (raw[pos] === LF) {
        kept.push(raw.subarray(pos));
        break;
      }
      const [f, nameLength] = fateOf(pos);
      fate = f;
      valueStart = pos + nameLength;
    }
    if (fate === "keep") kept.push(raw.subarray(pos, next));
    else {
      changed = true;
      if (fate === "capture") captured.push(raw.subarray(valueStart, next));
    }
    pos = next;
  }
  return { kept, captured, changed };
}
function splitCommit(raw) {
  const own = ownSignatureHeader(raw);
  const { kept, captured } = walkHeader(raw, (pos) => {
    if (startsWithAt(raw, pos, own)) return ["capture", own.length];
    if (startsWithAt(raw, pos, GPGSIG)) return ["drop", 0];
    return ["keep", 0];
  });
  if (captured.length === 0) return { payload: raw, signature: null, kind: null };
  const text = latin1.decode(concat(captured));
  return { payload: concat(kept), signature: text, kind: signatureKind(text) };
}
function removeSignatureHeaders(raw) {
  const { kept, changed } = walkHeader(
    raw,
    (pos) => startsWithAt(raw, pos, GPGSIG_SHA1) || startsWithAt(raw, pos, GPGSIG_SHA256) ? ["drop", 0] : ["keep", 0]
  );
  return changed ? concat(kept) : raw;
}
function splitTag(raw) {
  let match = -1;
  let kind = null;
  for (let pos = 0; pos < raw.length; pos = lineEnd(raw, pos)) {
    for (const [start, k] of SIGNATURE_STARTS) {
      if (startsWithAt(raw, pos, start)) {
        match = pos;
        kind = k;
      }
    }
  }
  if (match < 0) return { payload: raw, signature: null, kind: null };
  return {
    payload: removeSignatureHeaders(raw.subarray(0, match)),
    signature: latin1.decode(raw.subarray(match)),
    kind
  };
}
function messageEncoding(raw, headerEnd) {
  const name = ascii("encoding ");
  for (let pos = 0; pos < headerEnd; pos = lineEnd(raw, pos)) {
    if (startsWithAt(raw, pos, name)) {
      const end = lineEnd(raw, pos);
      return latin1.decode(raw.subarray(pos + name.length, end)).trim();
    }
  }
  return null;
}
function decodeMessage(bytes, encoding) {
  if (encoding) {
    try {
      return new TextDecoder(encoding).decode(bytes);
    } catch {
    }
  }
  return new TextDecoder().decode(bytes);
}
function commitSubject(raw) {
  let pos = 0;
  while (pos < raw.length && raw[pos] !== LF) pos = lineEnd(raw, pos);
  const encoding = messageEncoding(raw, pos);
  for (pos += 1; pos < raw.length; pos = lineEnd(raw, pos)) {
    const line = raw.subarray(pos, lineEnd(raw, pos));
    if (SIGNATURE_STARTS.some(([start]) => startsWithAt(line, 0, start))) return "";
    const text = decodeMessage(line, encoding).replace(/[\r\n]+$/, "");
    if (text.trim() !== "") return printable(text);
  }
  return "";
}

// src/signing/signature-block.ts
var BEGIN = "-----BEGIN PGP SIGNATURE-----";
var END = "-----END PGP SIGNATURE-----";
var BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;
var ARMOR_HEADER = /^[A-Za-z][A-Za-z0-9-]*: /;
function dearmorSignature(text) {
  const lines = text.split("\n");
  let i = 0;
  while (i < lines.length && lines[i].trim() === "") i++;
  if (lines[i]?.trimEnd() !== BEGIN) return null;
  for (i++; i < lines.length && lines[i].trim() !== ""; i++) {
    if (!ARMOR_HEADER.test(lines[i])) return null;
  }
  let body = "";
  for (i++; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === END) {
      for (let rest = i + 1; rest < lines.length; rest++) if (lines[rest].trim() !== "") return null;
      if (body.length === 0 || body.length % 4 !== 0 || /=[^=]/.test(body)) return null;
      return new Uint8Array(Buffer.from(body, "base64"));
    }
    if (line.length === 5 && line.startsWith("=")) continue;
    if (!BASE64_LINE.test(line)) return null;
    body += line;
  }
  return null;
}
var SIGNATURE_TAG = 2;
function signatureBodies(data) {
  const bodies = [];
  let pos = 0;
  while (pos < data.length) {
    const header = data[pos];
    if ((header & 128) === 0) return null;
    let tag;
    let length;
    let start;
    if (header & 64) {
      tag = header & 63;
      const first = data[pos + 1];
      if (first === void 0) return null;
      if (first < 192) {
        length = first;
        start = pos + 2;
      } else if (first < 224) {
        length = (first - 192 << 8) + (data[pos + 2] ?? 0) + 192;
        start = pos + 3;
      } else if (first === 255) {
        length = new DataView(data.buffer, data.byteOffset + pos + 2, 4).getUint32(0);
        start = pos + 6;
      } else {
        return null;
      }
    } else {
      tag = header >> 2 & 15;
      const type = header & 3;
      if (type === 3) return null;
      const size = 1 << type;
      start = pos + 1 + size;
      if (start > data.length) return null;
      length = 0;
      for (let b = pos + 1; b < start; b++) length = length * 256 + data[b];
    }
    if (tag !== SIGNATURE_TAG || start + length > data.length) return null;
    bodies.push(data.subarray(start, start + length));
    pos = start + length;
  }
  return bodies.length > 0 ? bodies : null;
}
function readFast(text) {
  const binary = dearmorSignature(text);
  const bodies = binary && signatureBodies(binary);
  if (!bodies) return null;
  try {
    return bodies.map((body) => {
      const packet = new SignaturePacket();
      packet.read(body);
      return packet;
    });
  } catch {
    return null;
  }
}
async function readSignatureBlock(text) {
  const fast = readFast(text);
  if (fast) return fast;
  const signature = await readSignature({ armoredSignature: text });
  return [...signature.packets];
}

// src/signing/validity.ts
var iso = (ms) => new Date(ms).toISOString().replace(".000Z", "Z");
function governingStatement(statements) {
  return statements[statements.length - 1] ?? null;
}
function revocation(history, at, what) {
  for (const r of history.revocations) {
    const reason = r.reason === null ? "no reason given" : `reason ${r.reason}`;
    const by = r.designated ? " by its designated revocation key" : "";
    if (r.hard)
      return `${what} was revoked${by} on ${iso(r.created)} (${reason}: applies to every signature)`;
    if (r.created <= at)
      return `${what} was retired${by} on ${iso(r.created)} (${reason}), before this signature`;
  }
  return null;
}
function expiry(history, statement, at, what) {
  if (at < history.created) {
    return `${what} was created on ${iso(history.created)}, after the signature's date ${iso(at)}`;
  }
  if (statement?.expires != null && at >= statement.expires) {
    return `${what} expired on ${iso(statement.expires)}, before the signature's date ${iso(at)}`;
  }
  return null;
}
function judgeKey(key, at) {
  const primaryStatement = governingStatement(key.primary.statements);
  const ownStatement = key.isPrimary ? primaryStatement : governingStatement(key.own.statements);
  const what = key.isPrimary ? "the key" : `the signing subkey ${key.fingerprint}`;
  let unusable = key.verifier.unusable ?? key.verifier.weakness;
  if (!primaryStatement) unusable ??= "the key has no valid self-signature";
  else if (!ownStatement) unusable ??= `${what} is not bound to its primary key by a valid signature`;
  else if (!ownStatement.canSign) unusable ??= `${what} is not certified for signing`;
  const revoked = revocation(key.primary, at, key.isPrimary ? "the key" : "its primary key") ?? (key.isPrimary ? null : revocation(key.own, at, what));
  const expired = expiry(key.primary, primaryStatement, at, key.isPrimary ? "the key" : "its primary key") ?? (key.isPrimary ? null : expiry(key.own, ownStatement, at, what));
  return { unusable, revoked, expired };
}

// src/signing/verify.ts
var { enums } = openpgp_exports;
var iso2 = (d) => d ? d.toISOString().replace(".000Z", "Z") : "an unknown date";
var upperHex = (bytes) => Buffer.from(bytes).toString("hex").toUpperCase();
function issuerOf(sig) {
  const fingerprint = sig.issuerFingerprint?.length ? upperHex(sig.issuerFingerprint) : null;
  const keyId = sig.issuerKeyID.toHex().toUpperCase();
  return { fingerprint, keyId: /^0+$/.test(keyId) ? null : keyId, label: fingerprint ?? keyId };
}
function who(key) {
  const via = key.isPrimary ? "" : ` (subkey ${key.fingerprint})`;
  return key.userId ? `${key.userId} ${key.primaryFingerprint}${via}` : `${key.primaryFingerprint}${via}`;
}
function signerOf(key) {
  return key.isPrimary || key.own.statements.length > 0 ? key.primaryFingerprint : null;
}
function criticalUnknown(sig) {
  const subpacket = sig.unknownSubpackets.find((p) => p.critical);
  if (subpacket) return `the signature has an unknown critical subpacket (type ${subpacket.type})`;
  const notation = sig.rawNotations.find((n) => n.critical);
  if (notation) return `the signature has an unknown critical notation (${printable(notation.name)})`;
  return null;
}
async function checkPacket(sig, payload, trust) {
  const issuer = issuerOf(sig);
  const candidates = await trust.keyring.signingKeys(issuer);
  const first = candidates[0];
  if (sig.hashAlgorithm !== null && WEAK_HASHES.has(sig.hashAlgorithm)) {
    return {
      status: "weak-hash",
      signer: null,
      message: `expected a SHA-2 (or stronger) digest, got ${hashLabel(sig.hashAlgorithm)} (the signature names the issuer ${issuer.label})`
    };
  }
  if (!first) {
    return { status: "unknown-key", signer: null, message: `no public key for the issuer ${issuer.label}` };
  }
  const strong = candidates.filter((c) => c.verifier.weakness === null);
  if (strong.length === 0) {
    return {
      status: "weak-key",
      signer: null,
      message: `${first.verifier.weakness} (the signature names the issuer key ${who(first)}; not checked further)`
    };
  }
  if (sig.signatureType !== enums.signature.binary && sig.signatureType !== enums.signature.text) {
    return {
      status: "bad-signature",
      signer: null,
      message: `expected a document signature (type 0x00 or 0x01), got type 0x${(sig.signatureType ?? 0).toString(16)}`
    };
  }
  let key;
  let failure = "";
  for (const candidate of strong) {
    const reason = await candidate.verifier.check(sig, payload);
    if (reason === null) {
      key = candidate;
      break;
    }
    failure ||= reason;
  }
  if (!key) {
    return {
      status: "bad-signature",
      signer: null,
      message: `${failure} (claimed issuer: key ${who(first)})`
    };
  }
  const made = sig.created;
  const signer = signerOf(key);
  if (!made) return { status: "bad-signature", signer, message: "the signature has no creation time" };
  const critical = criticalUnknown(sig);
  if (critical) return { status: "bad-signature", signer, message: `${critical} (${who(key)})` };
  const judgement = judgeKey(key, made.getTime());
  const against = [
    ["bad-signature", judgement.unusable],
    ["revoked-key", judgement.revoked],
    ["expired-key", judgement.expired]
  ];
  for (const [status, reason] of against) {
    if (reason) return { status, signer, message: `${reason} (${who(key)})` };
  }
  if (!trust.allowed.has(key.primaryFingerprint)) {
    return {
      status: "not-allowed",
      signer,
      message: `valid signature made ${iso2(made)} by ${who(key)}, which is not an allowed signer`
    };
  }
  return { status: "good", signer, message: `good signature made ${iso2(made)} by ${who(key)}` };
}
async function verifySignedObject(obj, trust) {
  if (obj.signature === null) return { status: "unsigned", signer: null, message: "no signature" };
  switch (obj.kind) {
    case "ssh":
      return {
        status: "unsupported",
        signer: null,
        message: "an SSH signature (gpg.format=ssh): only OpenPGP signatures are supported"
      };
    case "x509":
      return {
        status: "unsupported",
        signer: null,
        message: "an X.509 (CMS) signature (gpg.format=x509): only OpenPGP signatures are supported"
      };
    case "openpgp":
      break;
    default:
      return {
        status: "bad-signature",
        signer: null,
        message: "expected an OpenPGP signature, got unknown data"
      };
  }
  const blocks = obj.signature.split("-----BEGIN PGP SIGNATURE-----").length - 1;
  if (blocks > 1) {
    return {
      status: "bad-signature",
      signer: null,
      message: `expected one signature block, got ${blocks} (several gpgsig fields)`
    };
  }
  let packets;
  try {
    packets = await readSignatureBlock(obj.signature);
  } catch (e) {
    return {
      status: "bad-signature",
      signer: null,
      message: `the signature cannot be read: ${e instanceof Error ? e.message : String(e)}`
    };
  }
  if (packets.length !== 1) {
    return {
      status: "bad-signature",
      signer: null,
      message: packets.length === 0 ? "the signature block holds no signature" : `expected exactly one signature packet, got ${packets.length}`
    };
  }
  try {
    const checks = await Promise.all(packets.map((p) => checkPacket(p, obj.payload, trust)));
    return checks.find((c) => c.status === "good") ?? checks[0];
  } catch (e) {
    return {
      status: "bad-signature",
      signer: null,
      message: `the signature cannot be checked: ${e instanceof Error ? e.message : String(e)}`
    };
  }
}
async function verdictFor(object, trust) {
  if (object.tooLarge !== void 0) {
    return {
      oid: object.oid,
      status: "bad-signature",
      signer: null,
      message: `expected a ${object.kind} object of at most ${object.tooLarge.cap} bytes, got ${object.tooLarge.size} bytes: not read, not verified`,
      kind: object.kind
    };
  }
  const split = object.kind === "tag" ? splitTag(object.raw) : splitCommit(object.raw);
  const check = await verifySignedObject(split, trust);
  return { oid: object.oid, ...check, subject: commitSubject(object.raw), kind: object.kind };
}
async function verifyObjects(objects, trust, opts = {}) {
  const limit = Math.max(1, opts.concurrency ?? 16);
  const verdicts = [];
  const inFlight = /* @__PURE__ */ new Set();
  for await (const object of objects) {
    const verdict = verdictFor(object, trust);
    verdicts.push(verdict);
    const settled = verdict.then(
      () => {
        inFlight.delete(settled);
      },
      () => {
        inFlight.delete(settled);
      }
    );
    inFlight.add(settled);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  return Promise.all(verdicts);
}

// src/trust/load.ts
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

// src/trust/errors.ts
var TrustError = class extends SmtpfpError {
  name = "TrustError";
};

// src/trust/load.ts
var MAX_KEY_FILE = 4 * 1024 * 1024;
var MAX_KEY_FOLDER_BYTES = 16 * 1024 * 1024;
var MAX_KEY_FOLDER_FILES = 256;
function isKeyFileName(name) {
  const base = name.split("/").pop() ?? name;
  if (base.startsWith(".")) return false;
  return !base.includes(".") || /\.(asc|gpg|pgp|key|pub)$/i.test(base);
}
async function keyFilesOnDisk(path) {
  const st = await stat(path).catch(() => void 0);
  if (!st) throw environmentError(`keyring '${path}' does not exist or cannot be read`);
  if (st.isDirectory()) {
    const names = (await readdir(path)).filter(isKeyFileName).sort();
    const out = [];
    for (const n of names) {
      const full = join(path, n);
      const s = await stat(full);
      if (s.isFile()) out.push(...await keyFilesOnDisk(full));
    }
    if (out.length === 0) throw environmentError(`keyring folder '${path}' holds no key file`);
    return out;
  }
  const read = readRegularFile(path, { maxBytes: MAX_KEY_FILE, follow: true });
  if ("data" in read) return [{ name: path, data: read.data }];
  if (read.problem === "too-large")
    throw environmentError(`keyring '${path}' is over 4 MiB: expected public keys`);
  throw environmentError(`keyring '${path}' ${read.message}: expected a key file or a folder of key files`);
}
async function keyFilesInTree(tree, path, commit) {
  const files = tree.entriesUnder(path).filter((e) => e.kind === "file" && (e.path === path.replace(/\/+$/, "") || isKeyFileName(e.path)));
  const where = `'${path.replace(/\/+$/, "")}' at ${short(commit)}`;
  if (files.length > MAX_KEY_FOLDER_FILES)
    throw new TrustError(
      "KEYRING_UNUSABLE",
      `${where} holds ${files.length} key files, over ${MAX_KEY_FOLDER_FILES}: expected a few public keys; not read`
    );
  let total = 0;
  for (const f of files) {
    if (f.size > MAX_KEY_FILE)
      throw new TrustError("KEYRING_UNUSABLE", `key file '${f.path}' is over 4 MiB: expected public keys`);
    total += f.size;
  }
  if (total > MAX_KEY_FOLDER_BYTES)
    throw new TrustError(
      "KEYRING_UNUSABLE",
      `the key files of ${where} hold ${total} bytes, over the cap of ${MAX_KEY_FOLDER_BYTES}: expected a few public keys; not read`
    );
  const out = [];
  for (const f of files) {
    out.push({ name: `${f.path} (at ${short(commit)})`, data: await tree.read(f.path) });
  }
  return out;
}
async function policyOf(at) {
  const read = await readPolicy(at.tree);
  switch (read.kind) {
    case "absent":
      return void 0;
    case "too-large":
      throw new TrustError(
        "POLICY_UNUSABLE",
        `the policy ${POLICY_FILE} at commit ${short(at.commit)} is over 1 MiB: not read`
      );
    case "unusable":
      throw new TrustError(
        "POLICY_UNUSABLE",
        `the policy at commit ${short(at.commit)} is unusable: ${read.problem}`
      );
    case "found":
      return read.policy;
  }
}
function allowedSigners(fingerprints, hints) {
  return fingerprints.map((f) => {
    const n = normalizeFingerprint(f);
    if (!n) {
      const what = hints ? `${hints.fingerprint} expects` : "an allowed signer: expected";
      throw new TrustError("BAD_FINGERPRINT", `${what} 40 or 64 hex digits (spaces allowed), got '${f}'`);
    }
    return n;
  });
}
async function trustFrom(at, sources, hints) {
  const warnings = [];
  const files = [...sources.keyFiles ?? []];
  for (const path of sources.treeKeyrings ?? []) {
    if (!at) {
      throw new TrustError(
        "KEYRING_UNUSABLE",
        `keyring '${path}' is in a repository without a commit to read it at`
      );
    }
    const inTree = await keyFilesInTree(at.tree, path, at.commit);
    if (inTree.length === 0) {
      throw new TrustError(
        "KEYRING_UNUSABLE",
        `keyring '${path}' holds no key file in ${at.atTip ? "the commit" : "the trusted commit"} ${short(at.commit)}: expected public keys there (a regular file or a folder of .asc/.gpg files)`
      );
    }
    if (at.atTip) {
      warnings.push(
        `no trusted base commit: keyring '${path}' is read from ${short(at.commit)}, which the verified commits could have written`
      );
    }
    files.push(...inTree);
  }
  const needPolicy = sources.fingerprints.length === 0 || sources.keyrings.length === 0 && !sources.armoredKeys;
  let policy;
  if (needPolicy && at) {
    policy = await policyOf(at);
    if (policy && at.atTip) {
      warnings.push(
        `no trusted base commit: the policy ${POLICY_FILE} is read at the tip ${short(at.commit)}, which the verified commits could have written`
      );
    }
  }
  let allowed;
  let signersFrom;
  if (sources.fingerprints.length > 0) {
    allowed = allowedSigners(sources.fingerprints, hints);
    signersFrom = "the command line";
  } else {
    allowed = policy?.signers ?? [];
    signersFrom = `${POLICY_FILE} at ${at ? short(at.commit) : "?"}`;
  }
  if (allowed.length === 0) {
    throw new TrustError(
      "NO_SIGNERS",
      `no allowed signer: ${hints ? `give ${hints.signers} or ` : ""}list signers in ${POLICY_FILE}${at ? ` (read at ${short(at.commit)})` : ""}`
    );
  }
  for (const k of sources.keyrings) files.push(...await keyFilesOnDisk(k));
  if (sources.armoredKeys?.trim())
    files.push({ name: "the keys input", data: Buffer.from(sources.armoredKeys, "utf8") });
  if (files.length === 0) {
    if (policy?.keyring && at) {
      const inCommit = await keyFilesInTree(at.tree, policy.keyring, at.commit);
      if (inCommit.length === 0) {
        throw new TrustError(
          "NO_PUBLIC_KEYS",
          `the policy's keyring '${policy.keyring}' holds no key file at commit ${short(at.commit)}`
        );
      }
      files.push(...inCommit);
    } else {
      throw new TrustError(
        "NO_PUBLIC_KEYS",
        `no public keys: ${hints ? `give ${hints.keys} or ` : ""}set keyring in ${POLICY_FILE}`
      );
    }
  }
  const keyring = await Keyring.fromFiles(files, warnings);
  const known = new Set(keyring.primaryFingerprints());
  for (const fpr of allowed) {
    if (!known.has(fpr))
      warnings.push(
        `allowed signer ${fpr} has no public key among the keys given: its commits will be unknown-key`
      );
  }
  return { trust: { keyring, allowed: new Set(allowed) }, warnings, signersFrom };
}
async function loadTrust(req) {
  const commit = req.trusted ?? req.tip;
  if (!commit) return trustFrom(null, req.sources, req.hints);
  const tree = await CommitTree.open(req.repo, commit, `commit ${short(commit)}`);
  try {
    return await trustFrom({ tree, commit, atTip: req.trusted === null }, req.sources, req.hints);
  } finally {
    tree.close();
  }
}

// src/trust/rotation.ts
var KEYS_FOLDER = "keys";
var MAX_HISTORY_KEY_BYTES = 64 * 1024 * 1024;
var sorted = (list2) => [...new Set(list2)].sort();
function signerSetOf(policy, configured) {
  const keyring = policy?.keyring !== void 0 ? treePath(policy.keyring) : null;
  if (policy && policy.signers.length > 0)
    return { signers: sorted(policy.signers), fromPolicy: true, keyring };
  return { signers: sorted(configured), fromPolicy: false, keyring };
}
function treePath(path) {
  const clean = path.replace(/\/+$/, "");
  if (clean === "" || clean.startsWith("/")) return null;
  if (clean.split("/").some((seg) => seg === "" || seg === "." || seg === "..")) return null;
  return clean;
}
var sameSigners = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
var SignerHistory = class {
  constructor(repo, configured, keyPaths = []) {
    this.repo = repo;
    this.configured = configured;
    this.keyPaths = keyPaths;
  }
  repo;
  configured;
  keyPaths;
  sets = /* @__PURE__ */ new Map();
  /** Key-holding objects already read, by object id (a keys folder rarely changes). */
  keyObjects = /* @__PURE__ */ new Set();
  files = [];
  /** Bytes of key files kept so far; past MAX_HISTORY_KEY_BYTES no more keys are read. */
  keyBytes = 0;
  /** `TREE:path` (or `COMMIT:path`) names already resolved (null: nothing there). */
  named = /* @__PURE__ */ new Map();
  /** The root tree of commits whose tree is known: commits sharing a tree are asked about once. */
  trees = /* @__PURE__ */ new Map();
  warnings = [];
  /** Notes the root trees of listed commits, so that commits with the same tree share lookups. */
  knowTrees(commits) {
    for (const c of commits) if (c.tree) this.trees.set(c.oid, c.tree);
  }
  name(commit, path) {
    return `${this.trees.get(commit) ?? commit}:${path}`;
  }
  /** Reads the policies of these commits (those not read yet). */
  async loadPolicies(commits) {
    const todo = [...new Set(commits)].filter((c) => !this.sets.has(c));
    if (todo.length === 0) return;
    const named = await this.resolve(
      todo.flatMap((c) => [this.name(c, POLICY_FILE), this.name(c, KEYS_FOLDER)])
    );
    const blobs = /* @__PURE__ */ new Map();
    const reader = new ObjectReader(this.repo);
    try {
      for (const c of todo) {
        const obj = named.get(this.name(c, POLICY_FILE));
        let policy;
        if (obj && obj.type === "blob" && obj.size <= MAX_YAML_BYTES) {
          if (!blobs.has(obj.oid)) {
            const data = (await reader.read(obj.oid))?.data;
            const parsed = data ? parsePolicy(POLICY_FILE, data) : void 0;
            blobs.set(obj.oid, parsed && "policy" in parsed ? parsed.policy : void 0);
          }
          policy = blobs.get(obj.oid);
        }
        this.sets.set(c, signerSetOf(policy, this.configured));
      }
    } finally {
      reader.close();
    }
  }
  /** Resolves `COMMIT:path` names, asking git only about those not resolved before. */
  async resolve(names) {
    const missing = names.filter((n) => !this.named.has(n));
    if (missing.length > 0) {
      const found = await describeNames(this.repo, missing);
      for (const n of missing) this.named.set(n, found.get(n) ?? null);
    }
    const out = /* @__PURE__ */ new Map();
    for (const n of names) {
      const obj = this.named.get(n);
      if (obj) out.set(n, obj);
    }
    return out;
  }
  /** The signer set in force at a commit (its policy is read when it was not yet). */
  async signersAt(commit) {
    await this.loadPolicies([commit]);
    return this.sets.get(commit);
  }
  /**
   * Reads the keys at these commits: the `keys/` folder and the policy's keyring path. A folder or
   * file already read (same object id) is not read again. Unreadable keys are warnings.
   */
  async loadKeys(commits) {
    const unique = [...new Set(commits)];
    await this.loadPolicies(unique);
    const wanted = [];
    for (const c of unique) {
      const paths = /* @__PURE__ */ new Set([KEYS_FOLDER, ...this.keyPaths.flatMap((p) => treePath(p) ?? [])]);
      const own = this.sets.get(c)?.keyring;
      if (own) paths.add(own);
      for (const path of paths) wanted.push({ commit: c, path });
    }
    const named = await this.resolve(wanted.map((w) => this.name(w.commit, w.path)));
    const toRead = /* @__PURE__ */ new Map();
    for (const w of wanted) {
      const obj = named.get(this.name(w.commit, w.path));
      if (!obj || obj.type !== "tree" && obj.type !== "blob") continue;
      if (this.keyObjects.has(obj.oid) || toRead.has(obj.oid)) continue;
      toRead.set(obj.oid, w);
    }
    const byCommit = /* @__PURE__ */ new Map();
    for (const [oid, w] of toRead) {
      this.keyObjects.add(oid);
      byCommit.set(w.commit, [...byCommit.get(w.commit) ?? [], w.path]);
    }
    for (const [commit, paths] of byCommit) {
      const tree = await CommitTree.open(this.repo, commit, `commit ${short(commit)}`);
      try {
        for (const path of paths) {
          if (this.keyBytes > MAX_HISTORY_KEY_BYTES) {
            this.warnings.push(
              `${path} at ${short(commit)}: not read, the history's key files are over ${MAX_HISTORY_KEY_BYTES} bytes`
            );
            continue;
          }
          try {
            const files = await keyFilesInTree(tree, path, commit);
            this.keyBytes += files.reduce((n, f) => n + f.data.length, 0);
            this.files.push(...files);
          } catch (e) {
            this.warnings.push(`${path} at ${short(commit)}: ${e.message}`);
          }
        }
      } finally {
        tree.close();
      }
    }
  }
  /** Every key read so far, with `extra` (the operator's or the command line's keys). */
  async keyring(extra) {
    const rings = [extra];
    for (const f of this.files) {
      try {
        rings.push(await Keyring.fromFiles([f], this.warnings));
      } catch (e) {
        this.warnings.push(`${f.name}: ${e.message}`);
      }
    }
    return Keyring.merge(...rings);
  }
};
var list = (s) => s.length ? s.join(", ") : "nobody";
async function authorizeChain(input) {
  const { history, commits } = input;
  history.knowTrees(commits);
  const all = [.../* @__PURE__ */ new Set([...commits.flatMap((c) => [c.oid, ...c.parents]), ...input.anchors])];
  await history.loadPolicies(all);
  if (input.repositoryKeys) await history.loadKeys([...input.anchors, ...commits.map((c) => c.oid)]);
  const keyring = input.repositoryKeys ? await history.keyring(input.keyring) : input.keyring;
  const judge = async (c, raw) => {
    const own = await history.signersAt(c.oid);
    const parentSets = await Promise.all(c.parents.map((p) => history.signersAt(p)));
    const inForce = c.parents.length > 0 ? c.parents.map((p, k) => ({ parent: p, signers: parentSets[k].signers })) : [{ parent: null, signers: input.roots === "own-policy" ? own.signers : history.configured }];
    const allowed = new Set(inForce.flatMap((s) => s.signers));
    const [verdict] = await verifyObjects([raw], { keyring, allowed });
    const judged = {
      ...verdict,
      parents: c.parents,
      authorizedBy: null,
      signers: own.signers
    };
    if (judged.status === "good") {
      const by = inForce.find((s) => judged.signer !== null && s.signers.includes(judged.signer));
      judged.authorizedBy = by?.parent ?? null;
    } else if (judged.status === "not-allowed" || judged.status === "unknown-key") {
      const where = inForce.map((s) => s.parent ? `${list(s.signers)} at ${short(s.parent)}` : list(s.signers)).join("; ");
      judged.message = `${judged.message} (signers in force: ${where})`;
    }
    return judged;
  };
  const pending = [];
  const inFlight = /* @__PURE__ */ new Set();
  const LIMIT = 16;
  let index = 0;
  for await (const raw of readObjects(
    history.repo,
    commits.map((c) => c.oid),
    "commit"
  )) {
    const p = judge(commits[index++], raw);
    pending.push(p);
    const settled = p.then(
      () => {
        inFlight.delete(settled);
      },
      () => {
        inFlight.delete(settled);
      }
    );
    inFlight.add(settled);
    if (inFlight.size >= LIMIT) await Promise.race(inFlight);
  }
  const verdicts = await Promise.all(pending);
  const changes = [];
  for (const v of verdicts) {
    if (v.authorizedBy === null) continue;
    const from = (await history.signersAt(v.authorizedBy)).signers;
    if (!sameSigners(from, v.signers)) changes.push({ commit: v.oid, signer: v.signer, from, to: v.signers });
  }
  return {
    verdicts,
    authorized: verdicts.every((v) => v.status === "good"),
    changes: changes.reverse(),
    keyring
  };
}

export {
  defaultBranches,
  otherRemoteBranches,
  remoteBranchesAt,
  listCommits,
  listCommitGraph,
  listTags,
  readObjects,
  hasCommit,
  newBranchBase,
  splitCommit,
  splitTag,
  verifySignedObject,
  verifyObjects,
  keyFilesInTree,
  loadTrust,
  KEYS_FOLDER,
  SignerHistory,
  authorizeChain
};
