import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

/**
 * The key a plain JavaScript object would file a scalar under (the yaml library's own rule:
 * null becomes '', anything else its string form), so `1` and "1" count as the same key.
 */
function jsKey(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/**
 * The first key repeated within one mapping, or undefined. One Map per mapping, so the check is
 * linear in the document (the yaml library's own `uniqueKeys` compares every pair of keys).
 * Aliases count as the scalar they name; a collection as a key is refused elsewhere. Expects a
 * document whose nesting was bounded beforehand (the walk recurses).
 */
export function firstDuplicateKey(doc: Document): Node | undefined {
  const walk = (node: unknown): Node | undefined => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
        if (isScalar(key)) {
          const name = jsKey(key.value);
          if (seen.has(name)) return pair.key as Node;
          seen.add(name);
        }
        const inner = walk(pair.value);
        if (inner) return inner;
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        const inner = walk(item);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  return walk(doc.contents);
}
