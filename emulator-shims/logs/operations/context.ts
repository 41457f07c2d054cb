/** What every CloudWatch Logs operation receives, and the lookups they share. */
import type { Scope, ValidationTable } from '../../shared/index.js';
import { GROUP_NOT_FOUND, invalidParameter, resourceNotFound, STREAM_NOT_FOUND } from '../errors.js';
import type { LogGroup, LogStream } from '../store/model.js';
import type { LogsStore } from '../store/logs-store.js';

export interface LogsContext {
  store: LogsStore;
  /** The caller's account and region: every group lives in one. */
  scope: Scope;
  now: () => number;
}

export interface LogsOperation<Input = Record<string, unknown>, Output = unknown> {
  readonly table: ValidationTable;
  run(input: Input, context: LogsContext): Output | Promise<Output>;
}

/** Defines an operation with its validation table (keeps the input type for `run`). */
export function defineOperation<Input, Output>(operation: LogsOperation<Input, Output>): LogsOperation<Input, Output> {
  return operation;
}

export function requireGroup(context: LogsContext, name: string | undefined): LogGroup {
  const group = name === undefined ? undefined : context.store.group(context.scope, name);
  if (!group) throw resourceNotFound(GROUP_NOT_FOUND);
  return group;
}

/** The group a `logGroupName` or a `logGroupIdentifier` (name or ARN) names; exactly one of them. */
export function groupOf(context: LogsContext, input: { logGroupName?: string; logGroupIdentifier?: string }): LogGroup {
  if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined) throw invalidParameter('LogGroupName and LogGroupIdentifier are mutually exclusive parameters.');
  if (input.logGroupName !== undefined) return requireGroup(context, input.logGroupName);
  if (input.logGroupIdentifier === undefined) throw invalidParameter('Either LogGroupName or LogGroupIdentifier must be specified.');
  return requireGroup(context, groupNameFromIdentifier(context, input.logGroupIdentifier));
}

/** The name in a log group ARN (which must be in the caller's account and region), or the identifier itself. */
export function groupNameFromIdentifier(context: LogsContext, identifier: string): string {
  if (!identifier.startsWith('arn:')) return identifier;
  const match = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([^:]+)(?::\*)?$/.exec(identifier);
  if (!match) throw invalidParameter(`Invalid ARN: ${identifier.slice(0, 300)}`);
  if (match[1] !== context.scope.region || match[2] !== context.scope.accountId) throw resourceNotFound(GROUP_NOT_FOUND);
  return match[3]!;
}

export function requireStream(group: LogGroup, name: string | undefined): LogStream {
  const stream = name === undefined ? undefined : group.streams.get(name);
  if (!stream) throw resourceNotFound(STREAM_NOT_FOUND);
  return stream;
}

/** An opaque paging token: base64url JSON, checked when it comes back. */
export function encodeToken(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeToken<T extends Record<string, string | number>>(token: string, shape: Record<keyof T, 'string' | 'number'>): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const valid = value !== null && typeof value === 'object' && !Array.isArray(value)
    && Object.entries(shape).every(([key, type]) => typeof (value as Record<string, unknown>)[key] === type && (type === 'string' || Number.isSafeInteger((value as Record<string, unknown>)[key])));
  if (!valid) throw invalidParameter('The specified nextToken is invalid.');
  return value as T;
}
