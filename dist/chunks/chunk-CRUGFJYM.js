import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  SmtpfpError
} from "./chunk-FWEKEFTV.js";

// src/git/run.ts
import { spawn } from "node:child_process";
var GitError = class extends SmtpfpError {
  constructor(message, code, stderr = "", exitCode = null) {
    super(code, message);
    this.stderr = stderr;
    this.exitCode = exitCode;
  }
  stderr;
  exitCode;
  name = "GitError";
};
function gitEnvironment(base = process.env) {
  return {
    ...base,
    GIT_TERMINAL_PROMPT: "0",
    LC_ALL: "C",
    GIT_NO_REPLACE_OBJECTS: "1",
    GIT_GRAFT_FILE: "/dev/null/no-grafts"
  };
}
function spawnGit(args, cwd, env, detached = false) {
  return spawn("git", args, { cwd, env: gitEnvironment(env), stdio: ["pipe", "pipe", "pipe"], detached });
}
function git(args, opts) {
  const name = args.find((a, i) => a !== "-c" && args[i - 1] !== "-c") ?? "";
  return new Promise((resolve, reject) => {
    const child = spawnGit(args, opts.cwd, opts.env, opts.timeoutMs !== void 0);
    let timedOut = false;
    const timer = opts.timeoutMs === void 0 ? void 0 : setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== void 0) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, opts.timeoutMs);
    const out = [];
    const err = [];
    let outBytes = 0;
    let overflowed = false;
    child.stdout.on("data", (b) => {
      if (overflowed) return;
      outBytes += b.length;
      if (opts.maxOutputBytes !== void 0 && outBytes > opts.maxOutputBytes) {
        overflowed = true;
        out.length = 0;
        child.kill("SIGKILL");
        return;
      }
      out.push(b);
    });
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", (e) => {
      if (timer) clearTimeout(timer);
      reject(
        e.code === "ENOENT" ? new GitError("git is not installed or not on PATH", "GIT_MISSING") : new GitError(`could not run git: ${e.message}`, "GIT_FAILED")
      );
    });
    child.stdin.on("error", () => {
    });
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      if (timedOut) {
        reject(new GitError(`git ${name} timed out after ${opts.timeoutMs} ms`, "GIT_FAILED", "", null));
        return;
      }
      if (overflowed) {
        reject(
          new GitError(
            `git ${name} printed more than ${opts.maxOutputBytes} bytes: not read further`,
            "GIT_FAILED",
            "",
            null
          )
        );
        return;
      }
      const stderr = Buffer.concat(err).toString("utf8");
      const exit = code ?? -1;
      if (exit === 0 || opts.okCodes?.includes(exit)) {
        resolve({ stdout: Buffer.concat(out), stderr, code: exit });
      } else {
        const first = stderr.trim().split("\n")[0] ?? "";
        reject(new GitError(`git ${name} failed: ${first || `exit ${exit}`}`, "GIT_FAILED", stderr, exit));
      }
    });
    child.stdin.end(opts.input ?? "");
  });
}
async function gitText(args, opts) {
  return (await git(args, opts)).stdout.toString("utf8").trim();
}

export {
  GitError,
  spawnGit,
  git,
  gitText
};
