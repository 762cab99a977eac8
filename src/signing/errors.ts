import { SmtpfpError } from '../model/errors.ts';

export type SigningErrorCode =
  /** A key file holds no OpenPGP public key. */
  | 'NO_KEYS'
  /** A key file could not be parsed as OpenPGP data. */
  | 'BAD_KEYRING';

/** Trust material is unusable: an environment error (exit 2), never a commit status. */
export class SigningError extends SmtpfpError<SigningErrorCode> {
  override readonly name = 'SigningError';

  constructor(
    code: SigningErrorCode,
    message: string,
    /** The key file the error is about, when there is one. */
    readonly file: string | null = null,
  ) {
    super(code, message);
  }
}
