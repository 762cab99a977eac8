import type { CST } from 'yaml';

/**
 * How deep collections may nest in any YAML smtpfp reads. Real files nest five or six levels; the
 * yaml library composes documents recursively, so a few hundred levels would exhaust the stack.
 */
export const MAX_YAML_DEPTH = 64;

/**
 * The source offset of the first collection nested deeper than `limit` levels in the parsed
 * token stream, or undefined. Walks with an explicit stack, so any depth is measured safely.
 */
export function firstTooDeep(tokens: readonly CST.Token[], limit = MAX_YAML_DEPTH): number | undefined {
  const pending: Array<{ token: CST.Token; depth: number }> = tokens.map((token) => ({ token, depth: 0 }));
  pending.reverse();
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { token, depth } = next;
    switch (token.type) {
      case 'document':
        if (token.value) pending.push({ token: token.value, depth });
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > limit) return token.offset;
        for (const item of token.items) {
          if (item.value) pending.push({ token: item.value, depth: depth + 1 });
          if (item.key) pending.push({ token: item.key, depth: depth + 1 });
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}
