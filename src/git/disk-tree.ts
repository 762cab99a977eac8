import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readRegularFile } from '../io/regular-file.ts';
import type { EntryKind, Tree, TreeEntry } from '../model/tree.ts';

function kindOf(st: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind {
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  return 'other';
}

/** Files on disk under a root folder. Symlinks are reported, never followed. */
export class DiskTree implements Tree {
  readonly label = 'the working tree';

  constructor(private readonly root: string) {}

  async rootEntries(): Promise<TreeEntry[]> {
    const names = await readdir(this.root);
    const out: TreeEntry[] = [];
    for (const name of names) {
      const e = await this.entry(name);
      if (e) out.push(e);
    }
    return out;
  }

  async entry(path: string): Promise<TreeEntry | undefined> {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const sub = parts.slice(0, i).join('/');
      let st: Awaited<ReturnType<typeof lstat>>;
      try {
        st = await lstat(join(this.root, sub));
      } catch {
        return undefined;
      }
      const kind = kindOf(st);
      if (i === parts.length) return { path: sub, kind, size: Number(st.size) };
      if (kind !== 'dir') return { path: sub, kind, size: Number(st.size) };
    }
    return undefined;
  }

  async read(path: string): Promise<Uint8Array> {
    const e = await this.entry(path);
    if (e?.kind !== 'file' || e.path !== path) throw new Error(`${path}: not a regular file`);
    // Without following symlinks and without blocking on a FIFO swapped in since the lstat above;
    // at most one byte past the size the callers already judged, so their caps still apply.
    const read = readRegularFile(join(this.root, path), { maxBytes: e.size, follow: false });
    if ('data' in read) return read.data;
    throw new Error(
      read.problem === 'too-large' ? `${path} grew while it was being read` : `${path} ${read.message}`,
    );
  }

  close(): void {}
}
