import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// src/git/run.ts
import { spawn } from "node:child_process";
var GitError = class extends Error {
  constructor(message, code, stderr = "", exitCode = null) {
    super(message);
    this.code = code;
    this.stderr = stderr;
    this.exitCode = exitCode;
    this.name = "GitError";
  }
  code;
  stderr;
  exitCode;
};
function git(args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: opts.cwd,
      env: { ...opts.env ?? process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
      stdio: ["pipe", "pipe", "pipe"]
    });
    const out = [];
    const err = [];
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", (e) => {
      reject(
        e.code === "ENOENT" ? new GitError("git is not installed or not on PATH", "GIT_MISSING") : new GitError(`could not run git: ${e.message}`, "GIT_FAILED")
      );
    });
    child.stdin.on("error", () => {
    });
    child.on("close", (code) => {
      const stderr = Buffer.concat(err).toString("utf8");
      const exit = code ?? -1;
      if (exit === 0 || opts.okCodes?.includes(exit)) {
        resolve({ stdout: Buffer.concat(out), stderr, code: exit });
      } else {
        const first = stderr.trim().split("\n")[0] ?? "";
        reject(new GitError(`git ${args[0]} failed: ${first || `exit ${exit}`}`, "GIT_FAILED", stderr, exit));
      }
    });
    child.stdin.end(opts.input ?? "");
  });
}
async function gitText(args, opts) {
  return (await git(args, opts)).stdout.toString("utf8").trim();
}

// src/model/text.ts
function printable(text) {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, "\uFFFD");
}

// src/report/style.ts
var wrap = (open, close) => (s) => `\x1B[${open}m${s}\x1B[${close}m`;
function makeStyle(color) {
  if (!color) {
    const id = (s) => s;
    return { red: id, yellow: id, green: id, dim: id, bold: id };
  }
  return {
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22)
  };
}

// src/cli/errors.ts
var CliError = class extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
    this.name = "CliError";
  }
  code;
  get exitCode() {
    return this.code === "FAILED" ? 1 : 2;
  }
};
var usageError = (m) => new CliError(m, "USAGE");
var environmentError = (m) => new CliError(m, "ENVIRONMENT");

export {
  __require,
  __commonJS,
  __export,
  __toESM,
  GitError,
  git,
  gitText,
  printable,
  makeStyle,
  CliError,
  usageError,
  environmentError
};
