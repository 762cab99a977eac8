import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  DiskTree
} from "./chunk-A2UB33PM.js";
import {
  findingsReporter
} from "./chunk-HOLR3ISY.js";
import {
  print
} from "./chunk-FE4UCQFH.js";
import {
  CommitTree,
  IndexTree
} from "./chunk-XS4NACP3.js";
import {
  checkTree,
  locateRepository,
  resolveCommit
} from "./chunk-Y2T34S2R.js";
import {
  short
} from "./chunk-L3JPEFSX.js";
import {
  environmentError,
  usageError
} from "./chunk-FWEKEFTV.js";

// src/cli/commands/check.ts
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
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
    const tree = await CommitTree.open(repo.top, `${head}:${repo.prefix}`, `HEAD (${short(head)})`);
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
    const failed = result.summary.errors > 0 || s.strict && result.summary.warnings > 0;
    return { result, prefix, exit: failed ? 1 : 0 };
  } finally {
    tree.close();
  }
}
async function run(ctx) {
  const checked = await runCheck(ctx, checkSettings(ctx));
  print(ctx.io, findingsReporter, checked.result, ctx.format, {
    color: ctx.color,
    quiet: ctx.quiet,
    pathPrefix: checked.prefix
  });
  return checked.exit;
}

export {
  checkSettings,
  openTree,
  runCheck,
  run
};
