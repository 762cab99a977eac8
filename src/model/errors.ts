/** A failure the user can act on: printed as one message, never with a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: 'USAGE' | 'ENVIRONMENT' | 'FAILED',
  ) {
    super(message);
    this.name = 'CliError';
  }

  get exitCode(): number {
    return this.code === 'FAILED' ? 1 : 2;
  }
}

export const usageError = (m: string) => new CliError(m, 'USAGE');
export const environmentError = (m: string) => new CliError(m, 'ENVIRONMENT');
