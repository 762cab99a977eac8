import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  writeFileAtomic
} from "./chunk-OTTJLMFO.js";
import {
  exportArmoredKey,
  gpgProgram,
  lookUpSigningKey,
  readGitConfig,
  usable
} from "./chunk-3YHJ6OJU.js";
import {
  parsePolicy
} from "./chunk-L4AZONXL.js";
import "./chunk-JUYU6Q66.js";
import "./chunk-XS4NACP3.js";
import {
  POLICY_FILE,
  configValue,
  locateRepository
} from "./chunk-Y2T34S2R.js";
import "./chunk-L3JPEFSX.js";
import "./chunk-SMY7YJGK.js";
import {
  makeStyle
} from "./chunk-3TZPSSYH.js";
import "./chunk-HOVORFGY.js";
import {
  gitText
} from "./chunk-CRUGFJYM.js";
import "./chunk-DUYTJGPC.js";
import {
  SmtpfpError,
  environmentError,
  jsonStringify,
  printable,
  usageError
} from "./chunk-FWEKEFTV.js";

// src/cli/commands/init.ts
import { relative as relative2 } from "node:path";

// src/hooks/install.ts
import { chmod, lstat, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
var HOOK_NAMES = ["pre-commit", "pre-push"];
var HOOK_MARK = "# installed by smtpfp init";
function hookScript(name) {
  const args = name === "pre-push" ? ' "$@"' : "";
  const stdin = name === "pre-push" ? " (git passes the pushed refs on stdin)" : "";
  return [
    "#!/bin/sh",
    `${HOOK_MARK}: re-run 'smtpfp init' to update this hook.`,
    `# Runs the project's own smtpfp${stdin}; never downloads one.`,
    "top=$(git rev-parse --show-toplevel 2>/dev/null) || top=.",
    'if [ -x "$top/node_modules/.bin/smtpfp" ]; then',
    `  exec "$top/node_modules/.bin/smtpfp" ${name}${args}`,
    "fi",
    "if command -v smtpfp >/dev/null 2>&1; then",
    `  exec smtpfp ${name}${args}`,
    "fi",
    `echo "smtpfp ${name} hook: smtpfp is neither in $top/node_modules/.bin nor on PATH; install it with 'npm install --save-dev smtpfp'" >&2`,
    "exit 1",
    ""
  ].join("\n");
}
var isDir = async (p) => (await stat(p).catch(() => void 0))?.isDirectory() ?? false;
async function assertHuskyDirSafe(top, dir) {
  const rel = relative(top, dir);
  const shown = printable(rel || dir);
  if (rel === "" || rel.startsWith(`..${sep}`) || rel === ".." || isAbsolute(rel)) {
    throw new SmtpfpError(
      "UNSAFE_HOOKS_DIR",
      `the husky hooks folder '${shown}' is outside the work tree: refusing to install hooks there`
    );
  }
  let at = top;
  for (const part of rel.split(sep)) {
    at = join(at, part);
    const st = await lstat(at).catch(() => void 0);
    if (!st) return;
    if (st.isSymbolicLink()) {
      throw new SmtpfpError(
        "UNSAFE_HOOKS_DIR",
        `the husky hooks folder '${shown}' is reached through the symlink '${printable(relative(top, at))}': refusing to write hooks through it (remove the symlink, or unset core.hooksPath to use git's hooks folder)`
      );
    }
  }
}
async function hookTarget(top) {
  const hooksPath = (await configValue(top, "core.hooksPath"))?.trim();
  const clean = hooksPath?.replace(/^\.\//, "").replace(/\/+$/, "");
  const huskyPath = clean !== void 0 && /(^|\/)\.husky(\/_)?$/.test(clean);
  if (huskyPath) {
    const dir2 = resolve(top, clean.replace(/\/_$/, ""));
    await assertHuskyDirSafe(top, dir2);
    return { dir: dir2, layout: "husky", notes: [] };
  }
  const husky = join(top, ".husky");
  if ((await lstat(husky).catch(() => void 0))?.isSymbolicLink()) await assertHuskyDirSafe(top, husky);
  if (await isDir(husky)) {
    const notes = [
      hooksPath ? `core.hooksPath is '${hooksPath}', not husky's: git will not run .husky hooks until husky is installed ('npx husky')` : "core.hooksPath is not set: git runs .husky hooks once husky is installed ('npx husky', usually the 'prepare' script)"
    ];
    return { dir: join(top, ".husky"), layout: "husky", notes };
  }
  const dir = resolve(top, await gitText(["rev-parse", "--git-path", "hooks"], { cwd: top }));
  return { dir, layout: "git", notes: [] };
}
async function writeExecutable(path, content) {
  const tmp = `${path}.smtpfp-tmp-${process.pid}`;
  try {
    await writeFile(tmp, content, { mode: 493 });
    await chmod(tmp, 493);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
async function freeBackupPath(path) {
  for (let i = 0; ; i++) {
    const candidate = `${path}.smtpfp-backup${i === 0 ? "" : `.${i}`}`;
    if (!await lstat(candidate).catch(() => void 0)) return candidate;
  }
}
async function installHook(dir, hook, force) {
  const path = join(dir, hook);
  const script = hookScript(hook);
  await mkdir(dir, { recursive: true });
  const st = await lstat(path).catch(() => void 0);
  if (!st) {
    await writeExecutable(path, script);
    return { hook, path, action: "installed" };
  }
  let ours = false;
  if (st.isFile()) {
    const current = await readFile(path, "utf8");
    if (current === script) {
      if ((st.mode & 73) === 0) await chmod(path, 493);
      return { hook, path, action: "unchanged" };
    }
    ours = current.split("\n").some((line) => line.startsWith(HOOK_MARK));
  }
  if (ours) {
    await writeExecutable(path, script);
    return { hook, path, action: "updated" };
  }
  if (!force) return { hook, path, action: "refused" };
  const backup = await freeBackupPath(path);
  await rename(path, backup);
  await writeExecutable(path, script);
  return { hook, path, action: "replaced", backup };
}

// src/hooks/start-policy.ts
import { lstat as lstat2, mkdir as mkdir2 } from "node:fs/promises";
import { join as join2 } from "node:path";
var policyStartError = (m) => environmentError(`cannot start .smtpfp.yml: ${m}`);
var commentSafe = (s) => s.replace(/[^\x20-\x7e]/g, "?").slice(0, 100);
function policyText(fingerprint, uid, keyring) {
  return [
    "# smtpfp publisher policy: the OpenPGP keys allowed to sign commits of this repository, and",
    "# where their public keys are. Hooks and CI check commits against it; consumers follow a change",
    "# to it that a signer listed here made (a key rotation).",
    "version: 1",
    "signers:",
    `  - ${fingerprint}${uid ? ` # ${commentSafe(uid)}` : ""}`,
    `keyring: ${keyring}`,
    ""
  ].join("\n");
}
async function startPolicy(top) {
  if (await lstat2(join2(top, POLICY_FILE)).catch(() => void 0)) return { action: "exists" };
  const cfg = await readGitConfig(top);
  const spec = cfg.get("user.signingkey")?.value?.trim();
  if (!spec)
    return {
      action: "skipped",
      reason: `no ${POLICY_FILE} created: git config user.signingkey is not set; set it ('git config user.signingkey <fingerprint>') and run 'smtpfp init' again`
    };
  const program = gpgProgram(cfg);
  const lookup = await lookUpSigningKey(program, spec, top);
  const fix = "set 'git config user.signingkey' to the fingerprint of your signing key";
  switch (lookup.kind) {
    case "gpg-missing":
      throw policyStartError(
        `cannot run '${program}' to export the signing key; install GnuPG or set gpg.program`
      );
    case "gpg-failed":
      throw policyStartError(`gpg failed looking up user.signingkey '${spec}': ${lookup.message}`);
    case "none":
      throw policyStartError(`user.signingkey '${spec}' names no key gpg knows; ${fix}`);
    case "public-only":
      throw policyStartError(
        `user.signingkey '${spec}' has no secret key here: commits could not be signed; ${fix}`
      );
    case "secret":
      break;
  }
  const keys = lookup.keys.filter(usable);
  if (keys.length !== 1)
    throw policyStartError(
      keys.length === 0 ? `user.signingkey '${spec}' names no key that can sign (revoked, expired or without a signing key); ${fix}` : `user.signingkey '${spec}' matches ${keys.length} keys (${keys.map((k) => k.primary).join(", ")}); ${fix}`
    );
  const key = keys[0];
  const armored = await exportArmoredKey(program, key.primary, top);
  if (!armored) throw policyStartError(`gpg exported nothing for ${key.primary}`);
  const text = policyText(key.primary, key.uid, "keys/");
  const parsed = parsePolicy(POLICY_FILE, new TextEncoder().encode(text));
  if ("problem" in parsed)
    throw policyStartError(`the policy made for ${key.primary} does not parse: ${parsed.problem}`);
  const keyFile = `keys/${key.primary}.asc`;
  const keysDir = join2(top, "keys");
  const dirStat = await lstat2(keysDir).catch(() => void 0);
  if (dirStat && !dirStat.isDirectory())
    throw policyStartError(
      `expected 'keys' to be a folder for the signers' public keys, got another kind of file`
    );
  const existing = await lstat2(join2(top, keyFile)).catch(() => void 0);
  if (existing && !existing.isFile())
    throw policyStartError(`expected '${keyFile}' to be a regular file, got another kind of file`);
  if (!existing) {
    await mkdir2(keysDir, { recursive: true });
    await writeFileAtomic(join2(top, keyFile), armored, 420);
  }
  await writeFileAtomic(join2(top, POLICY_FILE), text, 420);
  return {
    action: "created",
    signer: key.primary,
    uid: key.uid,
    keyFile,
    keyFileAction: existing ? "kept" : "created"
  };
}

// src/cli/commands/init.ts
function resultLine(r, shown, color) {
  const st = makeStyle(color);
  switch (r.action) {
    case "installed":
      return `${st.green("\u2714")} ${r.hook}: installed ${shown}`;
    case "unchanged":
      return `${st.green("\u2714")} ${r.hook}: already installed (${shown})`;
    case "updated":
      return `${st.green("\u2714")} ${r.hook}: updated ${shown}`;
    case "replaced":
      return `${st.yellow("!")} ${r.hook}: replaced ${shown}; the previous hook is kept as ${printable(r.backup ?? "")}`;
    case "refused":
      return `${st.red("\u2716")} ${r.hook}: ${shown} is not smtpfp's hook: left as it is; 'smtpfp init --force' replaces it (keeping a backup), or call 'smtpfp ${r.hook}${r.hook === "pre-push" ? ' "$@"' : ""}' from it yourself`;
  }
}
async function run(ctx) {
  if (ctx.args.positionals.length > 0)
    throw usageError(`init takes no argument, got '${ctx.args.positionals[0]}'`);
  const loc = await locateRepository(ctx.io.cwd);
  if (!loc) throw environmentError(`init needs a git work tree; '${ctx.io.cwd}' is not in one`);
  const force = ctx.args.flags.has("force");
  const policy = await startPolicy(loc.top);
  const target = await hookTarget(loc.top);
  const results = [];
  for (const hook of HOOK_NAMES) {
    try {
      results.push(await installHook(target.dir, hook, force));
    } catch (e) {
      throw environmentError(`cannot install the ${hook} hook in '${target.dir}': ${e.message}`);
    }
  }
  const refused = results.some((r) => r.action === "refused");
  if (ctx.format === "json") {
    ctx.io.out(
      `${jsonStringify(
        {
          layout: target.layout,
          dir: target.dir,
          hooks: results.map((r) => ({
            hook: r.hook,
            path: r.path,
            action: r.action,
            backup: r.backup ?? null
          })),
          notes: target.notes,
          policy: policy.action === "created" ? {
            action: "created",
            signer: policy.signer,
            key_file: policy.keyFile,
            key_file_action: policy.keyFileAction
          } : policy.action === "skipped" ? { action: "skipped", reason: policy.reason } : { action: "exists" }
        },
        2
      )}
`
    );
    return refused ? 1 : 0;
  }
  const st = makeStyle(ctx.color);
  const lines = [];
  for (const r of results) {
    if (ctx.quiet && r.action !== "refused" && r.action !== "replaced") continue;
    const rel = relative2(loc.top, r.path);
    const shown = printable(rel.startsWith("..") ? r.path : rel);
    lines.push(resultLine(r, shown, ctx.color));
  }
  if (policy.action === "created") {
    const who = policy.uid ? ` (${printable(policy.uid)})` : "";
    lines.push(
      `${st.green("\u2714")} .smtpfp.yml: created, allowing ${policy.signer}${who} to sign; its public key ${policy.keyFileAction === "created" ? "exported to" : "already in"} ${policy.keyFile}`,
      `${st.dim("next")}: git add -- .smtpfp.yml ${policy.keyFile} && git commit -S -m 'smtpfp policy: allowed signers'`
    );
  }
  if (!ctx.quiet) {
    if (policy.action === "skipped") lines.push(`${st.yellow("note")}: ${printable(policy.reason)}`);
    for (const n of target.notes) lines.push(`${st.yellow("note")}: ${printable(n)}`);
    if (target.layout === "husky" && results.some((r) => r.action !== "unchanged" && r.action !== "refused")) {
      lines.push(`${st.dim("note")}: commit the .husky hook files so every clone runs them`);
    }
  }
  if (lines.length) ctx.io.out(`${lines.join("\n")}
`);
  return refused ? 1 : 0;
}
export {
  run
};
