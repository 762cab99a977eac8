import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  configValue,
  locateRepository
} from "./chunk-DQHTCUGL.js";
import {
  environmentError,
  gitText,
  makeStyle,
  printable,
  usageError
} from "./chunk-3P6CRWMY.js";

// src/cli/commands/init.ts
import { relative } from "node:path";

// src/hooks/install.ts
import { chmod, lstat, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
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
async function hookTarget(top) {
  const hooksPath = (await configValue(top, "core.hooksPath"))?.trim();
  const clean = hooksPath?.replace(/^\.\//, "").replace(/\/+$/, "");
  const huskyPath = clean !== void 0 && /(^|\/)\.husky(\/_)?$/.test(clean);
  if (huskyPath) {
    return { dir: resolve(top, clean.replace(/\/_$/, "")), layout: "husky", notes: [] };
  }
  if (await isDir(join(top, ".husky"))) {
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
      `${JSON.stringify(
        {
          layout: target.layout,
          dir: target.dir,
          hooks: results.map((r) => ({
            hook: r.hook,
            path: r.path,
            action: r.action,
            backup: r.backup ?? null
          })),
          notes: target.notes
        },
        null,
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
    const rel = relative(loc.top, r.path);
    const shown = printable(rel.startsWith("..") ? r.path : rel);
    lines.push(resultLine(r, shown, ctx.color));
  }
  if (!ctx.quiet) {
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
