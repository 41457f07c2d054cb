/** What every operation receives: the caller's scope, the store, the clock and the delivery engines. */
import type { Clock, RoleAccess, Scope } from '../shared/index.js';
import type { FirehoseStore, StoredStream } from './store.js';
import type { ValidationTable } from './validation.js';
import { resourceNotFound } from './errors.js';

export interface EngineControl {
  /** Creates the stream's delivery engine; for a Kinesis source, takes the LATEST positions first. */
  start(stream: StoredStream): Promise<void>;
  /** Stops and forgets the engine (delete). */
  discard(stream: StoredStream): Promise<void>;
  /** The stream's configuration changed (UpdateDestination, encryption). */
  reconfigure(stream: StoredStream): void;
  /** DirectPut ingest; returns after the records are accepted in memory. */
  accept(stream: StoredStream, records: Buffer[]): void;
}

export interface OperationContext {
  scope: Scope;
  store: FirehoseStore;
  clock: Clock;
  engines: EngineControl;
  createDelayMs: number;
  deleteDelayMs: number;
  /** Runs `action` after `delayMs`, unless the service closes first. */
  later(delayMs: number, action: () => void | Promise<void>): void;
  /** The endpoint's IAM (trust policies of the stream's roles); absent: any role is accepted. */
  roles?: RoleAccess;
}

export interface Operation<Input = Record<string, unknown>, Output = Record<string, unknown>> {
  readonly name: string;
  readonly table: ValidationTable;
  /**
   * Reads a request body from its bytes into an input that passes `table`, for the bodies it knows; undefined
   * for any other, which the JSON parse and `table` then read (and give their verdicts for). Must copy out
   * whatever it keeps: the body's buffer goes to the next request.
   */
  readonly readBody?: (body: Buffer) => Input | undefined;
  run(input: Input, context: OperationContext): Output | Promise<Output>;
}

/** An operation's answer already written as JSON bytes, sent as they are. */
export class JsonAnswer {
  constructor(readonly bytes: Buffer) {}
}

/** Defines an operation with its validation table (keeps the input type for `run`). */
export function defineOperation<Input, Output>(operation: Operation<Input, Output>): Operation<Input, Output> {
  return operation;
}

/** The stream or AWS's ResourceNotFoundException. */
export function requireStream(context: OperationContext, name: string): StoredStream {
  const stream = context.store.get(context.scope, name);
  if (!stream) throw resourceNotFound(name, context.scope.accountId);
  return stream;
}

/** Epoch seconds with a fraction, as Firehose's JSON timestamps are. */
export const toEpochSeconds = (epochMs: number): number => epochMs / 1000;

export const STREAM_NAME: ValidationTable[string] = { required: true, type: 'string', length: [1, 64], pattern: '[a-zA-Z0-9_.-]+' };
