import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  GitError,
  git,
  spawnGit
} from "./chunk-CRUGFJYM.js";

// src/git/cat-file.ts
var ObjectReader = class {
  child;
  queue = [];
  /** Bytes received and not yet consumed, kept as the chunks that arrived (never re-concatenated). */
  chunks = [];
  buffered = 0;
  /** The object whose header was read and whose content is still arriving. */
  current;
  failed;
  closed = false;
  constructor(cwd, env) {
    this.child = spawnGit(["cat-file", "--batch"], cwd, env);
    let stderr = "";
    this.child.stderr.on("data", (b) => {
      stderr += b.toString("utf8");
    });
    this.child.stdout.on("data", (b) => this.onData(b));
    this.child.stdin.on("error", () => {
    });
    this.child.on(
      "error",
      (e) => this.fail(
        e.code === "ENOENT" ? new GitError("git is not installed or not on PATH", "GIT_MISSING") : new GitError(`could not run git cat-file: ${e.message}`, "GIT_FAILED")
      )
    );
    this.child.on("close", (code) => {
      if (!this.closed || this.queue.length > 0) {
        this.fail(
          new GitError(`git cat-file exited (${code}): ${stderr.trim()}`, "GIT_FAILED", stderr, code)
        );
      }
    });
  }
  /** Reads one object by id (or any name git accepts); undefined when it does not exist. */
  read(name) {
    if (this.failed) return Promise.reject(this.failed);
    if (/[\n\r\0]/.test(name))
      return Promise.reject(new GitError("object name holds a line break", "GIT_FAILED"));
    return new Promise((resolve, reject) => {
      this.queue.push({ name, resolve, reject });
      this.child.stdin.write(`${name}
`);
    });
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    this.child.stdin.end();
  }
  fail(e) {
    this.failed = e;
    for (const p of this.queue.splice(0)) p.reject(e);
  }
  /**
   * Removes and returns the first `n` buffered bytes (n <= buffered), copying at most once;
   * `own`: never a view into a received chunk (which would keep the whole chunk alive).
   */
  take(n, own = false) {
    const first = this.chunks[0];
    if (first.length >= n) {
      const view = first.subarray(0, n);
      const out2 = own ? Buffer.from(view) : view;
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out2;
    }
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    while (at < n) {
      const c = this.chunks[0];
      const part = Math.min(c.length, n - at);
      c.copy(out, at, 0, part);
      at += part;
      if (part === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(part);
    }
    this.buffered -= n;
    return out;
  }
  /** Position of the first line feed among the buffered bytes, or -1. */
  newline() {
    let offset = 0;
    for (const c of this.chunks) {
      const at = c.indexOf(10);
      if (at >= 0) return offset + at;
      offset += c.length;
    }
    return -1;
  }
  onData(chunk) {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (; ; ) {
      const head = this.queue[0];
      if (!head) return;
      if (!this.current) {
        const nl = this.newline();
        if (nl < 0) return;
        const header = this.take(nl + 1).subarray(0, nl).toString("latin1");
        if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
          this.queue.shift();
          head.resolve(void 0);
          continue;
        }
        const parts = header.split(" ");
        const size = Number(parts[2]);
        if (parts.length !== 3 || !Number.isSafeInteger(size)) {
          this.fail(new GitError(`unexpected cat-file header: ${header}`, "GIT_FAILED"));
          return;
        }
        this.current = { oid: parts[0], type: parts[1], size };
      }
      if (this.buffered < this.current.size + 1) return;
      const data = this.take(this.current.size, true);
      this.take(1);
      const { oid, type } = this.current;
      this.current = void 0;
      this.queue.shift();
      head.resolve({ oid, type, data });
    }
  }
};

// src/git/tree.ts
function kindOfMode(mode) {
  switch (mode) {
    case "100644":
    case "100755":
      return "file";
    case "120000":
      return "symlink";
    case "040000":
      return "dir";
    case "160000":
      return "submodule";
    default:
      return "other";
  }
}
var ListedTree = class {
  constructor(cwd) {
    this.cwd = cwd;
  }
  cwd;
  entries = /* @__PURE__ */ new Map();
  dirs = /* @__PURE__ */ new Set([""]);
  reader;
  /**
   * Records an entry and its implicit parent folders. Parents are added from the nearest up and
   * only until one is known (its own parents then are too): linear in the listing's size, however
   * deep the tree.
   */
  add(e) {
    this.entries.set(e.path, e);
    if (e.kind === "dir") this.dirs.add(e.path);
    for (let cut = e.path.lastIndexOf("/"); cut > 0; cut = e.path.lastIndexOf("/", cut - 1)) {
      const parent = e.path.slice(0, cut);
      if (this.dirs.has(parent)) break;
      this.dirs.add(parent);
    }
  }
  /** The entries at or below a path (a file, or every entry inside a folder). */
  entriesUnder(path) {
    const clean = path.replace(/\/+$/, "");
    return [...this.entries.values()].filter((e) => e.path === clean || e.path.startsWith(`${clean}/`));
  }
  async rootEntries() {
    const out = [];
    for (const e of this.entries.values()) if (!e.path.includes("/")) out.push(e);
    for (const d of this.dirs) {
      if (d !== "" && !d.includes("/") && !this.entries.has(d)) out.push({ path: d, kind: "dir", size: 0 });
    }
    return out;
  }
  async entry(path) {
    for (let cut = path.indexOf("/"); cut > 0; cut = path.indexOf("/", cut + 1)) {
      const prefix = path.slice(0, cut);
      const parent = this.entries.get(prefix);
      if (parent && parent.kind !== "dir") return parent;
      if (!this.dirs.has(prefix)) return void 0;
    }
    const hit = this.entries.get(path);
    if (hit) return hit;
    if (this.dirs.has(path)) return { path, kind: "dir", size: 0 };
    return void 0;
  }
  async read(path) {
    const e = this.entries.get(path);
    if (e?.kind !== "file") throw new Error(`${path}: not a file in ${this.label}`);
    this.reader ??= new ObjectReader(this.cwd);
    const obj = await this.reader.read(e.oid);
    if (!obj) {
      throw new GitError(
        `${path} in ${this.label}: object ${e.oid} is missing from the repository (a corrupt or incomplete repository?)`,
        "GIT_FAILED"
      );
    }
    return obj.data;
  }
  close() {
    this.reader?.close();
  }
};
var MAX_TREE_LISTING_BYTES = 32 * 1024 * 1024;
var CommitTree = class _CommitTree extends ListedTree {
  constructor(cwd, label) {
    super(cwd);
    this.label = label;
  }
  label;
  static async open(cwd, treeish, label) {
    const t = new _CommitTree(cwd, label);
    const { stdout } = await git(["ls-tree", "-r", "-t", "-l", "-z", "--full-tree", treeish], {
      cwd,
      maxOutputBytes: MAX_TREE_LISTING_BYTES
    }).catch((e) => {
      if (e instanceof GitError && e.exitCode === null && /printed more than/.test(e.message))
        throw new GitError(
          `the tree of ${label} lists more than ${MAX_TREE_LISTING_BYTES} bytes of paths: not read`,
          "GIT_FAILED"
        );
      throw e;
    });
    let start = 0;
    while (start < stdout.length) {
      const end = stdout.indexOf(0, start);
      const rec = stdout.subarray(start, end < 0 ? stdout.length : end);
      start = end < 0 ? stdout.length : end + 1;
      const tab = rec.indexOf(9);
      if (tab < 0) continue;
      const [mode = "", , oid = "", size = "-"] = rec.subarray(0, tab).toString("latin1").split(/ +/);
      const path = rec.subarray(tab + 1).toString("utf8");
      t.add({ path, kind: kindOfMode(mode), oid, size: size === "-" ? 0 : Number(size) });
    }
    return t;
  }
};
var IndexTree = class _IndexTree extends ListedTree {
  label = "the index";
  constructor(cwd) {
    super(cwd);
  }
  /** `prefix` limits the view to a sub-folder of the repository (e.g. "site/"), stripped from paths. */
  static async open(cwd, prefix = "") {
    const t = new _IndexTree(cwd);
    const args = ["ls-files", "-s", "-z", "--full-name"];
    if (prefix) args.push("--", prefix);
    const { stdout } = await git(args, { cwd });
    const records = [];
    for (const rec of stdout.toString("utf8").split("\0")) {
      const tab = rec.indexOf("	");
      if (tab < 0) continue;
      const [mode = "", oid = "", stage = "0"] = rec.slice(0, tab).split(" ");
      if (stage !== "0" && stage !== "2") continue;
      let path = rec.slice(tab + 1);
      if (prefix) {
        if (!path.startsWith(prefix)) continue;
        path = path.slice(prefix.length);
      }
      records.push({ path, kind: kindOfMode(mode), oid, size: 0 });
    }
    const blobs = records.filter((r) => r.kind === "file");
    if (blobs.length > 0) {
      const { stdout: sizes } = await git(["cat-file", "--batch-check=%(objectname) %(objectsize)"], {
        cwd,
        input: `${blobs.map((b) => b.oid).join("\n")}
`
      });
      const sizeOf = /* @__PURE__ */ new Map();
      for (const line of sizes.toString("latin1").split("\n")) {
        const [oid, size] = line.split(" ");
        if (oid && size && /^\d+$/.test(size)) sizeOf.set(oid, Number(size));
      }
      for (const b of blobs) b.size = sizeOf.get(b.oid) ?? 0;
    }
    for (const r of records) t.add(r);
    return t;
  }
};

export {
  ObjectReader,
  CommitTree,
  IndexTree
};
