import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  parseDuration
} from "./chunk-YBXNEB7G.js";
import {
  readRegularFile
} from "./chunk-EJ7IZX3C.js";
import {
  CommitTree
} from "./chunk-XS4NACP3.js";
import {
  activeAndFuture,
  checkTree,
  leafOfDer,
  locateRepository,
  resolveCommit
} from "./chunk-Y2T34S2R.js";
import {
  short
} from "./chunk-L3JPEFSX.js";
import "./chunk-HOVORFGY.js";
import "./chunk-CRUGFJYM.js";
import {
  formatInstant
} from "./chunk-DUYTJGPC.js";
import {
  environmentError,
  jsonStringify,
  printable,
  usageError
} from "./chunk-FWEKEFTV.js";

// src/cli/commands/probe.ts
import { resolve } from "node:path";

// src/probe/expected.ts
var PinSourceError = class extends Error {
  name = "PinSourceError";
};
var MAX_PINS_FILE_BYTES = 32 * 1024 * 1024;
var DIGEST = /^(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/;
function quoted(text) {
  const clean = printable(text);
  return `'${clean.length > 80 ? `${clean.slice(0, 80)}\u2026` : clean}'`;
}
function readPinsFile(path, max) {
  const read = readRegularFile(path, { maxBytes: max, follow: true });
  if ("data" in read) return read.data;
  switch (read.problem) {
    case "missing":
      throw new PinSourceError(`cannot read the pins file ${quoted(path)}: no such file`);
    case "not-regular":
      throw new PinSourceError(
        `expected the pins file ${quoted(path)} to be a regular file (it ${read.message})`
      );
    case "too-large":
      throw new PinSourceError(`expected the pins file ${quoted(path)} to be at most ${max} bytes`);
    default:
      throw new PinSourceError(`cannot read the pins file ${quoted(path)}: it ${read.message}`);
  }
}
function digestList(value, what, file, domain) {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && DIGEST.test(v))) {
    throw new PinSourceError(
      `${quoted(file)}: expected domains.${domain}.${what} to be a list of SHA-256 digests (uppercase hex with colons), as smtpfp renders them`
    );
  }
  return value;
}
async function consumerPin(file, domain) {
  const bytes = readPinsFile(file, MAX_PINS_FILE_BYTES);
  let doc;
  try {
    doc = JSON.parse(bytes.toString("utf8"));
  } catch (e2) {
    throw new PinSourceError(`${quoted(file)} is not valid JSON: ${printable(e2.message)}`);
  }
  const domains = doc?.domains;
  if (!domains || typeof domains !== "object" || Array.isArray(domains)) {
    throw new PinSourceError(
      `${quoted(file)}: expected smtpfp's json output ({"generated", "domains": {...}}), found no "domains" object`
    );
  }
  if (!Object.hasOwn(domains, domain)) throw new PinSourceError(`${quoted(file)} pins no domain '${domain}'`);
  const entry = domains[domain];
  if (!entry || typeof entry !== "object")
    throw new PinSourceError(`${quoted(file)}: expected domains.${domain} to be an object`);
  const e = entry;
  const fingerprints = digestList(e.fingerprints, "fingerprints", file, domain);
  const spki = digestList(e.spki, "spki", file, domain);
  if (fingerprints.length === 0)
    throw new PinSourceError(
      `${quoted(file)} pins no certificate for '${domain}' (it is reached through its hidden service)`
    );
  return { fingerprints, spki, source: `${printable(file)}` };
}
async function publisherPin(dir, service, domain, now) {
  const repo = await locateRepository(dir);
  if (!repo)
    throw new PinSourceError(
      `the publisher's pin is read from its git repository, and ${quoted(dir)} is not in one (give a consumer's rendered json output to compare with instead)`
    );
  const head = await resolveCommit(repo.top, "HEAD");
  if (!head) throw new PinSourceError("HEAD has no commit yet: no pin is committed");
  const label = `HEAD (${short(head)})`;
  let tree;
  try {
    tree = await CommitTree.open(repo.top, `${head}:${repo.prefix}`, label);
  } catch {
    throw new PinSourceError(`'${repo.prefix || "."}' is not in HEAD's committed tree`);
  }
  try {
    const outcome = await checkTree(tree, { now, expiryWarningDays: 0 });
    const file = outcome.services.find((s) => s.service === service);
    if (!file) {
      const broken = outcome.findings.find(
        (f) => f.severity === "error" && (f.file === `${service}.yml` || f.file === `${service}.yaml`)
      );
      if (broken) {
        throw new PinSourceError(
          `${broken.file}${broken.line ? `:${broken.line}` : ""} in ${label} cannot be read: ${broken.message}`
        );
      }
      throw new PinSourceError(`${label} has no service file ${service}.yml or ${service}.yaml`);
    }
    const { active } = activeAndFuture(file.configurations, now);
    if (!active)
      throw new PinSourceError(
        `${file.path} in ${label} has no configuration active at ${formatInstant(now)}: nothing is pinned yet`
      );
    const entry = active.domains.find((d) => d.domain === domain);
    const since = `the configuration valid after ${active.validAfterText} (${file.path}:${active.line})`;
    if (!entry) throw new PinSourceError(`${since} does not list '${domain}'`);
    if (!entry.cert)
      throw new PinSourceError(`${since} pins no certificate for '${domain}' (only its hidden service)`);
    const leaf = outcome.leaves.get(entry.cert);
    if (!leaf) {
      const why = outcome.findings.find(
        (f) => f.severity === "error" && f.message.startsWith(`${entry.cert}:`)
      );
      throw new PinSourceError(
        `${file.path}:${entry.line}: the certificate of '${domain}' cannot be read${why ? `: ${why.message}` : ""}`
      );
    }
    return {
      fingerprints: [leaf.fingerprint],
      spki: [leaf.spki],
      source: `${file.path}:${entry.line} in ${label}`
    };
  } finally {
    tree.close();
  }
}

// src/probe/match.ts
function matchPin(presented, expected) {
  const norm = (d) => d.toUpperCase();
  if (expected.fingerprints.some((f) => norm(f) === norm(presented.fingerprint))) return "certificate";
  if (expected.spki.some((s) => norm(s) === norm(presented.spki))) return "public-key";
  return "none";
}

// src/probe/smtp.ts
import { connect as connectTcp, isIP } from "node:net";
import { connect as connectTls } from "node:tls";
var MAX_REPLY_LINE = 1e3;
var MAX_REPLY_LINES = 100;
var SHOWN_CHARS = 200;
function shown(text) {
  const clean = printable(text);
  return clean.length > SHOWN_CHARS ? `${clean.slice(0, SHOWN_CHARS)}\u2026` : clean;
}
var ProtocolError = class extends Error {
};
var STAGE_WORDS = {
  connect: "connecting",
  greeting: "waiting for the greeting",
  ehlo: "waiting for the EHLO reply",
  starttls: "waiting for the STARTTLS reply",
  handshake: "in the TLS handshake"
};
var ReplyReader = class {
  constructor(socket) {
    this.socket = socket;
    socket.on("data", this.onData);
  }
  socket;
  buffer = "";
  lines = [];
  waiting;
  failure;
  replies = [];
  detach() {
    this.socket.removeListener("data", this.onData);
  }
  /** Bytes received after the last complete reply (must be none before a TLS handshake). */
  get leftover() {
    return this.buffer.length + this.lines.length + this.replies.length;
  }
  fail(e) {
    if (this.failure) return;
    this.failure = e;
    this.waiting?.reject(e);
    this.waiting = void 0;
  }
  next() {
    if (this.failure) return Promise.reject(this.failure);
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve2, reject) => {
      this.waiting = { resolve: resolve2, reject };
    });
  }
  onData = (chunk) => {
    if (this.failure) return;
    this.buffer += chunk.toString("latin1");
    for (let nl = this.buffer.indexOf("\n"); nl >= 0; nl = this.buffer.indexOf("\n")) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, "");
      this.buffer = this.buffer.slice(nl + 1);
      if (line.length > MAX_REPLY_LINE) {
        this.fail(new ProtocolError(`the server sent a reply line longer than ${MAX_REPLY_LINE} bytes`));
        return;
      }
      this.onLine(line);
      if (this.failure) return;
    }
    if (this.buffer.length > MAX_REPLY_LINE)
      this.fail(new ProtocolError(`the server sent a reply line longer than ${MAX_REPLY_LINE} bytes`));
  };
  onLine(line) {
    const m = /^(\d{3})(?:([ -])(.*))?$/.exec(line);
    if (!m) {
      this.fail(new ProtocolError(`expected an SMTP reply line (a 3-digit code), got '${shown(line)}'`));
      return;
    }
    if (this.lines.length && !line.startsWith(this.lines[0].slice(0, 3))) {
      this.fail(new ProtocolError(`the server changed its reply code within one reply: '${shown(line)}'`));
      return;
    }
    this.lines.push(line);
    if (this.lines.length > MAX_REPLY_LINES) {
      this.fail(new ProtocolError(`the server sent a reply of more than ${MAX_REPLY_LINES} lines`));
      return;
    }
    if (m[2] === "-") return;
    const reply = { code: Number(m[1]), lines: this.lines.map((l) => l.slice(4)) };
    this.lines = [];
    if (this.waiting) {
      this.waiting.resolve(reply);
      this.waiting = void 0;
    } else {
      this.replies.push(reply);
    }
  }
};
function describeReply(r) {
  return shown(`${r.code} ${r.lines.join(" / ")}`.trim());
}
function socketProblem(e, host) {
  switch (e.code) {
    case "ECONNREFUSED":
      return "connection refused (nothing listens on that port)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `no address found for '${shown(host)}'`;
    case "ECONNRESET":
      return "the server closed the connection abruptly";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "the host is unreachable";
    default:
      return shown(e.message);
  }
}
function probeStartTls(req) {
  return new Promise((resolve2) => {
    let stage = "connect";
    let settled = false;
    let tcp;
    let tls;
    let reader;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reader?.detach();
      if (tls && result.ok) {
        tls.end("QUIT\r\n");
        setTimeout(() => tls?.destroy(), 200).unref();
      } else {
        tls?.destroy();
        tcp?.destroy();
      }
      resolve2(result);
    };
    const failWith = (reason, starttlsRefused = false) => finish({ ok: false, stage, reason, starttlsRefused });
    const timer = setTimeout(() => {
      const seconds = Math.round(req.timeoutMs / 100) / 10;
      failWith(`no answer within ${seconds} s (${STAGE_WORDS[stage]})`);
    }, req.timeoutMs);
    tcp = connectTcp({ host: req.host, port: req.port });
    tcp.on("error", (e) => {
      reader?.fail(new ProtocolError(socketProblem(e, req.host)));
      if (!reader) failWith(socketProblem(e, req.host));
    });
    tcp.on("close", () => reader?.fail(new ProtocolError("the server closed the connection")));
    tcp.once("connect", () => {
      const socket = tcp;
      reader = new ReplyReader(socket);
      const send = (line) => socket.write(`${line}\r
`);
      const session = async () => {
        stage = "greeting";
        const greeting = await reader.next();
        if (greeting.code !== 220) return failWith(`the server refuses service: ${describeReply(greeting)}`);
        stage = "ehlo";
        const local = socket.localAddress ?? "127.0.0.1";
        send(`EHLO ${isIP(local) === 6 ? `[IPv6:${local}]` : `[${local}]`}`);
        const ehlo = await reader.next();
        if (ehlo.code !== 250) return failWith(`the server rejected EHLO: ${describeReply(ehlo)}`, true);
        const offers = ehlo.lines.slice(1).some((l) => l.trim().toUpperCase().split(/\s+/)[0] === "STARTTLS");
        if (!offers) return failWith("the server does not offer STARTTLS", true);
        stage = "starttls";
        send("STARTTLS");
        const ready = await reader.next();
        if (ready.code !== 220) return failWith(`the server refused STARTTLS: ${describeReply(ready)}`, true);
        if (reader.leftover > 0) return failWith("the server sent data after its STARTTLS reply");
        reader.detach();
        reader = void 0;
        stage = "handshake";
        tls = connectTls({
          socket,
          rejectUnauthorized: false,
          // no CA is trusted: the pin is what is checked
          ...req.servername ? { servername: req.servername } : {}
        });
        tls.on(
          "error",
          (e) => failWith(`the TLS handshake failed: ${shown(e.message)}`)
        );
        tls.on("close", () => failWith("the server closed the connection during the TLS handshake"));
        tls.once("secureConnect", () => {
          const cert = tls.getPeerX509Certificate();
          if (!cert) return failWith("the server presented no certificate");
          finish({
            ok: true,
            der: cert.raw,
            protocol: tls.getProtocol() ?? "TLS",
            greeting: describeReply(greeting)
          });
        });
      };
      session().catch((e) => failWith(e instanceof Error ? e.message : String(e)));
    });
  });
}

// src/probe/target.ts
import { isIP as isIP2 } from "node:net";
var DEFAULT_SMTP_PORT = 25;
var DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.?$/;
function parsePort(text) {
  if (!/^\d{1,5}$/.test(text)) return void 0;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : void 0;
}
function parseTarget(text) {
  const expected = "expected HOST, HOST:PORT or [IPv6]:PORT (a DNS name or an IP address, a port 1-65535)";
  let host;
  let portText;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1];
    portText = bracketed[2];
    if (isIP2(host) !== 6) return { problem: `${expected}; '[${host}]' is not an IPv6 address` };
  } else if (isIP2(text) === 6) {
    host = text;
  } else {
    const colon = text.lastIndexOf(":");
    host = colon >= 0 ? text.slice(0, colon) : text;
    portText = colon >= 0 ? text.slice(colon + 1) : void 0;
    host = host.toLowerCase();
    if (isIP2(host) !== 4 && !DNS_NAME.test(host)) return { problem: expected };
  }
  let port = DEFAULT_SMTP_PORT;
  if (portText !== void 0) {
    const parsed = parsePort(portText);
    if (parsed === void 0) return { problem: `${expected}; the port is not a number from 1 to 65535` };
    port = parsed;
  }
  const ipVersion = isIP2(host);
  const target = {
    host,
    port,
    display: ipVersion === 6 ? `[${host}]:${port}` : `${host}:${port}`
  };
  if (ipVersion === 0) target.servername = host.replace(/\.$/, "");
  return target;
}

// src/cli/commands/probe.ts
var DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
var MAX_TIMEOUT_MS = 36e5;
var SERVICE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
function probeSettings(ctx) {
  const { args } = ctx;
  if (args.positionals.length !== 1)
    throw usageError(`expected one HOST[:PORT] to probe, got ${args.positionals.length} arguments`);
  const target = parseTarget(args.positionals[0]);
  if ("problem" in target) throw usageError(`${target.problem}, got '${printable(args.positionals[0])}'`);
  const timeoutText = args.values.get("timeout") ?? "10s";
  const timeoutMs = parseDuration(timeoutText);
  if (timeoutMs === void 0 || timeoutMs === 0)
    throw usageError(
      `--timeout expects a whole number with a unit s, m or h (e.g. '10s', '2m'), got '${printable(timeoutText)}'`
    );
  if (timeoutMs > MAX_TIMEOUT_MS)
    throw usageError(`--timeout expects at most 1h, got '${printable(timeoutText)}'`);
  const settings = { target, timeoutMs, service: args.values.get("service") ?? "smtp" };
  if (!SERVICE.test(settings.service))
    throw usageError(`--service expects a service name such as 'smtp', got '${printable(settings.service)}'`);
  const domain = args.values.get("domain");
  if (domain !== void 0) {
    const lower = domain.toLowerCase();
    if (!DOMAIN.test(lower))
      throw usageError(`--domain expects a DNS name such as 'example.org', got '${printable(domain)}'`);
    settings.domain = lower;
  }
  const pins = args.values.get("pins");
  if (pins !== void 0) {
    if (domain === void 0) throw usageError("--pins needs --domain: the domain whose pin to compare with");
    settings.pinsFile = resolve(ctx.io.cwd, pins);
  }
  if (args.values.has("service") && (domain === void 0 || pins !== void 0))
    throw usageError("--service names the publisher's service file: it needs --domain and no --pins");
  return settings;
}
var RENEWAL_WARNING = "the server presents a certificate that is not pinned, but its public key is: a renewal that kept its key. Postfix delivers (it compares public keys too), other mail servers may not: the publisher should commit the renewed certificate.";
function textReport(s, result, leaf, expected, match) {
  const lines = [`probe ${s.target.display}`];
  if (!result.ok) return `${lines.join("\n")}
`;
  lines.push(`  greeting     ${result.greeting}`, `  STARTTLS     ${result.protocol}, no CA trusted`);
  if (leaf) {
    lines.push(
      `  certificate  ${leaf.fingerprint}`,
      `  public key   ${leaf.spki}`,
      `  subject      ${printable(leaf.subject).slice(0, 200)}`,
      `  not after    ${new Date(leaf.notAfter).toISOString().replace(".000Z", "Z")}`
    );
  }
  if (expected && s.domain) {
    lines.push(`pin for ${s.domain} (${printable(expected.source)})`);
    expected.fingerprints.forEach((f, i) => {
      lines.push(`  certificate  ${f}`, `  public key   ${expected.spki[i] ?? "-"}`);
    });
    const verdict = match === "certificate" ? "match: certificate (the server presents the pinned certificate)" : match === "public-key" ? `match: public-key
warning: ${RENEWAL_WARNING}` : "match: none (neither the certificate nor its public key is pinned: Postfix would defer the mail)";
    lines.push(verdict);
  }
  return `${lines.join("\n")}
`;
}
async function run(ctx) {
  if (ctx.format !== "text" && ctx.format !== "json")
    throw usageError(`probe prints text or json, got --format '${ctx.format}'`);
  const s = probeSettings(ctx);
  let expected;
  if (s.domain !== void 0) {
    try {
      expected = s.pinsFile ? await consumerPin(s.pinsFile, s.domain) : await publisherPin(ctx.io.cwd, s.service, s.domain, ctx.now);
    } catch (e) {
      if (e instanceof PinSourceError) throw environmentError(printable(e.message));
      throw e;
    }
  }
  const result = await probeStartTls({
    host: s.target.host,
    port: s.target.port,
    timeoutMs: s.timeoutMs,
    ...s.target.servername ? { servername: s.target.servername } : {}
  });
  let leaf;
  let failure;
  if (result.ok) {
    try {
      leaf = leafOfDer(result.der);
    } catch {
      failure = "the server presented a certificate that is not parseable X.509";
    }
  } else {
    failure = `${result.reason}`;
  }
  const match = expected && leaf ? matchPin(leaf, expected) : expected ? "none" : null;
  const report = {
    host: s.target.host,
    port: s.target.port,
    starttls: result.ok,
    fingerprint: leaf?.fingerprint ?? null,
    spki: leaf?.spki ?? null,
    domain: s.domain ?? null,
    expected: expected ? { fingerprints: expected.fingerprints, spki: expected.spki } : null,
    match
  };
  if (ctx.format === "json") {
    ctx.io.out(`${jsonStringify(report)}
`);
    if (match === "public-key") ctx.io.err(`smtpfp: warning: ${RENEWAL_WARNING}
`);
  } else {
    ctx.io.out(textReport(s, result, leaf, expected, match));
  }
  if (failure) {
    ctx.io.err(`smtpfp: probe of ${s.target.display} failed: ${printable(failure)}
`);
    return 1;
  }
  return match === "none" ? 1 : 0;
}
export {
  probeSettings,
  run
};
