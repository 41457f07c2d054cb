export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with full jitter (a uniform delay between 0 and min(max, initial * 2^(attempt-1))),
 * which spreads retries of many agents better than the Kinesis Agent's ±30 %. `attempt` counts from 1.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt - 1, 30));
  return Math.floor(random() * ceiling);
}

export type FailureKind = 'throttle' | 'retry';

const THROTTLE_CODES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'LimitExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
]);

/** An error code as Kinesis reports it per entry (ErrorCode) or per call (the exception name). */
export function classifyFailure(code: string, httpStatus?: number): FailureKind {
  if (THROTTLE_CODES.has(code) || httpStatus === 429) return 'throttle';
  return 'retry';
}

/** The code of a thrown SDK or network error: the AWS exception name, else the Node error code. */
export function errorCode(error: unknown): { code: string; httpStatus: number | undefined } {
  const shaped = error as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  const httpStatus = typeof shaped?.$metadata?.httpStatusCode === 'number' ? shaped.$metadata.httpStatusCode : undefined;
  if (typeof shaped?.code === 'string') return { code: shaped.code, httpStatus };
  if (typeof shaped?.name === 'string' && shaped.name !== 'Error') return { code: shaped.name, httpStatus };
  return { code: 'UnknownError', httpStatus };
}
