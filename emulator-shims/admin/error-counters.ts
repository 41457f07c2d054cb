/**
 * Error answers of the endpoint, counted per account, region, service, operation and code, as the edge
 * sends them (fault rules included). The pipeline view reads throttles, S3 errors and IAM denials here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Scope } from '../shared/index.js';

/** The user agent the view's own SDK clients send, so their misses (a 404 while a bucket is new) are not counted. */
export const VIEW_USER_AGENT = 'hosepipe-pipeline-view';

const THROTTLE_CODES = new Set([
  'ProvisionedThroughputExceededException', 'LimitExceededException', 'ThrottlingException', 'Throttling', 'SlowDown',
  'TooManyRequestsException', 'RequestLimitExceeded',
]);
const DENIAL_CODES = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError']);
/** Distinct (scope, service, operation, code) kept; the rest are summed under `other`, so a flood of odd codes stays bounded. */
export const MAX_ERROR_KEYS = 500;

export interface CountedError extends Scope {
  service: string;
  operation: string;
  code: string;
  count: number;
}

export interface ErrorCounters {
  /** Counts the answer of `request` once it is sent, if it is an error. `operationOf` runs only then. */
  watch(service: string, scope: Scope, request: IncomingMessage, response: ServerResponse, operationOf: () => string | undefined): void;
  /** For services that deny without answering over HTTP (an in-process invoke): one denial. */
  countDenial(scope: Scope, service: string, operation: string): void;
  /** For calls made in-process (Firehose's reads of its source): one error answer with its code. */
  countError(scope: Scope, service: string, operation: string, code: string): void;
  list(): CountedError[];
}

/** True for a code AWS uses when a caller goes over a rate or a quota. */
export const isThrottle = (code: string, status: number): boolean => THROTTLE_CODES.has(code) || status === 429;
/** True for a code AWS uses when a policy denies a call. */
export const isDenial = (code: string): boolean => DENIAL_CODES.has(code);

export function createErrorCounters(): ErrorCounters {
  const counts = new Map<string, CountedError>();
  const add = (scope: Scope, service: string, operation: string, code: string): void => {
    let key = JSON.stringify([scope.accountId, scope.region, service, operation, code]);
    if (!counts.has(key) && counts.size >= MAX_ERROR_KEYS) key = 'other';
    const entry = counts.get(key) ?? { ...scope, service: key === 'other' ? 'other' : service, operation: key === 'other' ? '*' : operation, code: key === 'other' ? 'other' : code, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  };
  return {
    watch(service, scope, request, response, operationOf) {
      if (String(request.headers['user-agent'] ?? '').includes(VIEW_USER_AGENT)) return;
      // Headers given to writeHead are not readable afterwards (getHeader sees only setHeader's), so the code is taken on the way.
      let errorType: string | undefined;
      const writeHead = response.writeHead;
      response.writeHead = function (this: ServerResponse, statusCode: number, ...rest: unknown[]) {
        if (statusCode >= 400) errorType = errorTypeOf(rest);
        return (writeHead as (...args: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
      } as ServerResponse['writeHead'];
      response.once('finish', () => {
        if (response.statusCode < 400) return;
        const header = response.getHeader('x-amzn-errortype') ?? errorType;
        // awsJson and REST-JSON name the code in a header (`Code:detail`); S3's XML does not, so its status stands in.
        const code = typeof header === 'string' && header.length > 0 ? (header.split(':')[0] ?? header) : `HTTP ${response.statusCode}`;
        add(scope, service, operationOf() ?? 'unknown', code);
      });
    },
    countDenial(scope, service, operation) {
      add(scope, service, operation, 'AccessDenied');
    },
    countError: add,
    list: () => [...counts.values()].map((entry) => ({ ...entry })),
  };
}

/** `x-amzn-errortype` among writeHead's other arguments: a headers object, or a flat [name, value, …] list. */
function errorTypeOf(rest: unknown[]): string | undefined {
  const headers = rest.find((argument) => typeof argument === 'object' && argument !== null);
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2) {
      if (String(headers[index]).toLowerCase() === 'x-amzn-errortype') return String(headers[index + 1]);
    }
    return undefined;
  }
  if (!headers) return undefined;
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === 'x-amzn-errortype') return String(value);
  return undefined;
}
