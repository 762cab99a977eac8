import type { EntryKind, Tree, TreeEntry } from '../model/tree.ts';
import { ObjectReader } from './cat-file.ts';
import { GitError, git } from './run.ts';

interface IndexedEntry extends TreeEntry {
  oid: string;
}

function kindOfMode(mode: string): EntryKind {
  switch (mode) {
    case '100644':
    case '100755':
      return 'file';
    case '120000':
      return 'symlink';
    case '040000':
      return 'dir';
    case '160000':
      return 'submodule';
    default:
      return 'other';
  }
}

/** Shared lookup over a flat listing: implicit folders and symlinked parents included. */
abstract class ListedTree implements Tree {
  abstract readonly label: string;
  protected entries = new Map<string, IndexedEntry>();
  protected dirs = new Set<string>(['']);
  private reader: ObjectReader | undefined;

  protected constructor(protected readonly cwd: string) {}

  /**
   * Records an entry and its implicit parent folders. Parents are added from the nearest up and
   * only until one is known (its own parents then are too): linear in the listing's size, however
   * deep the tree.
   */
  protected add(e: IndexedEntry): void {
    this.entries.set(e.path, e);
    if (e.kind === 'dir') this.dirs.add(e.path);
    for (let cut = e.path.lastIndexOf('/'); cut > 0; cut = e.path.lastIndexOf('/', cut - 1)) {
      const parent = e.path.slice(0, cut);
      if (this.dirs.has(parent)) break;
      this.dirs.add(parent);
    }
  }

  /** The entries at or below a path (a file, or every entry inside a folder). */
  entriesUnder(path: string): TreeEntry[] {
    const clean = path.replace(/\/+$/, '');
    return [...this.entries.values()].filter((e) => e.path === clean || e.path.startsWith(`${clean}/`));
  }

  async rootEntries(): Promise<TreeEntry[]> {
    const out: TreeEntry[] = [];
    for (const e of this.entries.values()) if (!e.path.includes('/')) out.push(e);
    for (const d of this.dirs) {
      if (d !== '' && !d.includes('/') && !this.entries.has(d)) out.push({ path: d, kind: 'dir', size: 0 });
    }
    return out;
  }

  async entry(path: string): Promise<TreeEntry | undefined> {
    // Down the path's parents, stopping at the first that is not a folder of the tree: the work
    // is bounded by the tree's own depth, not by the length of a (hostile) path.
    for (let cut = path.indexOf('/'); cut > 0; cut = path.indexOf('/', cut + 1)) {
      const prefix = path.slice(0, cut);
      const parent = this.entries.get(prefix);
      if (parent && parent.kind !== 'dir') return parent;
      if (!this.dirs.has(prefix)) return undefined;
    }
    const hit = this.entries.get(path);
    if (hit) return hit;
    if (this.dirs.has(path)) return { path, kind: 'dir', size: 0 };
    return undefined;
  }

  async read(path: string): Promise<Uint8Array> {
    const e = this.entries.get(path);
    if (e?.kind !== 'file') throw new Error(`${path}: not a file in ${this.label}`);
    this.reader ??= new ObjectReader(this.cwd);
    const obj = await this.reader.read(e.oid);
    if (!obj) {
      // A corrupt or incomplete repository: the environment, not the content, is at fault.
      throw new GitError(
        `${path} in ${this.label}: object ${e.oid} is missing from the repository (a corrupt or incomplete repository?)`,
        'GIT_FAILED',
      );
    }
    return obj.data;
  }

  close(): void {
    this.reader?.close();
  }
}

/** A committed tree (`HEAD`, a commit id, or `REV:sub/folder`), listed once with `ls-tree -r -t -l`. */
/**
 * The most bytes a tree's listing may take (about 200,000 entries with their paths). Trees are
 * stored once and may be nested in each other many times: a repository of a few KiB can list
 * billions of paths (SPEC §5). A peer's repository holds a few files per domain.
 */
export const MAX_TREE_LISTING_BYTES = 32 * 1024 * 1024;

export class CommitTree extends ListedTree {
  private constructor(
    cwd: string,
    readonly label: string,
  ) {
    super(cwd);
  }

  static async open(cwd: string, treeish: string, label: string): Promise<CommitTree> {
    const t = new CommitTree(cwd, label);
    const { stdout } = await git(['ls-tree', '-r', '-t', '-l', '-z', '--full-tree', treeish], {
      cwd,
      maxOutputBytes: MAX_TREE_LISTING_BYTES,
    }).catch((e: unknown) => {
      if (e instanceof GitError && e.exitCode === null && /printed more than/.test(e.message))
        throw new GitError(
          `the tree of ${label} lists more than ${MAX_TREE_LISTING_BYTES} bytes of paths: not read`,
          'GIT_FAILED',
        );
      throw e;
    });
    // "<mode> SP <type> SP <oid> SP+ <size>\t<path>\0"
    let start = 0;
    while (start < stdout.length) {
      const end = stdout.indexOf(0, start);
      const rec = stdout.subarray(start, end < 0 ? stdout.length : end);
      start = end < 0 ? stdout.length : end + 1;
      const tab = rec.indexOf(9);
      if (tab < 0) continue;
      const [mode = '', , oid = '', size = '-'] = rec.subarray(0, tab).toString('latin1').split(/ +/);
      const path = rec.subarray(tab + 1).toString('utf8');
      t.add({ path, kind: kindOfMode(mode), oid, size: size === '-' ? 0 : Number(size) });
    }
    return t;
  }
}

/** The index (what `git commit` would record), as a pre-commit hook sees it. */
export class IndexTree extends ListedTree {
  readonly label = 'the index';

  private constructor(cwd: string) {
    super(cwd);
  }

  /** `prefix` limits the view to a sub-folder of the repository (e.g. "site/"), stripped from paths. */
  static async open(cwd: string, prefix = ''): Promise<IndexTree> {
    const t = new IndexTree(cwd);
    const args = ['ls-files', '-s', '-z', '--full-name'];
    if (prefix) args.push('--', prefix);
    const { stdout } = await git(args, { cwd });
    const records: IndexedEntry[] = [];
    for (const rec of stdout.toString('utf8').split('\0')) {
      const tab = rec.indexOf('\t');
      if (tab < 0) continue;
      const [mode = '', oid = '', stage = '0'] = rec.slice(0, tab).split(' ');
      if (stage !== '0' && stage !== '2') continue; // during a merge, "ours" stands for the file
      let path = rec.slice(tab + 1);
      if (prefix) {
        if (!path.startsWith(prefix)) continue;
        path = path.slice(prefix.length);
      }
      records.push({ path, kind: kindOfMode(mode), oid, size: 0 });
    }
    // Sizes in one batch-check call, so a huge staged blob is judged without being read.
    const blobs = records.filter((r) => r.kind === 'file');
    if (blobs.length > 0) {
      const { stdout: sizes } = await git(['cat-file', '--batch-check=%(objectname) %(objectsize)'], {
        cwd,
        input: `${blobs.map((b) => b.oid).join('\n')}\n`,
      });
      const sizeOf = new Map<string, number>();
      for (const line of sizes.toString('latin1').split('\n')) {
        const [oid, size] = line.split(' ');
        if (oid && size && /^\d+$/.test(size)) sizeOf.set(oid, Number(size));
      }
      for (const b of blobs) b.size = sizeOf.get(b.oid) ?? 0;
    }
    for (const r of records) t.add(r);
    return t;
  }
}
