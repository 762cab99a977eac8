/** An environment problem of the consumer (state dir, lock, outputs): exit 2, one clear message. */
export class ConsumerError extends Error {
  constructor(
    message: string,
    readonly code: 'STATE' | 'LOCKED' | 'OUTPUT' | 'KEYRING' | 'COMMAND',
  ) {
    super(message);
    this.name = 'ConsumerError';
  }
}
