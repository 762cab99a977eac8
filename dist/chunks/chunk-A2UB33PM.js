import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);
import {
  readRegularFile
} from "./chunk-EJ7IZX3C.js";

// src/git/disk-tree.ts
import { lstat, readdir } from "node:fs/promises";
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
    const read = readRegularFile(join(this.root, path), { maxBytes: e.size, follow: false });
    if ("data" in read) return read.data;
    throw new Error(
      read.problem === "too-large" ? `${path} grew while it was being read` : `${path} ${read.message}`
    );
  }
  close() {
  }
};

export {
  DiskTree
};
