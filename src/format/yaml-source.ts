import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
  type Document as YamlDocument,
} from 'yaml';

export type PathSegment = string | number;

export interface Position {
  line: number;
  column: number;
}

/** Maps a path in a parsed YAML document to the line and column of its key or value. */
export class SourceMap {
  /** Each mapping's pairs by key, built on first use: one lookup per segment, not a scan. */
  private readonly index = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly doc: YamlDocument,
    private readonly lines: LineCounter,
  ) {}

  private at(offset: number): Position {
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  private pairOf(map: YAMLMap, seg: PathSegment): Pair | undefined {
    let byKey = this.index.get(map);
    if (!byKey) {
      byKey = new Map();
      for (const p of map.items) {
        if (!isPair(p) || !isScalar(p.key)) continue;
        const name = String(p.key.value);
        if (!byKey.has(name)) byKey.set(name, p);
      }
      this.index.set(map, byKey);
    }
    return byKey.get(String(seg));
  }

  /** Position of the value at `path`, or of its key when `key` is true; falls back to the nearest ancestor. */
  locate(path: readonly PathSegment[], key = false): Position {
    let node: unknown = this.doc.contents;
    let best = 0;
    for (const [i, seg] of path.entries()) {
      if (isAlias(node)) node = node.resolve(this.doc);
      if (isMap(node)) {
        const pair = this.pairOf(node, seg);
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
    let node: unknown = this.doc.contents;
    for (const seg of path) {
      if (isMap(node)) node = this.pairOf(node, seg)?.value;
      else if (isSeq(node) && typeof seg === 'number') node = node.items[seg];
      else return undefined;
    }
    return isScalar(node) && node.type === 'PLAIN' && typeof node.source === 'string'
      ? node.source
      : undefined;
  }
}
