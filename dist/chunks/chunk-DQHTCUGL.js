import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  git,
  gitText
} from "./chunk-3P6CRWMY.js";

// src/git/repo.ts
async function locateRepository(dir) {
  try {
    const out = await gitText(["rev-parse", "--is-inside-work-tree", "--show-toplevel", "--show-prefix"], {
      cwd: dir
    });
    const [inside, top, prefix = ""] = out.split("\n");
    if (inside !== "true" || !top) return void 0;
    return { top, prefix: prefix.trim() };
  } catch {
    return void 0;
  }
}
async function resolveCommit(cwd, rev) {
  const r = await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], {
    cwd,
    okCodes: [1, 128]
  });
  const oid = r.stdout.toString("latin1").trim();
  return r.code === 0 && oid ? oid : void 0;
}
async function configValue(cwd, key) {
  const r = await git(["config", "--get", key], { cwd, okCodes: [1] });
  return r.code === 0 ? r.stdout.toString("utf8").trim() : void 0;
}

export {
  locateRepository,
  resolveCommit,
  configValue
};
