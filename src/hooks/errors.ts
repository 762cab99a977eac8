/**
 * Bad hook input (a malformed pre-push line), an object the push names that is not here, or a
 * hooks folder that `init` must not write through.
 */
export class HookError extends Error {
  constructor(
    message: string,
    readonly code: 'BAD_PUSH_LINE' | 'MISSING_OBJECT' | 'BAD_REF' | 'UNSAFE_HOOKS_DIR',
  ) {
    super(message);
    this.name = 'HookError';
  }
}
