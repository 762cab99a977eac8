import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  trustedPolicy
} from "./chunk-L4AZONXL.js";
import {
  git
} from "./chunk-CRUGFJYM.js";

// src/hooks/signing-setup.ts
import { homedir } from "node:os";
import { join } from "node:path";

// src/git/config.ts
var SCOPES = ["system", "global", "local", "worktree", "command"];
async function readGitConfig(cwd) {
  const { stdout } = await git(["config", "--list", "-z", "--show-scope"], { cwd, okCodes: [1] });
  const out = /* @__PURE__ */ new Map();
  const fields = stdout.toString("utf8").split("\0");
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const scopeText = fields[i];
    const record = fields[i + 1];
    const nl = record.indexOf("\n");
    const key = (nl < 0 ? record : record.slice(0, nl)).toLowerCase();
    const value = nl < 0 ? null : record.slice(nl + 1);
    const scope = SCOPES.includes(scopeText) ? scopeText : "unknown";
    out.set(key, { value, scope, order: i });
  }
  return out;
}
function gitBoolean(entry) {
  if (!entry) return void 0;
  if (entry.value === null) return true;
  const v = entry.value.trim().toLowerCase();
  if (["true", "yes", "on"].includes(v)) return true;
  if (["false", "no", "off", ""].includes(v)) return false;
  if (/^-?\d+[kmg]?$/.test(v)) return Number.parseInt(v, 10) !== 0;
  return void 0;
}

// src/hooks/gpg-keys.ts
import { spawn } from "node:child_process";
var GPG_TIMEOUT_MS = 15e3;
function runGpg(program, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      cwd,
      env: { ...process.env, LC_ALL: "C" },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: GPG_TIMEOUT_MS
    });
    const out = [];
    const err = [];
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", (e) => {
      if (e.code === "ENOENT" || e.code === "EACCES") resolve("missing");
      else reject(e);
    });
    child.on("close", (code, signal) => {
      resolve({
        code: code ?? (signal ? 128 : -1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8")
      });
    });
  });
}
var unescapeColons = (s) => s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16)));
function parseColonListing(text) {
  const keys = [];
  let current;
  let expectFpr;
  for (const line of text.split("\n")) {
    const f = line.split(":");
    const type = f[0];
    if (type === "sec" || type === "pub") {
      const caps = f[11] ?? "";
      current = {
        primary: "",
        uid: null,
        validity: f[1] ?? "",
        canSign: caps.includes("S"),
        disabled: caps.includes("D"),
        subkeys: []
      };
      keys.push(current);
      expectFpr = "primary";
    } else if (type === "ssb" || type === "sub") {
      expectFpr = "subkey";
    } else if (type === "fpr" && current && expectFpr) {
      const fpr = (f[9] ?? "").toUpperCase();
      if (expectFpr === "primary") current.primary = fpr;
      else current.subkeys.push(fpr);
      expectFpr = void 0;
    } else if (type === "uid" && current && current.uid === null) {
      current.uid = unescapeColons(f[9] ?? "");
    }
  }
  return keys.filter((k) => k.primary !== "");
}
async function list(program, which, specs, cwd) {
  const r = await runGpg(
    program,
    ["--batch", "--no-tty", "--with-colons", "--fixed-list-mode", which, "--", ...specs],
    cwd
  );
  if (r === "missing") return "missing";
  const keys = parseColonListing(r.stdout);
  if (r.code !== 0 && keys.length === 0 && r.code !== 2) {
    const first = r.stderr.trim().split("\n").pop() ?? "";
    return { failed: `exit ${r.code}${first ? `: ${first}` : ""}` };
  }
  return { keys };
}
async function lookUpSigningKey(program, spec, cwd) {
  const secret = await list(program, "--list-secret-keys", [spec], cwd);
  if (secret === "missing") return { kind: "gpg-missing" };
  if ("failed" in secret) return { kind: "gpg-failed", message: secret.failed };
  if (secret.keys.length > 0) return { kind: "secret", keys: secret.keys };
  const pub = await list(program, "--list-keys", [spec], cwd);
  if (pub === "missing") return { kind: "gpg-missing" };
  if ("failed" in pub) return { kind: "gpg-failed", message: pub.failed };
  return pub.keys.length > 0 ? { kind: "public-only", keys: pub.keys } : { kind: "none" };
}
async function secretKeys(program, cwd, fingerprints = []) {
  const r = await list(program, "--list-secret-keys", fingerprints, cwd);
  if (r === "missing" || "failed" in r) return [];
  return r.keys.filter(usable);
}
function usable(k) {
  return k.canSign && !k.disabled && !["r", "e", "i", "d"].includes(k.validity);
}
async function exportArmoredKey(program, fingerprint, cwd) {
  const r = await runGpg(program, ["--batch", "--no-tty", "--export", "--armor", "--", fingerprint], cwd);
  if (r === "missing" || r.code !== 0) return void 0;
  return r.stdout.includes("-----BEGIN PGP PUBLIC KEY BLOCK-----") ? r.stdout : void 0;
}

// src/hooks/signing-setup.ts
function gpgProgram(cfg) {
  const candidates = [cfg.get("gpg.program"), cfg.get("gpg.openpgp.program")].filter(
    (e) => e?.value !== void 0 && e.value !== null && e.value.trim() !== ""
  );
  candidates.sort((a, b) => a.order - b.order);
  const program = candidates.at(-1)?.value?.trim() ?? "gpg";
  return program.startsWith("~/") ? join(homedir(), program.slice(2)) : program;
}
var describeKey = (k) => k.uid ? `${k.primary} (${k.uid})` : k.primary;
function unusableReason(k) {
  if (k.validity === "r") return "is revoked";
  if (k.validity === "e") return "has expired";
  if (k.disabled) return "is disabled";
  if (!k.canSign) return "has no signing capability";
  return "is not valid";
}
async function checkSigningSetup(repo) {
  const policyLookup = trustedPolicy(repo);
  const cfg = await readGitConfig(repo);
  const program = gpgProgram(cfg);
  const spec = cfg.get("user.signingkey")?.value?.trim();
  const keyLookup = spec ? lookUpSigningKey(program, spec, repo) : void 0;
  keyLookup?.catch(() => {
  });
  const lookup = await policyLookup;
  const problems = [];
  const notes = [...lookup.notes];
  const policy = lookup.policy;
  const gpgsign = cfg.get("commit.gpgsign");
  const sign = gitBoolean(gpgsign);
  if (sign !== true) {
    const now = gpgsign === void 0 ? "is not set" : sign === false ? `is '${gpgsign.value ?? ""}' (${gpgsign.scope} configuration)` : `is '${gpgsign.value ?? ""}', not a boolean`;
    problems.push({
      setting: "commit.gpgsign",
      message: `commit.gpgsign ${now}: git would make this commit unsigned`,
      fix: "git config commit.gpgsign true"
    });
  }
  const format = cfg.get("gpg.format");
  const formatValue = format?.value?.trim().toLowerCase();
  if (format && formatValue !== "openpgp") {
    const fix = format.scope === "local" ? "git config --unset gpg.format" : format.scope === "worktree" ? "git config --worktree --unset gpg.format" : format.scope === "command" ? "run git without '-c gpg.format=...' (GIT_CONFIG_PARAMETERS)" : "git config gpg.format openpgp";
    problems.push({
      setting: "gpg.format",
      message: `gpg.format is '${format.value ?? ""}' (${format.scope} configuration): only OpenPGP signatures are accepted, an ${format.value ?? ""} signature is 'unsupported'`,
      fix
    });
  }
  const suggestion = async () => {
    const keys = await secretKeys(program, repo, policy?.signers ?? []);
    const primaries = [...new Set(keys.map((k) => k.primary))];
    if (primaries.length === 1 || policy && primaries.length > 0) return primaries[0];
    return "<FPR>";
  };
  const allowedHint = policy ? ` (allowed signers in ${policy.where}: ${policy.signers.join(", ")})` : "";
  let signer;
  if (!spec || !keyLookup) {
    problems.push({
      setting: "user.signingkey",
      message: `user.signingkey is not set: git would let gpg pick a key by the committer's e-mail${allowedHint}`,
      fix: `git config user.signingkey ${await suggestion()}`
    });
  } else {
    const found = await keyLookup;
    switch (found.kind) {
      case "gpg-missing":
        problems.push({
          setting: "gpg.program",
          message: `the OpenPGP program '${program}' is not installed or not on PATH: git cannot sign commits`,
          fix: program === "gpg" ? "install GnuPG (e.g. apt-get install gnupg), or git config gpg.program <path to gpg>" : "git config gpg.program <path to gpg>"
        });
        break;
      case "gpg-failed":
        problems.push({
          setting: "gpg.program",
          message: `'${program} --list-secret-keys' failed (${found.message}): cannot tell whether git can sign with user.signingkey '${spec}'`,
          fix: `${program} --list-secret-keys -- '${spec}'`
        });
        break;
      case "none":
        problems.push({
          setting: "user.signingkey",
          message: `user.signingkey '${spec}' names no key that ${program} knows${allowedHint}`,
          fix: `git config user.signingkey ${await suggestion()}`
        });
        break;
      case "public-only":
        problems.push({
          setting: "user.signingkey",
          message: `${program} has the public key ${found.keys.map(describeKey).join(", ")} for user.signingkey '${spec}' but not its secret key: git cannot sign with it`,
          fix: `git config user.signingkey ${await suggestion()}`
        });
        break;
      case "secret": {
        const keys = found.keys.filter(usable);
        const primaries = [...new Set(keys.map((k) => k.primary))];
        if (keys.length === 0) {
          const k = found.keys[0];
          problems.push({
            setting: "user.signingkey",
            message: `the key ${describeKey(k)} named by user.signingkey '${spec}' ${unusableReason(k)}`,
            fix: `git config user.signingkey ${await suggestion()}`
          });
        } else if (primaries.length > 1) {
          problems.push({
            setting: "user.signingkey",
            message: `user.signingkey '${spec}' matches ${primaries.length} keys (${primaries.join(", ")}): name one by its fingerprint`,
            fix: `git config user.signingkey ${primaries.find((p) => policy?.signers.includes(p)) ?? await suggestion()}`
          });
        } else {
          const k = keys[0];
          const allowed = policy ? policy.signers.includes(k.primary) : null;
          signer = { fingerprint: k.primary, uid: k.uid, allowed };
          if (allowed === false) {
            problems.push({
              setting: "user.signingkey",
              message: `the signing key ${describeKey(k)} is not an allowed signer${allowedHint}; its commits would be 'not-allowed'`,
              fix: `git config user.signingkey ${await suggestion()}`
            });
          }
        }
        break;
      }
    }
  }
  return { problems, notes, ...signer ? { signer } : {}, ...policy ? { policy } : {} };
}

export {
  readGitConfig,
  lookUpSigningKey,
  usable,
  exportArmoredKey,
  gpgProgram,
  checkSigningSetup
};
