import { type ErrorCode, SmtpfpError } from '../model/errors.ts';

export type TrustErrorCode = Extract<
  ErrorCode,
  'BAD_FINGERPRINT' | 'NO_SIGNERS' | 'NO_PUBLIC_KEYS' | 'POLICY_UNUSABLE' | 'KEYRING_UNUSABLE'
>;

/** Who may sign cannot be decided: no signer, no keys, an unusable policy or keyring (exit 2). */
export class TrustError extends SmtpfpError<TrustErrorCode> {
  override readonly name = 'TrustError';
}
