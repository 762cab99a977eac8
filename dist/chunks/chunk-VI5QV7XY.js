import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  printFindings
} from "./chunk-N4I3IYUS.js";
import {
  CommitTree,
  IndexTree,
  checkTree
} from "./chunk-ORGIFBYD.js";
import {
  locateRepository,
  resolveCommit
} from "./chunk-DQHTCUGL.js";
import {
  environmentError,
  usageError
} from "./chunk-3P6CRWMY.js";

// src/cli/commands/check.ts
import { stat } from "node:fs/promises";
import { resolve } from "node:path";

// src/publisher/disk-tree.ts
import { constants } from "node:fs";
import { lstat, open, readdir } from "node:fs/promises";
import { join } from "node:path";
function kindOf(st) {
  if (st.isSymbolicLink()) return "symlink";
  if (st.isFile()) return "file";
  if (st.isDirectory()) return "dir";
  return "other";
}
var DiskTree = class {
  constructor(root) {
    this.root = root;
  }
  root;
  label = "the working tree";
  async rootEntries() {
    const names = await readdir(this.root);
    const out = [];
    for (const name of names) {
      const e = await this.entry(name);
      if (e) out.push(e);
    }
    return out;
  }
  async entry(path) {
    const parts = path.split("/");
    for (let i = 1; i <= parts.length; i++) {
      const sub = parts.slice(0, i).join("/");
      let st;
      try {
        st = await lstat(join(this.root, sub));
      } catch {
        return void 0;
      }
      const kind = kindOf(st);
      if (i === parts.length) return { path: sub, kind, size: Number(st.size) };
      if (kind !== "dir") return { path: sub, kind, size: Number(st.size) };
    }
    return void 0;
  }
  async read(path) {
    const e = await this.entry(path);
    if (e?.kind !== "file" || e.path !== path) throw new Error(`${path}: not a regular file`);
    const fh = await open(join(this.root, path), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return await fh.readFile();
    } finally {
      await fh.close();
    }
  }
  close() {
  }
};

// src/cli/commands/check.ts
function checkSettings(ctx) {
  const { args } = ctx;
  if (args.positionals.length > 1)
    throw usageError(`expected at most one PATH, got ${args.positionals.length}`);
  if (args.flags.has("staged") && args.flags.has("worktree")) {
    throw usageError("--staged and --worktree exclude each other: choose one source");
  }
  const days = args.values.get("expiry-warning") ?? "30";
  if (!/^\d{1,5}$/.test(days)) throw usageError(`--expiry-warning expects a number of days, got '${days}'`);
  return {
    path: resolve(ctx.io.cwd, args.positionals[0] ?? "."),
    source: args.flags.has("staged") ? "staged" : args.flags.has("worktree") ? "worktree" : "head",
    strict: args.flags.has("strict"),
    expiryWarningDays: Number(days)
  };
}
async function openTree(s) {
  const st = await stat(s.path).catch(() => void 0);
  if (!st?.isDirectory())
    throw environmentError(`expected a folder to check, got '${s.path}' (not a folder)`);
  const repo = await locateRepository(s.path);
  if (!repo) {
    if (s.source === "staged")
      throw environmentError(`--staged needs a git repository; '${s.path}' is not in one`);
    return { tree: new DiskTree(s.path), prefix: "" };
  }
  if (s.source === "worktree") return { tree: new DiskTree(s.path), prefix: repo.prefix };
  if (s.source === "staged")
    return { tree: await IndexTree.open(repo.top, repo.prefix), prefix: repo.prefix };
  const head = await resolveCommit(repo.top, "HEAD");
  if (!head) {
    throw environmentError(
      "HEAD has no commit yet: nothing is committed to check; use --staged for the index or --worktree for files on disk"
    );
  }
  try {
    const tree = await CommitTree.open(repo.top, `${head}:${repo.prefix}`, `HEAD (${head.slice(0, 12)})`);
    return { tree, prefix: repo.prefix };
  } catch {
    throw environmentError(
      `'${repo.prefix || "."}' is not in HEAD's committed tree; use --worktree to check files on disk`
    );
  }
}
async function runCheck(ctx, s) {
  const { tree, prefix } = await openTree(s);
  try {
    const result = await checkTree(tree, { now: ctx.now, expiryWarningDays: s.expiryWarningDays });
    const printed = printFindings(result, ctx.format, {
      color: ctx.color,
      quiet: ctx.quiet,
      pathPrefix: prefix
    });
    if (printed.stdout) ctx.io.out(printed.stdout);
    if (printed.stderr) ctx.io.err(printed.stderr);
    const failed = result.summary.errors > 0 || s.strict && result.summary.warnings > 0;
    return { result, exit: failed ? 1 : 0 };
  } finally {
    tree.close();
  }
}
async function run(ctx) {
  return (await runCheck(ctx, checkSettings(ctx))).exit;
}

export {
  checkSettings,
  openTree,
  runCheck,
  run
};
