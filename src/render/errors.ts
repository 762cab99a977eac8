import { jsonStringify } from '../model/json.ts';

/** What a renderer refused. Each kind names the grammar the value failed. */
export type RenderProblem =
  | 'invalid-domain'
  | 'invalid-onion'
  | 'invalid-digest'
  | 'invalid-commit'
  | 'invalid-name'
  | 'invalid-pin'
  | 'duplicate-domain';

/**
 * A renderer refuses to emit a value that does not match its strict grammar rather than write it:
 * the values were validated upstream, so this is a defence in depth against injection into a map
 * or a Lua file, and a sign of a bug. The message shows the value escaped (no control character).
 */
export class RenderError extends Error {
  override readonly name = 'RenderError';
  constructor(
    readonly problem: RenderProblem,
    message: string,
  ) {
    super(message);
  }
}

/** A value as it can be shown in a message: JSON-escaped and cut short. */
export function shown(value: unknown): string {
  const s = typeof value === 'string' ? value : String(value);
  return jsonStringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
}
