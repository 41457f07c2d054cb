import type { IncomingMessage, ServerResponse } from 'node:http';

/** Health of one emulated service, in the words LocalStack's `/_localstack/health` uses. */
export type ServiceStatus = 'running' | 'available' | 'error' | 'disabled';

/**
 * One emulated AWS service as the edge sees it. The edge picks the service from headers and path
 * (never the body) and hands the untouched request over; the service reads the body itself.
 */
export interface ServiceHandler {
  readonly name: string;
  handle(request: IncomingMessage, response: ServerResponse): void | Promise<void>;
  status(): ServiceStatus;
  /** Idempotent; resolves when in-flight work is drained. */
  close(): Promise<void>;
}

/** The account and region every local resource lives in unless a request says otherwise. */
export interface Scope {
  accountId: string;
  region: string;
}

export const LOCAL_ACCOUNT_ID = '000000000000';
