import { type ErrorCode, SmtpfpError } from '../model/errors.ts';

export type ConsumerErrorCode = Extract<ErrorCode, 'STATE' | 'LOCKED' | 'OUTPUT' | 'KEYRING' | 'COMMAND'>;

/** An environment problem of the consumer (state dir, lock, outputs): exit 2, one clear message. */
export class ConsumerError extends SmtpfpError<ConsumerErrorCode> {
  override readonly name = 'ConsumerError';

  constructor(message: string, code: ConsumerErrorCode) {
    super(code, message);
  }
}
