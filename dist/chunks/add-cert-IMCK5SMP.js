import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  DURATION_FORMS,
  parseDuration
} from "./chunk-YBXNEB7G.js";
import {
  DiskTree
} from "./chunk-A2UB33PM.js";
import {
  readRegularFile
} from "./chunk-EJ7IZX3C.js";
import {
  writeFileAtomic
} from "./chunk-OTTJLMFO.js";
import {
  MAX_CERT_BYTES,
  activeAndFuture,
  analyzeCertificateFile,
  checkTree,
  locateRepository,
  parseServiceFile
} from "./chunk-Y2T34S2R.js";
import "./chunk-L3JPEFSX.js";
import {
  findingLocation
} from "./chunk-SMY7YJGK.js";
import {
  makeStyle
} from "./chunk-3TZPSSYH.js";
import {
  require_dist
} from "./chunk-HOVORFGY.js";
import "./chunk-CRUGFJYM.js";
import {
  DATE_FORMS,
  formatInstant,
  parseValidAfter
} from "./chunk-DUYTJGPC.js";
import {
  __toESM,
  environmentError,
  jsonStringify,
  printable,
  usageError
} from "./chunk-FWEKEFTV.js";

// src/cli/commands/add-cert.ts
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

// src/ops/service-edit.ts
var import_yaml = __toESM(require_dist(), 1);
var ServiceEditError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ServiceEditError";
  }
};
function parse(text) {
  const lines = new import_yaml.LineCounter();
  const doc = (0, import_yaml.parseDocument)(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    schema: "core",
    merge: false
  });
  if (doc.errors.length > 0)
    throw new ServiceEditError(`invalid YAML: ${doc.errors[0].message.split("\n")[0]}`);
  return { doc, lines };
}
function configSeq(doc) {
  const seq = doc.get("config", true);
  if (!(0, import_yaml.isSeq)(seq)) throw new ServiceEditError("expected a 'config' list");
  return seq;
}
function configMap(seq, index) {
  const item = seq.items[index];
  if (!(0, import_yaml.isMap)(item)) throw new ServiceEditError(`expected configuration ${index + 1} to be a mapping`);
  return item;
}
function domainEntry(config, domain) {
  const domains = config.get("domains", true);
  if ((0, import_yaml.isSeq)(domains)) {
    for (const e of domains.items) {
      if ((0, import_yaml.isMap)(e) && e.get("domain") === domain) return e;
    }
  }
  throw new ServiceEditError(`expected domain '${domain}' in the configuration`);
}
function scalarSource(node, value) {
  if (node.type === "QUOTE_DOUBLE") return JSON.stringify(value);
  if (node.type === "QUOTE_SINGLE") return `'${value.replace(/'/g, "''")}'`;
  return value;
}
function setDomainCert(text, configIndex, domain, cert) {
  const { doc } = parse(text);
  const entry = domainEntry(configMap(configSeq(doc), configIndex), domain);
  const node = entry.get("cert", true);
  if (!(0, import_yaml.isScalar)(node) || !node.range) throw new ServiceEditError(`expected a 'cert' value for '${domain}'`);
  const [start, end] = node.range;
  return text.slice(0, start) + scalarSource(node, cert) + text.slice(end);
}
function configIndexAt(text, instant) {
  const { doc } = parse(text);
  const index = configSeq(doc).items.findIndex((item) => {
    if (!(0, import_yaml.isMap)(item)) return false;
    const va = item.get("valid_after");
    return typeof va === "string" && parseValidAfter(va) === instant;
  });
  if (index < 0) throw new ServiceEditError("expected the configuration to be in the file");
  return index;
}
function lineEnd(text, offset) {
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl + 1;
}
function appendConfiguration(text, baseIndex, validAfter, domain, cert) {
  const { doc, lines } = parse(text);
  const seq = configSeq(doc);
  const base = configMap(seq, baseIndex);
  const copy = base.clone();
  copy.commentBefore = null;
  copy.comment = null;
  copy.spaceBefore = false;
  copy.set("valid_after", new import_yaml.Scalar(validAfter));
  const entry = domainEntry(copy, domain);
  entry.set("cert", cert);
  if (seq.flow || !base.range || seq.items.some((i) => (0, import_yaml.isMap)(i) && i.flow)) {
    seq.items.push(copy);
    return doc.toString();
  }
  const column = lines.linePos(base.range[0]).col - 1;
  const domains = base.get("domains", true);
  const domainsKey = base.items.find((p) => (0, import_yaml.isScalar)(p.key) && p.key.value === "domains")?.key;
  let indentSeq = true;
  if ((0, import_yaml.isSeq)(domains) && !domains.flow && domains.range && (0, import_yaml.isScalar)(domainsKey) && domainsKey.range) {
    const dashCol = lines.linePos(domains.range[0]).col - 1;
    indentSeq = dashCol > lines.linePos(domainsKey.range[0]).col - 1;
  }
  const body = new import_yaml.Document(copy).toString({ indentSeq, lineWidth: 0 }).replace(/\n$/, "").split("\n");
  const pad2 = " ".repeat(Math.max(column - 2, 0));
  const item = body.map((l, i) => i === 0 ? `${pad2}- ${l}` : l === "" ? "" : `${" ".repeat(column)}${l}`);
  const last = seq.items[seq.items.length - 1];
  const lastEnd = last.range ? last.range[1] : base.range[1];
  const at = lineEnd(text, Math.max(lastEnd - 1, 0));
  let prefix = "";
  if (at === text.length && !text.endsWith("\n")) prefix = "\n";
  const separated = seq.items.length > 1 && seq.items.slice(1).every((i) => i.spaceBefore);
  if (separated) prefix += "\n";
  return `${text.slice(0, at)}${prefix}${item.join("\n")}
${text.slice(at)}`;
}

// src/ops/add-cert.ts
var HOUR = 36e5;
var CONSUMER_ROLLOVER_WINDOW = 24 * HOUR;
var DEFAULT_NEW_KEY_LEAD = 48 * HOUR;
var DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
var SERVICE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;
var AddCertError = class extends Error {
  constructor(message, kind, findings = []) {
    super(message);
    this.kind = kind;
    this.findings = findings;
    this.name = "AddCertError";
  }
  kind;
  findings;
};
var pad = (n) => String(n).padStart(2, "0");
function validAfterText(ms) {
  const d = new Date(ms);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return d.getUTCSeconds() ? `${base}:${pad(d.getUTCSeconds())}` : base;
}
var ceilMinute = (ms) => Math.ceil(ms / 6e4) * 6e4;
function sameBytes(a, b) {
  return a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
}
function judgeNewCertificate(req) {
  if (req.pem.length > MAX_CERT_BYTES)
    throw new AddCertError(
      `${req.pemLabel}: expected a certificate file of at most 64 KiB, got ${req.pem.length} bytes`,
      "rejected"
    );
  const analysis = analyzeCertificateFile(req.pem);
  const errors = analysis.problems.filter((p) => p.severity === "error");
  if (errors.length > 0)
    throw new AddCertError(
      errors.map((p) => `${req.pemLabel}: ${p.message} [${p.rule}]`).join("\n"),
      "rejected"
    );
  const leaf = analysis.leaf;
  if (!leaf) throw new AddCertError(`${req.pemLabel}: expected a certificate, found none`, "rejected");
  if (leaf.notAfter <= req.now)
    throw new AddCertError(
      `${req.pemLabel}: the certificate expired at ${formatInstant(leaf.notAfter)}; expected a current one`,
      "rejected"
    );
  return leaf;
}
async function findServiceFile(tree, service) {
  for (const path of [`${service}.yml`, `${service}.yaml`]) {
    const e = await tree.entry(path);
    if (!e) continue;
    if (e.kind !== "file" || e.path !== path)
      throw new AddCertError(`expected '${path}' to be a regular file, got a ${e.kind}`, "usage");
    return { path, bytes: await tree.read(path) };
  }
  throw new AddCertError(
    `expected a service file '${service}.yml' (or '${service}.yaml') in ${tree.label}, found none`,
    "usage"
  );
}
async function readLeaf(tree, path) {
  const e = await tree.entry(path);
  if (e?.kind !== "file" || e.path !== path || e.size > MAX_CERT_BYTES) return { leaf: null, bytes: null };
  const bytes = await tree.read(path);
  return { leaf: analyzeCertificateFile(bytes).leaf ?? null, bytes };
}
async function newCertPath(tree, current, domain, now, pem) {
  const slash = current.lastIndexOf("/");
  const dir = slash < 0 ? "certs/" : current.slice(0, slash + 1);
  const day = new Date(now).toISOString().slice(0, 10);
  for (let i = 1; i < 100; i++) {
    const path = `${dir}${domain}-${day}${i === 1 ? "" : `-${i}`}.pem`;
    const e = await tree.entry(path);
    if (!e) return { path, create: true };
    if (e.path !== path)
      throw new AddCertError(
        `cannot write '${path}': '${e.path}' on the way is a ${e.kind}, not a folder`,
        "rejected"
      );
    if (e.kind === "file" && sameBytes(await tree.read(path), pem)) return { path, create: false };
  }
  throw new AddCertError(
    `expected a free file name for the new certificate in '${dir}', found none`,
    "rejected"
  );
}
async function planAddCert(tree, req) {
  if (!SERVICE_PATTERN.test(req.service))
    throw new AddCertError(`--service expects a service name such as 'smtp', got '${req.service}'`, "usage");
  if (!DOMAIN_PATTERN.test(req.domain))
    throw new AddCertError(
      `--domain expects a lowercase DNS name such as 'mail.example.org', got '${req.domain}'`,
      "usage"
    );
  const leaf = judgeNewCertificate(req);
  const file = await findServiceFile(tree, req.service);
  const parsed = parseServiceFile(file.path, file.bytes);
  if (!parsed.service || parsed.findings.some((f) => f.rule === "yaml-syntax"))
    throw new AddCertError(
      `${file.path}: expected a readable service file; run 'smtpfp check --worktree' for its problems`,
      "rejected"
    );
  const service = parsed.service;
  const { active } = activeAndFuture(service.configurations, req.now);
  if (!active)
    throw new AddCertError(
      `${file.path}: no configuration is in force at ${formatInstant(req.now)}; expected one naming '${req.domain}'`,
      "usage"
    );
  const entry = active.domains.find((d) => d.domain === req.domain);
  if (!entry) {
    const known = active.domains.map((d) => d.domain);
    throw new AddCertError(
      `${file.path}:${active.line}: expected domain '${req.domain}' in the configuration in force (valid_after ${active.validAfterText}); it has ${known.slice(0, 10).join(", ")}${known.length > 10 ? ", \u2026" : ""}`,
      "usage"
    );
  }
  if (entry.cert === void 0)
    throw new AddCertError(
      `${file.path}:${entry.line}: '${req.domain}' is pinned by its hidden service only; expected a 'cert' to renew`,
      "usage"
    );
  const current = await readLeaf(tree, entry.cert);
  const base = {
    service: req.service,
    domain: req.domain,
    serviceFile: file.path,
    leaf,
    previous: current.leaf,
    warnings: []
  };
  if (current.leaf && current.leaf.spki === leaf.spki) {
    const notes2 = req.validAfter === void 0 ? [] : ["--valid-after is not used: a renewal that keeps the public key takes effect at once"];
    if (current.bytes && sameBytes(current.bytes, req.pem))
      return {
        ...base,
        change: "unchanged",
        cert: entry.cert,
        validAfter: null,
        validAfterText: null,
        writes: [],
        notes: notes2
      };
    return {
      ...base,
      change: "same-key",
      cert: entry.cert,
      validAfter: null,
      validAfterText: null,
      writes: [{ path: entry.cert, content: req.pem, create: false }],
      notes: notes2
    };
  }
  const validAfter = req.validAfter === void 0 ? ceilMinute(req.now + DEFAULT_NEW_KEY_LEAD) : Math.ceil(req.validAfter / 1e3) * 1e3;
  if (validAfter <= active.validAfter)
    throw new AddCertError(
      `--valid-after ${formatInstant(validAfter)}: expected a time after the configuration in force (valid_after ${active.validAfterText})`,
      "usage"
    );
  const vaText = validAfterText(validAfter);
  const notes = [];
  if (validAfter - req.now < CONSUMER_ROLLOVER_WINDOW)
    notes.push(
      `the new key takes effect ${validAfter <= req.now ? "at once" : "in less than the consumers\u2019 24h rollover window"}: peers that have not pinned it by then will defer mail to ${req.domain}`
    );
  const target = await newCertPath(tree, entry.cert, req.domain, req.now, req.pem);
  const text = new TextDecoder().decode(file.bytes);
  const pending = service.configurations.find((c) => c.validAfter === validAfter);
  let edited;
  try {
    if (pending) {
      if (!pending.domains.some((d) => d.domain === req.domain))
        throw new AddCertError(
          `${file.path}:${pending.line}: the configuration at ${pending.validAfterText} does not name '${req.domain}'; add it there or choose another --valid-after`,
          "usage"
        );
      edited = setDomainCert(text, configIndexAt(text, pending.validAfter), req.domain, target.path);
      notes.push(
        `the configuration at ${pending.validAfterText} existed already: '${req.domain}' now points at the new certificate there`
      );
    } else {
      const before = service.configurations.filter((c) => c.validAfter < validAfter).reduce((a, b) => b.validAfter > a.validAfter ? b : a, active);
      edited = appendConfiguration(
        text,
        configIndexAt(text, before.validAfter),
        vaText,
        req.domain,
        target.path
      );
      const later = service.configurations.filter((c) => c.validAfter > validAfter);
      if (later.length > 0)
        notes.push(
          `${later.length} later configuration${later.length === 1 ? "" : "s"} (from ${later[0].validAfterText}) still name the previous certificate of '${req.domain}'`
        );
    }
  } catch (e) {
    if (e instanceof ServiceEditError) throw new AddCertError(`${file.path}: ${e.message}`, "rejected");
    throw e;
  }
  const reread = parseServiceFile(file.path, new TextEncoder().encode(edited)).service;
  const now = reread?.configurations.find((c) => c.validAfter === validAfter);
  const pinned = now?.domains.find((d) => d.domain === req.domain)?.cert;
  if (pinned !== target.path)
    throw new AddCertError(
      `${file.path}: the edited file does not read back as intended; nothing written`,
      "rejected"
    );
  const writes = [];
  if (target.create) writes.push({ path: target.path, content: req.pem, create: true });
  writes.push({ path: file.path, content: new TextEncoder().encode(edited), create: false });
  return {
    ...base,
    change: "new-key",
    cert: target.path,
    validAfter,
    validAfterText: vaText,
    writes,
    notes
  };
}
var OverlayTree = class {
  constructor(base, writes) {
    this.base = base;
    this.label = base.label;
    this.files = new Map(writes.map((w) => [w.path, w.content]));
  }
  base;
  label;
  files;
  async rootEntries() {
    const entries = await this.base.rootEntries();
    const out = entries.map(
      (e) => this.files.has(e.path) ? { ...e, size: this.files.get(e.path).length } : e
    );
    for (const [path, content] of this.files) {
      if (!path.includes("/") && !entries.some((e) => e.path === path))
        out.push({ path, kind: "file", size: content.length });
    }
    return out;
  }
  async entry(path) {
    const content = this.files.get(path);
    if (content) return { path, kind: "file", size: content.length };
    return this.base.entry(path);
  }
  async read(path) {
    return this.files.get(path) ?? this.base.read(path);
  }
  close() {
  }
};
var findingKey = (f) => `${f.file}\0${f.rule}\0${f.message}`;
async function validatePlan(tree, plan, now) {
  if (plan.writes.length === 0) return;
  const opts = { now, expiryWarningDays: 30 };
  const before = new Set((await checkTree(tree, opts)).findings.map(findingKey));
  const after = await checkTree(new OverlayTree(tree, plan.writes), opts);
  const fresh = after.findings.filter((f) => !before.has(findingKey(f)));
  const errors = fresh.filter((f) => f.severity === "error");
  if (errors.length > 0)
    throw new AddCertError(
      "the repository would not pass check after this change; nothing written",
      "rejected",
      errors
    );
  plan.warnings = fresh.filter((f) => f.severity === "warning");
}
function shellQuote(s) {
  return /^[A-Za-z0-9_./:@=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
function commitCommand(plan, top) {
  if (plan.writes.length === 0) return null;
  const cd = top === void 0 ? "" : `cd ${shellQuote(top)} && `;
  const paths = plan.writes.map((w) => shellQuote(w.path)).join(" ");
  const message = plan.change === "same-key" ? `${plan.service}: renewed certificate of ${plan.domain} (same key)` : `${plan.service}: new key for ${plan.domain}, in force from ${plan.validAfterText} UTC`;
  return `${cd}git add -- ${paths} && git commit -S -m ${shellQuote(message)}`;
}

// src/cli/commands/add-cert.ts
function required(ctx, name) {
  const v = ctx.args.values.get(name);
  if (v === void 0 || v === "") throw usageError(`add-cert needs --${name}; see --help`);
  return v;
}
function parseValidAfterOption(text, now) {
  if (text.startsWith("+")) {
    const d = parseDuration(text.slice(1));
    if (d === void 0)
      throw usageError(`--valid-after expects +DURATION (${DURATION_FORMS}), got '${printable(text)}'`);
    return ceilMinute(now + d);
  }
  const t = parseValidAfter(text.trim());
  if (t === void 0)
    throw usageError(
      `--valid-after expects ${DATE_FORMS}, or +DURATION such as +48h; got '${printable(text)}'`
    );
  return t;
}
function readPem(path) {
  const read = readRegularFile(path, { maxBytes: MAX_CERT_BYTES, follow: true });
  if ("data" in read) return read.data;
  if (read.problem === "missing")
    throw environmentError(`--cert: cannot read '${printable(path)}': no such file`);
  throw environmentError(
    `--cert: expected a regular certificate file of at most 64 KiB: '${printable(path)}' ${read.message}`
  );
}
async function apply(top, plan) {
  for (const w of plan.writes) {
    const path = join(top, w.path);
    if (w.create) await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, w.content, 420);
  }
}
function planJson(plan, command) {
  return {
    change: plan.change,
    service: plan.service,
    domain: plan.domain,
    service_file: plan.serviceFile,
    cert: plan.cert,
    valid_after: plan.validAfter === null ? null : formatInstant(plan.validAfter),
    spki: plan.leaf.spki,
    previous_spki: plan.previous?.spki ?? null,
    not_after: formatInstant(plan.leaf.notAfter),
    written: plan.writes.map((w) => w.path),
    notes: plan.notes,
    warnings: plan.warnings,
    commit_command: command
  };
}
function planText(plan, command, color) {
  const st = makeStyle(color);
  const lines = [];
  const where = `${plan.serviceFile}: ${plan.domain}`;
  switch (plan.change) {
    case "unchanged":
      lines.push(`${st.green("\u2714")} ${where}: ${plan.cert} already holds this certificate; nothing to do`);
      break;
    case "same-key":
      lines.push(
        `${st.green("\u2714")} ${where}: the new certificate keeps the public key; ${plan.cert} replaced in place (expires ${formatInstant(plan.leaf.notAfter)})`
      );
      break;
    case "new-key":
      lines.push(
        `${st.green("\u2714")} ${where}: a new public key; ${plan.cert} is pinned from ${plan.validAfterText} UTC in a new configuration`,
        `  Peers pin the old and the new key from ${formatInstant(plan.validAfter - 24 * 36e5)} (their default 24h rollover window).`,
        `  Install the new certificate on the server at ${formatInstant(plan.validAfter)}, not before.`
      );
      break;
  }
  for (const n of plan.notes) lines.push(`${st.yellow("note")}: ${printable(n)}`);
  for (const w of plan.warnings)
    lines.push(
      `${st.yellow("warning")}: ${printable(findingLocation(w))}: ${printable(w.message)} [${w.rule}]`
    );
  if (command) lines.push(`next: ${command}`);
  return `${lines.join("\n")}
`;
}
async function run(ctx) {
  if (ctx.args.positionals.length > 0)
    throw usageError(`add-cert takes no argument, got '${printable(ctx.args.positionals[0])}'`);
  if (ctx.format !== "text" && ctx.format !== "json")
    throw usageError(`add-cert prints text or json, got --format ${ctx.format}`);
  const service = required(ctx, "service");
  const domain = required(ctx, "domain");
  const certPath = resolve(ctx.io.cwd, required(ctx, "cert"));
  const vaText = ctx.args.values.get("valid-after");
  const validAfter = vaText === void 0 ? void 0 : parseValidAfterOption(vaText, ctx.now);
  const loc = await locateRepository(ctx.io.cwd);
  if (!loc)
    throw environmentError(
      `add-cert works in a publisher repository; '${ctx.io.cwd}' is not in a git work tree`
    );
  const pem = readPem(certPath);
  const tree = new DiskTree(loc.top);
  let plan;
  try {
    plan = await planAddCert(tree, {
      service,
      domain,
      pem,
      pemLabel: ctx.args.values.get("cert"),
      ...validAfter === void 0 ? {} : { validAfter },
      now: ctx.now
    });
    await validatePlan(tree, plan, ctx.now);
  } catch (e) {
    if (!(e instanceof AddCertError)) throw e;
    const lines = [`smtpfp: ${printable(e.message)}`];
    for (const f of e.findings)
      lines.push(`  ${printable(findingLocation(f))}: ${f.severity}: ${printable(f.message)} [${f.rule}]`);
    ctx.io.err(`${lines.join("\n")}
`);
    return e.kind === "usage" ? 2 : 1;
  }
  await apply(loc.top, plan);
  const command = commitCommand(plan, loc.prefix ? loc.top : void 0);
  if (ctx.format === "json") ctx.io.out(`${jsonStringify(planJson(plan, command))}
`);
  else ctx.io.out(planText(plan, command, ctx.color));
  return 0;
}
export {
  parseValidAfterOption,
  run
};
