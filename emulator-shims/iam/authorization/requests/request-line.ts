import type { AuthorizationRequest, Scope } from '../../../shared/index.js';

/** What the edge knows of a request when it asks what to authorize: its line, headers, parsed body and scope. */
export interface RequestFacts {
  /** The operation's name (`PutObject`, `GetRecords`, `Invoke`), as the edge found it. */
  operation: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (JSON services), or the form parameters (query services); undefined when not read. */
  body?: unknown;
  scope: Scope;
}

/** An operation's IAM requests; `undefined` means hosepipe has no mapping for the operation (not evaluated). */
export type RequestMapper = (facts: RequestFacts) => AuthorizationRequest[] | undefined;

/** Pure: one request for the mapping tables. */
export function ask(action: string, resource: string, scope: Scope, context?: Record<string, string | string[]>): AuthorizationRequest {
  return { action, resource, region: scope.region, ...(context && Object.keys(context).length > 0 ? { context } : {}) };
}

export function header(headers: RequestFacts['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A string member of a parsed JSON body, or undefined. */
export function member(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
