import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Document as YamlDocument,
} from 'yaml';

export type PathSegment = string | number;

export interface Position {
  line: number;
  column: number;
}

/** Maps a path in a parsed YAML document to the line and column of its key or value. */
export class SourceMap {
  constructor(
    private readonly doc: YamlDocument,
    private readonly lines: LineCounter,
  ) {}

  private at(offset: number): Position {
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  /** Position of the value at `path`, or of its key when `key` is true; falls back to the nearest ancestor. */
  locate(path: readonly PathSegment[], key = false): Position {
    let node: unknown = this.doc.contents;
    let best = 0;
    for (const [i, seg] of path.entries()) {
      if (isAlias(node)) node = node.resolve(this.doc);
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
        );
        if (!pair) break;
        const k = pair.key as Node;
        if (k.range) best = k.range[0];
        if (i === path.length - 1 && key) return this.at(best);
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
      } else {
        break;
      }
      const range = (node as Node | null | undefined)?.range;
      if (range) best = range[0];
    }
    return this.at(best);
  }

  /**
   * The text of the plain scalar at `path` as written, or undefined. YAML reads an unquoted
   * all-digit OpenPGP fingerprint as a number (losing digits); its source text is the fingerprint.
   */
  scalarSource(path: readonly PathSegment[]): string | undefined {
    const node = this.doc.getIn(path as PathSegment[], true);
    return isScalar(node) && node.type === 'PLAIN' && typeof node.source === 'string'
      ? node.source
      : undefined;
  }
}
