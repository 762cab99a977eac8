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

// src/model/errors.ts
var EXIT_STATUS = {
  USAGE: 2,
  ENVIRONMENT: 2,
  GIT_FAILED: 2,
  GIT_MISSING: 2,
  NOT_A_REPOSITORY: 2,
  NO_KEYS: 2,
  BAD_KEYRING: 2,
  BAD_FINGERPRINT: 2,
  NO_SIGNERS: 2,
  NO_PUBLIC_KEYS: 2,
  POLICY_UNUSABLE: 2,
  KEYRING_UNUSABLE: 2,
  MISSING_VARIABLE: 2,
  BAD_VARIABLE: 2,
  EVENT_UNREADABLE: 2,
  EVENT_INVALID: 2,
  BAD_EVENT_FIELD: 2,
  BAD_PUSH_LINE: 2,
  MISSING_OBJECT: 2,
  BAD_REF: 2,
  UNSAFE_HOOKS_DIR: 2,
  STATE: 2,
  LOCKED: 2,
  OUTPUT: 2,
  KEYRING: 2,
  COMMAND: 2
};
var SmtpfpError = class extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.code = code;
  }
  code;
  name = "SmtpfpError";
  get exitStatus() {
    return EXIT_STATUS[this.code];
  }
};
var usageError = (m) => new SmtpfpError("USAGE", m);
var environmentError = (m, cause) => new SmtpfpError("ENVIRONMENT", m, cause === void 0 ? void 0 : { cause });
function reportError(e) {
  if (e instanceof SmtpfpError) return { message: e.message, status: e.exitStatus, internal: false };
  return { message: e instanceof Error ? e.message : String(e), status: 2, internal: true };
}

// src/model/text.ts
function printable(text) {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, "\uFFFD");
}
function printableText(text) {
  return text.split("\n").map(printable).join("\n");
}

// src/model/json.ts
function jsonStringify(value, indent) {
  const text = JSON.stringify(value, null, indent);
  return text === void 0 ? "null" : text.replace(/[\u007f-\u009f\u2028\u2029]/g, escapeChar);
}
function escapeChar(c) {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

export {
  __require,
  __commonJS,
  __export,
  __toESM,
  SmtpfpError,
  usageError,
  environmentError,
  reportError,
  printable,
  printableText,
  jsonStringify
};
