/** Bad hook input (a malformed pre-push line) or an object the push names that is not here. */
export class HookError extends Error {
  constructor(
    message: string,
    readonly code: 'BAD_PUSH_LINE' | 'MISSING_OBJECT' | 'BAD_REF',
  ) {
    super(message);
    this.name = 'HookError';
  }
}
