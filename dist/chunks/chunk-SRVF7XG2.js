import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  readRegularFile
} from "./chunk-EJ7IZX3C.js";
import {
  normalizeFingerprint
} from "./chunk-JUYU6Q66.js";
import {
  firstProblem
} from "./chunk-SMY7YJGK.js";
import {
  MAX_YAML_BYTES,
  describeValue,
  loadYaml,
  schemaError,
  schemaFindings
} from "./chunk-HOVORFGY.js";
import {
  environmentError,
  printable
} from "./chunk-FWEKEFTV.js";

// src/cli/consumer-config.ts
import { relative } from "node:path";

// src/model/names.ts
var SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
function isSafeName(name) {
  return typeof name === "string" && SAFE_NAME.test(name);
}

// src/model/pins.ts
var RENDER_FORMATS = ["postfix", "postfix-transport", "exim", "prosody", "json"];

// src/format/layout.ts
var FORMAT_LIST = RENDER_FORMATS.join(", ");
function parseOutputSpec(spec) {
  const refuse = (why) => ({
    ok: false,
    reason: `expected FORMAT:PATH with FORMAT one of ${FORMAT_LIST} and an absolute PATH; ${why}`
  });
  if (typeof spec !== "string") return refuse(`got ${describeValue(spec)}`);
  const colon = spec.indexOf(":");
  if (colon < 0) return refuse(`got ${describeValue(spec)}, which has no ':'`);
  const format = spec.slice(0, colon);
  const path = spec.slice(colon + 1);
  if (!RENDER_FORMATS.includes(format))
    return refuse(`the format ${describeValue(format)} is unknown`);
  if (path === "") return refuse("the path is empty");
  if (/[\u0000-\u001f\u007f-\u009f]/.test(path)) return refuse("the path contains a control character");
  if (!path.startsWith("/")) return refuse(`the path ${describeValue(path)} is relative`);
  if (path.endsWith("/")) return refuse(`the path ${describeValue(path)} names a folder`);
  return { ok: true, output: { format, path } };
}
function parseLayout(file, bytes) {
  const findings = [];
  const unusable = () => ({ problem: firstProblem(file, findings), findings });
  const loaded = loadYaml(file, bytes, findings);
  if (!loaded) return unusable();
  const { data, source } = loaded;
  const error = (path, message) => {
    const pos = source.locate(path);
    findings.push(schemaError(file, pos.line, pos.column, message));
  };
  if (data === null || data === void 0) {
    findings.push(
      schemaError(file, 1, 1, "expected a mapping of service names to their spec, got an empty file")
    );
    return unusable();
  }
  findings.push(...schemaFindings("layout", file, data, source, (p) => p.length >= 2 && p[1] === "spec"));
  if (findings.length > 0) return unusable();
  const services = [];
  const writers = /* @__PURE__ */ new Map();
  for (const [service, entry] of Object.entries(data)) {
    if (!isSafeName(service)) continue;
    const specs = Array.isArray(entry.spec) ? entry.spec.map((s, i) => [[service, "spec", i], s]) : [[[service, "spec"], entry.spec]];
    if (Array.isArray(entry.spec) && (entry.spec.length === 0 || entry.spec.length > 16)) {
      error([service, "spec"], `expected 1 to 16 FORMAT:PATH specs, got ${entry.spec.length}`);
      continue;
    }
    const outputs = [];
    for (const [at, spec] of specs) {
      if (typeof spec !== "string") {
        error(at, `expected FORMAT:PATH (or a list of them), got ${describeValue(spec)}`);
        continue;
      }
      const parsed = parseOutputSpec(spec);
      if (!parsed.ok) {
        error(at, parsed.reason);
        continue;
      }
      const first = writers.get(parsed.output.path);
      if (first !== void 0) {
        error(
          at,
          `${describeValue(parsed.output.path)} is already written by ${first}; expected one output per path`
        );
        continue;
      }
      writers.set(parsed.output.path, `${service}'s ${parsed.output.format} output`);
      outputs.push(parsed.output);
    }
    services.push({ service, outputs });
  }
  if (services.length === 0 && findings.length === 0) {
    error([], "expected at least one service (a name mapped to its spec), got an empty mapping");
  }
  if (findings.length > 0) return unusable();
  return { layout: { services }, findings };
}

// src/format/meta.ts
import { dirname, resolve as resolve2 } from "node:path";

// src/model/git-url.ts
import { isAbsolute, resolve } from "node:path";
var MAX_URL_LENGTH = 4096;
var ALLOWED_SCHEMES = ["https", "http", "ssh", "git", "file"];
var HELPER = /^[A-Za-z0-9+.-]*::/;
var SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
var SCP = /^(?:([^@/:]+)@)?([^@/:[\]]+|\[[0-9A-Fa-f:.]+\]):(.*)$/;
var USER = /^[A-Za-z0-9._~+-]+$/;
var HOST = /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/;
function urlKind(url) {
  if (SCHEME.test(url)) return "url";
  const colon = url.indexOf(":");
  const slash = url.indexOf("/");
  return colon >= 0 && (slash < 0 || colon < slash) ? "scp" : "path";
}
function vetUrl(url, baseDir) {
  const refuse = (reason) => ({ ok: false, reason });
  if (typeof url !== "string" || url.length === 0) return refuse("the URL is empty");
  if (url.length > MAX_URL_LENGTH) return refuse(`the URL is longer than ${MAX_URL_LENGTH} characters`);
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(url))
    return refuse("the URL contains a control character");
  if (url.startsWith("-")) return refuse("the URL starts with '-', which git would read as an option");
  if (HELPER.test(url)) {
    const helper = url.slice(0, url.indexOf("::"));
    return refuse(
      `'${helper}::' is git's remote-helper syntax (ext:: runs a command, fd:: reads a descriptor); only https, http, ssh, git and file URLs are allowed`
    );
  }
  const scheme = SCHEME.exec(url);
  if (scheme) {
    const name = scheme[1];
    if (!ALLOWED_SCHEMES.includes(name)) {
      return refuse(
        `the transport '${name}' is not allowed; expected https, http, ssh, git or file (lowercase)`
      );
    }
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      return refuse(`not a valid ${name} URL`);
    }
    if (name === "file") {
      if (parsed.host !== "") return refuse("a file URL must name a local path (file:///path), not a host");
      return { ok: true, url, transport: "file" };
    }
    const rest = url.slice(scheme[0].length);
    const authority = rest.slice(0, rest.search(/[/?#]|$/));
    const at = authority.lastIndexOf("@");
    const user = at < 0 ? "" : authority.slice(0, at);
    const host = authority.slice(at + 1);
    if (parsed.hostname === "" || host === "" || host.startsWith(":"))
      return refuse(`a ${name} URL must name a host`);
    if (/[\\\s]/.test(authority)) return refuse("the host part has a backslash or a space");
    if (host.startsWith("-") || user.startsWith("-") || /^%2d/i.test(user)) {
      return refuse("the host or user starts with '-', which ssh would read as an option");
    }
    if (host.includes("%")) return refuse("the host is percent-encoded");
    return { ok: true, url, transport: name };
  }
  if (urlKind(url) === "scp") {
    const m = SCP.exec(url);
    if (!m) return refuse("not a valid scp-like address; expected [user@]host:path");
    const [, user, host, path] = m;
    if (user !== void 0 && !USER.test(user))
      return refuse(`the user '${user}' has characters ssh does not allow`);
    if (!HOST.test(host)) return refuse("the host has characters that are not allowed in a host name");
    if (host.startsWith("-") || user?.startsWith("-")) {
      return refuse("the host or user starts with '-', which ssh would read as an option");
    }
    if (path === "") return refuse("the scp-like address names no path");
    return { ok: true, url, transport: "scp" };
  }
  if (isAbsolute(url)) return { ok: true, url, transport: "path" };
  if (baseDir === void 0) return { ok: true, url, transport: "path" };
  return { ok: true, url: resolve(baseDir, url), transport: "path" };
}

// src/format/meta.ts
function refProblem(ref) {
  const bad = (why) => `expected a branch name such as 'main' or 'refs/heads/main'; ${why}`;
  if (ref === "" || ref.length > 255) return bad("it is empty or longer than 255 characters");
  if (ref.startsWith("-")) return bad("it starts with '-'");
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(ref))
    return bad("it has a space, a control character or one of ~ ^ : ? * [ \\");
  if (ref.includes("..") || ref.includes("@{") || ref === "@") return bad("it has '..' or '@{', or is '@'");
  if (ref.startsWith("/") || ref.endsWith("/") || ref.includes("//"))
    return bad("it has an empty '/'-separated part");
  if (ref.endsWith(".")) return bad("it ends with '.'");
  for (const part of ref.split("/")) {
    if (part.startsWith(".") || part.endsWith(".lock"))
      return bad("a part starts with '.' or ends with '.lock'");
  }
  if (ref.startsWith("refs/") && !ref.startsWith("refs/heads/"))
    return bad("only branches (refs/heads/) can be followed");
  return void 0;
}
function parseMeta(file, bytes) {
  const findings = [];
  const unusable = () => ({ problem: firstProblem(file, findings), findings });
  const loaded = loadYaml(file, bytes, findings);
  if (!loaded) return unusable();
  const { data, source } = loaded;
  const error = (path, message, key = false) => {
    const pos = source.locate(path, key);
    findings.push(schemaError(file, pos.line, pos.column, message));
  };
  if (data === null || data === void 0) {
    findings.push(
      schemaError(
        file,
        1,
        1,
        "expected a mapping of group names to their urls and fingerprints, got an empty file"
      )
    );
    return unusable();
  }
  for (const [name, g] of Object.entries(data)) {
    const list = g?.fingerprints;
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      const text = typeof item === "number" ? source.scalarSource([name, "fingerprints", i]) : void 0;
      if (text !== void 0 && /^[0-9]+$/.test(text)) list[i] = text;
    });
  }
  const isRef = (p) => p.length === 2 && p[1] === "ref";
  findings.push(...schemaFindings("meta", file, data, source, isRef));
  if (findings.length > 0) return unusable();
  const raw = data;
  const byFolded = /* @__PURE__ */ new Map();
  const groups = [];
  for (const [name, g] of Object.entries(raw)) {
    const other = byFolded.get(name.toLowerCase());
    if (other !== void 0) {
      error(
        [name],
        `the group names '${other}' and '${name}' differ only in case; expected distinct names`,
        true
      );
      continue;
    }
    byFolded.set(name.toLowerCase(), name);
    let ref = null;
    if (g.ref !== void 0) {
      const problem = typeof g.ref === "string" ? refProblem(g.ref) : `expected a branch name, got ${describeValue(g.ref)}`;
      if (problem) error([name, "ref"], problem);
      else ref = g.ref;
    }
    const fingerprints = [...new Set(g.fingerprints.map((f) => normalizeFingerprint(f)))];
    groups.push({ name, urls: [...g.urls], fingerprints, ref });
  }
  if (groups.length === 0 && findings.length === 0) {
    error(
      [],
      "expected at least one group (a name mapped to its urls and fingerprints), got an empty mapping"
    );
  }
  if (findings.length > 0) return unusable();
  return { meta: { groups, baseDir: dirname(resolve2(file)) }, findings };
}

// src/cli/consumer-config.ts
async function readConfig(path, what) {
  const read = readRegularFile(path, { maxBytes: MAX_YAML_BYTES, follow: true });
  if ("data" in read) return read.data;
  throw environmentError(`the ${what} '${path}' ${read.message}`);
}
function shownPath(path, cwd) {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") ? rel : path;
}
async function loadMetaFile(path, cwd) {
  const parsed = parseMeta(path, await readConfig(path, "meta configuration"));
  if ("problem" in parsed) {
    throw environmentError(
      `unusable meta configuration: ${printable(parsed.problem.replace(path, shownPath(path, cwd)))}`
    );
  }
  return parsed.meta;
}
async function loadLayoutFile(path, cwd) {
  const parsed = parseLayout(path, await readConfig(path, "layout"));
  if ("problem" in parsed) {
    throw environmentError(
      `unusable layout: ${printable(parsed.problem.replace(path, shownPath(path, cwd)))}`
    );
  }
  return parsed.layout.services.flatMap(
    (s) => s.outputs.map((o) => ({ service: s.service, format: o.format, path: o.path }))
  );
}

export {
  isSafeName,
  parseOutputSpec,
  ALLOWED_SCHEMES,
  vetUrl,
  loadMetaFile,
  loadLayoutFile
};
