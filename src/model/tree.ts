/**
 * A read-only view of a publisher repository: HEAD's committed tree, the index, files on disk, or a
 * verified commit of a fetched peer. The checks run over this interface and never touch git or
 * the file system themselves.
 */
export type EntryKind = 'file' | 'symlink' | 'dir' | 'submodule' | 'other';

export interface TreeEntry {
  /** '/'-separated, relative to the tree's root. */
  path: string;
  kind: EntryKind;
  /** Size in bytes, for files. */
  size: number;
}

export interface Tree {
  /** What this tree is, for messages: "HEAD (1a2b3c4)", "the index", "the working tree". */
  readonly label: string;
  /** Entries directly at the root. */
  rootEntries(): Promise<TreeEntry[]>;
  /**
   * The entry at a path without following symlinks. When a parent folder on the way is a symlink,
   * submodule or file, that parent's entry is returned instead (its path tells which).
   */
  entry(path: string): Promise<TreeEntry | undefined>;
  /** The bytes of a file entry. */
  read(path: string): Promise<Uint8Array>;
  close(): void;
}
