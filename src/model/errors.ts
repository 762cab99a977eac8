/**
 * The one error model: every failure a user can act on is an `SmtpfpError` with a code from one
 * literal union, an optional cause, and the exit status it maps to. The CLI and the Action print
 * its message as it is (never a stack trace); anything else is an internal error.
 */

/** Exit statuses (SPEC §3): 0 success, 1 the check or verification failed, 2 usage or environment. */
export type ExitStatus = 0 | 1 | 2;

export type ErrorCode =
  // A command line or input that cannot be used as given.
  | 'USAGE'
  // Something around the command is missing or unusable (no repository, unreadable file).
  | 'ENVIRONMENT'
  // git failed, is missing, or the folder is not a repository.
  | 'GIT_FAILED'
  | 'GIT_MISSING'
  | 'NOT_A_REPOSITORY'
  // Trust material: a key file without keys, or one that cannot be parsed.
  | 'NO_KEYS'
  | 'BAD_KEYRING'
  // Who may sign: no allowed signer, no keys, an unusable policy or fingerprint.
  | 'BAD_FINGERPRINT'
  | 'NO_SIGNERS'
  | 'NO_PUBLIC_KEYS'
  | 'POLICY_UNUSABLE'
  | 'KEYRING_UNUSABLE'
  // The CI environment or event payload.
  | 'MISSING_VARIABLE'
  | 'BAD_VARIABLE'
  | 'EVENT_UNREADABLE'
  | 'EVENT_INVALID'
  | 'BAD_EVENT_FIELD'
  // git's pre-push input or the objects it names.
  | 'BAD_PUSH_LINE'
  | 'MISSING_OBJECT'
  | 'BAD_REF'
  // A hooks folder that `init` must not write through (a symlink, or outside the work tree).
  | 'UNSAFE_HOOKS_DIR'
  // The consumer's state dir, its lock, an output, the operator's keyring, the --on-change command.
  | 'STATE'
  | 'LOCKED'
  | 'OUTPUT'
  | 'KEYRING'
  | 'COMMAND';

/** Every error code is a usage or environment problem today: none of them is a failed check. */
const EXIT_STATUS: Record<ErrorCode, ExitStatus> = {
  USAGE: 2,
  ENVIRONMENT: 2,
  GIT_FAILED: 2,
  GIT_MISSING: 2,
  NOT_A_REPOSITORY: 2,
  NO_KEYS: 2,
  BAD_KEYRING: 2,
  BAD_FINGERPRINT: 2,
  NO_SIGNERS: 2,
  NO_PUBLIC_KEYS: 2,
  POLICY_UNUSABLE: 2,
  KEYRING_UNUSABLE: 2,
  MISSING_VARIABLE: 2,
  BAD_VARIABLE: 2,
  EVENT_UNREADABLE: 2,
  EVENT_INVALID: 2,
  BAD_EVENT_FIELD: 2,
  BAD_PUSH_LINE: 2,
  MISSING_OBJECT: 2,
  BAD_REF: 2,
  UNSAFE_HOOKS_DIR: 2,
  STATE: 2,
  LOCKED: 2,
  OUTPUT: 2,
  KEYRING: 2,
  COMMAND: 2,
};

/** The base of every error smtpfp reports to a user (sigstore-js `error.ts` is the model). */
export class SmtpfpError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name: string = 'SmtpfpError';

  constructor(
    readonly code: C,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get exitStatus(): ExitStatus {
    return EXIT_STATUS[this.code];
  }
}

export const usageError = (m: string) => new SmtpfpError('USAGE', m);
export const environmentError = (m: string, cause?: unknown) =>
  new SmtpfpError('ENVIRONMENT', m, cause === undefined ? undefined : { cause });

/** How an entry point (the CLI, the Action) reports an error: its message, status, and whether it is a bug. */
export interface ErrorReport {
  message: string;
  status: ExitStatus;
  /** Not an `SmtpfpError`: a defect, whose stack is worth showing in debug output. */
  internal: boolean;
}

/** The one place an error becomes an exit status. */
export function reportError(e: unknown): ErrorReport {
  if (e instanceof SmtpfpError) return { message: e.message, status: e.exitStatus, internal: false };
  return { message: e instanceof Error ? e.message : String(e), status: 2, internal: true };
}
