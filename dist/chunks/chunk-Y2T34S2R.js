import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  isObjectId
} from "./chunk-L3JPEFSX.js";
import {
  MAX_YAML_BYTES,
  describeValue,
  loadYaml,
  schemaFindings
} from "./chunk-HOVORFGY.js";
import {
  git,
  gitText
} from "./chunk-CRUGFJYM.js";
import {
  DATE_FORMS,
  formatInstant,
  parseValidAfter
} from "./chunk-DUYTJGPC.js";
import {
  jsonStringify,
  printable
} from "./chunk-FWEKEFTV.js";

// src/git/repo.ts
async function locateRepository(dir) {
  try {
    const out = await gitText(["rev-parse", "--is-inside-work-tree", "--show-toplevel", "--show-prefix"], {
      cwd: dir
    });
    const [inside, top, prefix = ""] = out.split("\n");
    if (inside !== "true" || !top) return void 0;
    return { top, prefix: prefix.trim() };
  } catch {
    return void 0;
  }
}
async function locateHistory(dir) {
  const loc = await locateRepository(dir);
  if (loc) return loc.top;
  try {
    const out = await gitText(["rev-parse", "--is-bare-repository", "--absolute-git-dir"], { cwd: dir });
    const [bare, gitDir] = out.split("\n");
    return bare === "true" && gitDir ? gitDir : void 0;
  } catch {
    return void 0;
  }
}
async function resolveCommit(cwd, rev) {
  const r = await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], {
    cwd,
    okCodes: [1, 128]
  });
  const oid = r.stdout.toString("latin1").trim();
  return r.code === 0 && oid ? oid : void 0;
}
async function whyNoCommit(cwd, rev) {
  const oid = await resolveObject(cwd, rev);
  if (!oid) return "names no commit in this repository";
  const type = await objectType(cwd, oid);
  if (type !== "commit" && type !== "tag") return `names a ${type ?? "missing object"}, not a commit`;
  const r = await git(["rev-parse", "--verify", "--end-of-options", `${rev}^{commit}`], {
    cwd,
    okCodes: [1, 128]
  });
  const said = /^error: (.*)$/m.exec(r.stderr)?.[1];
  const what = type === "tag" ? `the tag ${oid}, whose target` : `the commit object ${oid}, which`;
  return `names ${what} git refuses to parse: a malformed commit${said ? ` (git: ${printable(said.slice(0, 200))})` : ""}`;
}
async function configValue(cwd, key) {
  const r = await git(["config", "--get", key], { cwd, okCodes: [1] });
  return r.code === 0 ? r.stdout.toString("utf8").trim() : void 0;
}
async function resolveObject(repo, name) {
  const r = await git(["rev-parse", "--verify", "--quiet", "--end-of-options", name], {
    cwd: repo,
    okCodes: [1, 128]
  });
  const oid = r.stdout.toString("latin1").trim();
  return r.code === 0 && isObjectId(oid) ? oid : void 0;
}
async function objectType(repo, oid) {
  const r = await git(["cat-file", "-t", oid], { cwd: repo, okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.toString("latin1").trim() : void 0;
}

// src/x509/certificate.ts
import { createHash, X509Certificate } from "node:crypto";

// src/x509/der.ts
function readNode(buf, at, limit = buf.length) {
  if (at + 2 > limit) throw new Error("truncated DER");
  const tag = buf[at];
  let len = buf[at + 1];
  let p = at + 2;
  if (len & 128) {
    const n = len & 127;
    if (n === 0 || n > 4 || p + n > limit) throw new Error("bad DER length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i];
    p += n;
  }
  if (p + len > limit) throw new Error("truncated DER");
  return { tag, start: at, contentStart: p, end: p + len };
}
function children(buf, node) {
  const out = [];
  let p = node.contentStart;
  while (p < node.end) {
    const c = readNode(buf, p, node.end);
    out.push(c);
    p = c.end;
  }
  return out;
}
function oidText(buf, node) {
  if (node.tag !== 6) throw new Error("expected an OID");
  const parts = [];
  let v = 0;
  for (let p = node.contentStart; p < node.end; p++) {
    const b = buf[p];
    v = v * 128 + (b & 127);
    if (!(b & 128)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}
function timeValue(buf, node) {
  const s = Buffer.from(buf.subarray(node.contentStart, node.end)).toString("latin1");
  const m = node.tag === 23 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) throw new Error(`bad certificate time '${s}'`);
  let year = +m[1];
  if (node.tag === 23) year += year >= 50 ? 1900 : 2e3;
  const t = Date.UTC(year, +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return new Date(t).setUTCFullYear(year);
}
function trailingBytes(der) {
  return der.length - readNode(der, 0).end;
}
function readCertificate(der) {
  const cert = readNode(der, 0);
  if (cert.end !== der.length) throw new Error("bytes after the certificate");
  const [tbs, sigAlg] = children(der, cert);
  if (!tbs || !sigAlg) throw new Error("not a certificate");
  const t = children(der, tbs);
  const off = t[0]?.tag === 160 ? 1 : 0;
  const validity = t[off + 3];
  const spki = t[off + 5];
  if (!validity || !spki) throw new Error("not a certificate");
  const [nb, na] = children(der, validity);
  if (!nb || !na) throw new Error("certificate validity is incomplete");
  const alg = children(der, sigAlg);
  if (!alg[0]) throw new Error("certificate has no signature algorithm");
  const signatureOid = oidText(der, alg[0]);
  const fields = {
    notBefore: timeValue(der, nb),
    notAfter: timeValue(der, na),
    signatureOid,
    spki: der.subarray(spki.start, spki.end),
    der: der.subarray(cert.start, cert.end)
  };
  if (signatureOid === "1.2.840.113549.1.1.10") {
    fields.pssHashOid = "1.3.14.3.2.26";
    const params = alg[1];
    if (params && params.tag === 48) {
      const hashField = children(der, params).find((n) => n.tag === 160);
      if (hashField) {
        const hashAlg = children(der, hashField)[0];
        const oid = hashAlg && children(der, hashAlg)[0];
        if (oid) fields.pssHashOid = oidText(der, oid);
      }
    }
  }
  return fields;
}

// src/x509/certificate.ts
var MAX_CERT_BYTES = 64 * 1024;
var WEAK_SIGNATURES = {
  "1.2.840.113549.1.1.2": "MD2 with RSA",
  "1.2.840.113549.1.1.3": "MD4 with RSA",
  "1.2.840.113549.1.1.4": "MD5 with RSA",
  "1.2.840.113549.1.1.5": "SHA-1 with RSA",
  "1.2.840.10045.4.1": "ECDSA with SHA-1",
  "1.2.840.10040.4.3": "DSA with SHA-1",
  "1.3.14.3.2.29": "SHA-1 with RSA (OIW)"
};
var WEAK_HASHES = {
  "1.3.14.3.2.26": "SHA-1",
  "1.2.840.113549.2.5": "MD5"
};
var GOOD_CURVES = /* @__PURE__ */ new Set(["prime256v1", "secp384r1", "secp521r1"]);
function pemBlocks(text) {
  const labels = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]{1,64})-----/g)].map((m) => m[1]);
  const certificates = [];
  const begin = /-----BEGIN CERTIFICATE-----/g;
  for (let m = begin.exec(text); m; m = begin.exec(text)) {
    const endMarker = "-----END CERTIFICATE-----";
    const end = text.indexOf(endMarker, begin.lastIndex);
    if (end < 0) {
      certificates.push("");
      break;
    }
    certificates.push(text.slice(begin.lastIndex, end));
    begin.lastIndex = end + endMarker.length;
  }
  return { labels, certificates };
}
function hexColons(digest) {
  return digest.toString("hex").toUpperCase().replace(/(..)(?!$)/g, "$1:");
}
function decodeBase64Strict(body) {
  const compact = body.replace(/[\r\n\t ]/g, "");
  if (compact.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0)
    return void 0;
  return Buffer.from(compact, "base64");
}
function trailingOf(der) {
  try {
    return trailingBytes(der);
  } catch {
    return 0;
  }
}
function keyProblem(cert) {
  let key;
  try {
    key = cert.publicKey;
  } catch {
    return "expected an RSA, EC or EdDSA key, got a key algorithm this system does not know";
  }
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  switch (type) {
    case "rsa":
    case "rsa-pss": {
      const bits = details.modulusLength ?? 0;
      return bits < 2048 ? `expected an RSA key of at least 2048 bits, got ${bits} bits` : void 0;
    }
    case "ec": {
      const curve = details.namedCurve ?? "an unnamed curve";
      return GOOD_CURVES.has(curve) ? void 0 : `expected an EC key on P-256, P-384 or P-521, got ${curve}`;
    }
    case "ed25519":
    case "ed448":
      return void 0;
    case "dsa":
      return "expected an RSA, EC or EdDSA key, got DSA (deprecated for TLS)";
    default:
      return `expected an RSA, EC or EdDSA key, got ${type ?? "an unknown key type"}`;
  }
}
function analyzeCertificateFile(bytes) {
  const problems = [];
  const text = Buffer.from(bytes).toString("latin1");
  const { labels, certificates } = pemBlocks(text);
  const secret = labels.find((l) => l.includes("PRIVATE KEY"));
  if (secret) {
    problems.push({
      rule: "private-key",
      severity: "error",
      message: `the file holds a ${secret} block: a private key must never be committed (remove it from the history and replace the key)`
    });
  }
  if (certificates.length === 0) {
    problems.push({
      rule: "cert-parse",
      severity: "error",
      message: labels.length ? `expected a PEM CERTIFICATE block, found only ${labels.map((l) => `'${l}'`).join(", ")}` : "expected a PEM CERTIFICATE block (-----BEGIN CERTIFICATE-----), found none"
    });
    return { problems };
  }
  let leaf;
  for (const [i, body] of certificates.entries()) {
    const which = i === 0 ? "the leaf (first) certificate" : `certificate ${i + 1} of the chain`;
    const der = decodeBase64Strict(body);
    if (!der) {
      problems.push({
        rule: "cert-parse",
        severity: "error",
        message: `${which} is not valid PEM: expected base64 between BEGIN and END lines`
      });
      continue;
    }
    const extra = trailingOf(der);
    if (extra > 0) {
      problems.push({
        rule: "cert-parse",
        severity: "error",
        message: `${which} has ${extra} byte${extra === 1 ? "" : "s"} after its DER: expected the block to hold exactly one certificate`
      });
      continue;
    }
    let cert;
    let fields;
    try {
      cert = new X509Certificate(der);
      fields = readCertificate(der);
    } catch {
      problems.push({
        rule: "cert-parse",
        severity: "error",
        message: `${which} is not a parseable X.509 certificate`
      });
      continue;
    }
    if (i > 0) continue;
    const weakKey = keyProblem(cert);
    if (weakKey) problems.push({ rule: "weak-key", severity: "error", message: weakKey });
    const weakSig = WEAK_SIGNATURES[fields.signatureOid] ?? (fields.pssHashOid ? WEAK_HASHES[fields.pssHashOid] : void 0);
    if (weakSig) {
      problems.push({
        rule: "weak-signature",
        severity: "warning",
        message: `the certificate is signed with ${weakSig}; expected SHA-256 or stronger`
      });
    }
    leaf = {
      fingerprint: hexColons(createHash("sha256").update(fields.der).digest()),
      spki: hexColons(createHash("sha256").update(fields.spki).digest()),
      subject: cert.subject.replace(/\n/g, ", "),
      notBefore: fields.notBefore,
      notAfter: fields.notAfter
    };
  }
  return leaf ? { leaf, problems } : { problems };
}
function leafOfDer(der) {
  const bytes = Buffer.from(der);
  const cert = new X509Certificate(bytes);
  const fields = readCertificate(bytes);
  return {
    fingerprint: hexColons(createHash("sha256").update(fields.der).digest()),
    spki: hexColons(createHash("sha256").update(fields.spki).digest()),
    subject: cert.subject.replace(/\n/g, ", "),
    notBefore: fields.notBefore,
    notAfter: fields.notAfter
  };
}

// src/format/onion.ts
import { createHash as createHash2 } from "node:crypto";
var V3 = /^[a-z2-7]{56}\.onion$/;
var V2 = /^[a-z2-7]{16}\.onion$/;
var ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
function base32Decode(s) {
  const out = new Uint8Array(Math.floor(s.length * 5 / 8));
  let bits = 0;
  let value = 0;
  let i = 0;
  for (const ch of s) {
    value = value << 5 | ALPHABET.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out[i++] = value >>> bits - 8 & 255;
      bits -= 8;
    }
  }
  return out;
}
function onionChecksum(pubkey) {
  return createHash2("sha3-256").update(".onion checksum").update(pubkey).update(Uint8Array.of(3)).digest().subarray(0, 2);
}
var quoted = (s) => jsonStringify(s.length > 80 ? `${s.slice(0, 80)}\u2026` : s);
function onionProblem(address) {
  if (V2.test(address)) {
    return `expected a v3 onion address (56 base32 characters then .onion), got the v2 address ${quoted(address)}: Tor has retired v2 onion services`;
  }
  if (!V3.test(address)) {
    return `expected a v3 onion address (56 characters of a-z and 2-7, then .onion), got ${quoted(address)}`;
  }
  const raw = base32Decode(address.slice(0, 56));
  const pubkey = raw.subarray(0, 32);
  const checksum = raw.subarray(32, 34);
  const version = raw[34];
  if (version !== 3)
    return `${quoted(address)} is not a valid v3 onion address: its version byte is ${version}, expected 3`;
  const expected = onionChecksum(pubkey);
  if (expected[0] !== checksum[0] || expected[1] !== checksum[1]) {
    return `${quoted(address)} is not a valid v3 onion address: its checksum does not match (a typo?)`;
  }
  return void 0;
}

// src/format/service-file.ts
function ownedBySpecificRule(path) {
  const last = path[path.length - 1];
  if (path[0] !== "config" || typeof path[1] !== "number") return false;
  if (path.length === 3 && last === "valid_after") return true;
  return path.length === 5 && path[2] === "domains" && (last === "cert" || last === "hidden_service");
}
var MAX_CERT_PATH_BYTES = 4096;
function certPathProblem(value) {
  if (typeof value !== "string") return `expected a relative path string, got ${describeValue(value)}`;
  const shown = describeValue(value);
  if (value === "") return "expected a relative path, got an empty string";
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes > MAX_CERT_PATH_BYTES)
    return `expected a path of at most ${MAX_CERT_PATH_BYTES} bytes, got ${bytes} bytes (${shown})`;
  if (value.startsWith("/"))
    return `expected a path relative to the repository root, got the absolute path ${shown}`;
  if (/^[A-Za-z]:/.test(value) || value.includes("\\"))
    return `expected a '/'-separated path inside the repository, got ${shown}`;
  if (/[\u0000-\u001f\u007f]/.test(value)) return `expected a path without control characters, got ${shown}`;
  const parts = value.split("/");
  if (parts.includes("..")) return `expected a path that stays inside the repository (no '..'), got ${shown}`;
  if (parts.some((p) => p === "" || p === "."))
    return `expected a normalized path (no empty or '.' segments), got ${shown}`;
  return void 0;
}
function parseServiceFile(file, bytes) {
  const findings = [];
  const certReferences = [];
  const loaded = loadYaml(file, bytes, findings);
  if (!loaded) return { findings, certReferences };
  const { data, source } = loaded;
  findings.push(...schemaFindings("service", file, data, source, ownedBySpecificRule));
  const report = (rule, path, message) => {
    const pos = source.locate(path);
    findings.push({ file, line: pos.line, column: pos.column, severity: "error", rule, message });
  };
  const base = file.replace(/^.*\//, "").replace(/\.ya?ml$/, "");
  const service = { service: base, path: file, configurations: [] };
  const root = data;
  const configs = root && typeof root === "object" && Array.isArray(root.config) ? root.config : [];
  const seenInstants = /* @__PURE__ */ new Map();
  configs.forEach((raw, i) => {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) return;
    const cfg = raw;
    const here = source.locate(["config", i]);
    let validAfter;
    if ("valid_after" in cfg) {
      const va = cfg.valid_after;
      validAfter = typeof va === "string" ? parseValidAfter(va) : void 0;
      if (validAfter === void 0) {
        report("bad-date", ["config", i, "valid_after"], `expected ${DATE_FORMS}, got ${describeValue(va)}`);
      } else {
        const first = seenInstants.get(validAfter);
        if (first !== void 0) {
          report(
            "duplicate-valid-after",
            ["config", i, "valid_after"],
            `configuration ${i + 1} has the same valid_after as configuration ${first + 1}; expected each configuration to start at its own time`
          );
          validAfter = void 0;
        } else {
          seenInstants.set(validAfter, i);
        }
      }
    }
    const domains = [];
    const seenDomains = /* @__PURE__ */ new Map();
    const list = Array.isArray(cfg.domains) ? cfg.domains : [];
    list.forEach((rawEntry, j) => {
      if (!rawEntry || typeof rawEntry !== "object" || Array.isArray(rawEntry)) return;
      const e = rawEntry;
      const path = ["config", i, "domains", j];
      const entryAt = source.locate(path);
      const domain = typeof e.domain === "string" ? e.domain : void 0;
      if (domain !== void 0) {
        const first = seenDomains.get(domain);
        if (first !== void 0) {
          report(
            "duplicate-domain",
            [...path, "domain"],
            `domain '${domain}' is listed twice in this configuration (first at entry ${first + 1}); expected each domain once`
          );
        } else {
          seenDomains.set(domain, j);
        }
      }
      let certOk = false;
      if ("cert" in e) {
        const problem = certPathProblem(e.cert);
        if (problem) report("cert-path", [...path, "cert"], problem);
        else certOk = true;
      }
      let onionOk = false;
      if ("hidden_service" in e) {
        const hs = e.hidden_service;
        const problem = typeof hs === "string" ? onionProblem(hs) : `expected a v3 onion address, got ${describeValue(hs)}`;
        if (problem) report("onion-invalid", [...path, "hidden_service"], problem);
        else onionOk = true;
      }
      if (domain === void 0) return;
      const entry = { domain, line: entryAt.line };
      if (certOk) {
        entry.cert = e.cert;
        certReferences.push({
          configIndex: i,
          validAfter,
          domain,
          cert: entry.cert,
          at: source.locate([...path, "cert"])
        });
      }
      if (onionOk) entry.hiddenService = e.hidden_service;
      domains.push(entry);
    });
    if (validAfter !== void 0) {
      service.configurations.push({
        validAfterText: String(cfg.valid_after),
        validAfter,
        domains,
        line: here.line
      });
    }
  });
  const result = { findings, service, certReferences };
  if (root && typeof root === "object" && "config" in root) result.configAt = source.locate(["config"], true);
  return result;
}
function activeAndFuture(configs, now) {
  let active;
  const future = [];
  for (const c of configs) {
    if (c.validAfter > now) future.push(c);
    else if (!active || c.validAfter > active.validAfter) active = c;
  }
  return active ? { active, future } : { future };
}

// src/publisher/check.ts
var DAY = 864e5;
var KIND_WORDS = {
  file: "file",
  symlink: "symlink",
  dir: "folder",
  submodule: "submodule",
  other: "special file (FIFO, socket or device)"
};
var POLICY_FILE = ".smtpfp.yml";
function isServiceFileName(name) {
  return /\.ya?ml$/.test(name) && !name.startsWith(".") && !name.includes("/");
}
async function eachLimited(items, limit, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
async function judgeCertFile(tree, path) {
  const entry = await tree.entry(path);
  if (!entry)
    return {
      problem: { rule: "cert-missing", message: `expected a file '${path}' in ${tree.label}, found none` }
    };
  if (entry.path !== path) {
    return {
      problem: {
        rule: "cert-not-regular",
        message: `expected a regular file at '${path}', but '${entry.path}' on the way is a ${KIND_WORDS[entry.kind]}`
      }
    };
  }
  if (entry.kind !== "file") {
    const what = KIND_WORDS[entry.kind];
    return {
      problem: { rule: "cert-not-regular", message: `expected a regular file at '${path}', got a ${what}` }
    };
  }
  if (entry.size > MAX_CERT_BYTES) {
    return {
      problem: {
        rule: "cert-too-large",
        message: `expected a certificate file of at most 64 KiB, got ${entry.size} bytes`
      }
    };
  }
  const bytes = await tree.read(path);
  if (bytes.length > MAX_CERT_BYTES) {
    return {
      problem: {
        rule: "cert-too-large",
        message: `expected a certificate file of at most 64 KiB, got ${bytes.length} bytes`
      }
    };
  }
  return { analysis: analyzeCertificateFile(bytes) };
}
async function checkTree(tree, opts) {
  const findings = [];
  const services = [];
  const add = (file, at, severity, rule, message) => findings.push({ file, line: at?.line ?? null, column: at?.column ?? null, severity, rule, message });
  const root = (await tree.rootEntries()).sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const policy = root.find((e) => e.path === POLICY_FILE);
  if (policy && policy.kind === "file" && policy.size <= MAX_YAML_BYTES) {
    const loaded = loadYaml(POLICY_FILE, await tree.read(POLICY_FILE), findings);
    if (loaded) findings.push(...schemaFindings("policy", POLICY_FILE, loaded.data, loaded.source));
  }
  const references = [];
  for (const entry of root.filter((e) => isServiceFileName(e.path))) {
    if (entry.kind !== "file") {
      add(
        entry.path,
        null,
        "error",
        "schema",
        `expected a regular file for a service file, got a ${KIND_WORDS[entry.kind]}`
      );
      continue;
    }
    if (entry.size > MAX_YAML_BYTES) {
      add(
        entry.path,
        null,
        "error",
        "file-too-large",
        `expected a file of at most 1 MiB, got ${entry.size} bytes (not parsed)`
      );
      continue;
    }
    const parsed = parseServiceFile(entry.path, await tree.read(entry.path));
    findings.push(...parsed.findings);
    if (!parsed.service) continue;
    services.push(parsed.service);
    const { active } = activeAndFuture(parsed.service.configurations, opts.now);
    if (!active && parsed.service.configurations.length > 0) {
      const first = Math.min(...parsed.service.configurations.map((c) => c.validAfter));
      add(
        entry.path,
        parsed.configAt ?? null,
        "warning",
        "no-active-config",
        `every configuration starts in the future (the first at ${formatInstant(first)}); until then this service pins nothing`
      );
    }
    for (const r of parsed.certReferences)
      references.push({ ...r, file: entry.path, active: active?.validAfter });
  }
  const verdicts = /* @__PURE__ */ new Map();
  const paths = [...new Set(references.map((r) => r.cert))];
  await eachLimited(paths, 32, async (p) => {
    verdicts.set(p, await judgeCertFile(tree, p));
  });
  const reportedStructure = /* @__PURE__ */ new Set();
  const reportedStrength = /* @__PURE__ */ new Set();
  const reportedTimed = /* @__PURE__ */ new Set();
  for (const r of references) {
    const v = verdicts.get(r.cert);
    const current = r.validAfter !== void 0 && (r.active === void 0 || r.validAfter >= r.active);
    const fileKey = `${r.file}\0${r.cert}`;
    const firstStructure = !reportedStructure.has(fileKey);
    reportedStructure.add(fileKey);
    if (v.problem) {
      if (firstStructure) add(r.file, r.at, "error", v.problem.rule, `${r.cert}: ${v.problem.message}`);
      continue;
    }
    const analysis = v.analysis;
    const firstStrength = current && !reportedStrength.has(fileKey);
    if (current) reportedStrength.add(fileKey);
    for (const p of analysis.problems) {
      const structural = p.rule === "cert-parse" || p.rule === "private-key";
      if (structural ? firstStructure : firstStrength)
        add(r.file, r.at, p.severity, p.rule, `${r.cert}: ${p.message}`);
    }
    const leaf = analysis.leaf;
    if (!leaf || !current) continue;
    const timedKey = `${r.file}\0${r.configIndex}\0${r.cert}`;
    if (reportedTimed.has(timedKey)) continue;
    reportedTimed.add(timedKey);
    if (leaf.notAfter <= opts.now) {
      add(
        r.file,
        r.at,
        "error",
        "cert-expired",
        `${r.cert}: the certificate expired at ${formatInstant(leaf.notAfter)}; expected it to be valid at ${formatInstant(opts.now)}`
      );
    } else if (leaf.notAfter - opts.now < opts.expiryWarningDays * DAY) {
      const days = Math.floor((leaf.notAfter - opts.now) / DAY);
      add(
        r.file,
        r.at,
        "warning",
        "cert-expires-soon",
        `${r.cert}: the certificate expires at ${formatInstant(leaf.notAfter)}, in ${days} day${days === 1 ? "" : "s"}`
      );
    }
    if (r.validAfter !== void 0 && leaf.notBefore > r.validAfter) {
      add(
        r.file,
        r.at,
        "warning",
        "cert-not-yet-valid",
        `${r.cert}: the certificate is valid only from ${formatInstant(leaf.notBefore)}, after its configuration's valid_after ${formatInstant(r.validAfter)}`
      );
    }
  }
  const leaves = /* @__PURE__ */ new Map();
  for (const [p, v] of verdicts) if (v.analysis?.leaf) leaves.set(p, v.analysis.leaf);
  findings.sort(compareFindings);
  const domains = new Set(
    services.flatMap((s) => s.configurations.flatMap((c) => c.domains.map((d) => d.domain)))
  );
  return {
    findings,
    services,
    leaves,
    summary: {
      files: root.filter((e) => isServiceFileName(e.path)).length,
      domains: domains.size,
      certificates: leaves.size,
      errors: findings.filter((f) => f.severity === "error").length,
      warnings: findings.filter((f) => f.severity === "warning").length
    }
  };
}
function compareFindings(a, b) {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const la = a.line ?? 0;
  const lb = b.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.column ?? 0;
  const cb = b.column ?? 0;
  if (ca !== cb) return ca - cb;
  return a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0;
}

export {
  locateRepository,
  locateHistory,
  resolveCommit,
  whyNoCommit,
  configValue,
  resolveObject,
  objectType,
  onionProblem,
  parseServiceFile,
  activeAndFuture,
  MAX_CERT_BYTES,
  analyzeCertificateFile,
  leafOfDer,
  POLICY_FILE,
  checkTree
};
