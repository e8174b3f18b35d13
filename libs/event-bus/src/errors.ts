/** Marks a handler failure worth retrying (a dependency briefly unavailable); anything else is dead-lettered. */
export class RetryableError extends Error {
  readonly retryable = true;
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'RetryableError';
  }
}

const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/**
 * Failures of our own infrastructure (database unreachable, connection dropped). The message is fine;
 * the handler must not dead-letter it but leave it for redelivery.
 */
export function isInfrastructureError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const { code } = err as { code?: unknown };
  if (typeof code === 'string' && (TRANSIENT_NODE_CODES.has(code) || code.startsWith('08') || code === '57P01' || code === '57P03')) {
    return true;
  }
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(err.message);
}

export const isRetryable = (err: unknown): boolean =>
  err instanceof RetryableError || (typeof err === 'object' && err !== null && (err as { retryable?: unknown }).retryable === true);
