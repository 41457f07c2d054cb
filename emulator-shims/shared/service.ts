import type { IncomingMessage, ServerResponse } from 'node:http';

/** Health of one emulated service, in the words LocalStack's `/_localstack/health` uses. */
export type ServiceStatus = 'running' | 'available' | 'error' | 'disabled';

/**
 * One emulated AWS service as the edge sees it. The edge picks the service from headers and path
 * (never the body) and hands the untouched request over; the service reads the body itself.
 */
export interface ServiceHandler {
  readonly name: string;
  /** `call` is what the edge learnt of the caller before routing: the account and region it acts in. */
  handle(request: IncomingMessage, response: ServerResponse, call: CallContext): void | Promise<void>;
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

/** Per request: who calls, and where. The edge derives it once (validated) from the SigV4 credential. */
export interface CallContext {
  readonly scope: Scope;
}
