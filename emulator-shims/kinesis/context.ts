/** What every operation receives, and how an operation finds the stream a request names. */
import type { Scope } from '../shared/index.js';
import { crossAccountDenied, nameArnMismatch, noStreamGiven, streamNotActive, streamNotFound } from './errors.js';
import type { ShardQuotas } from './quotas.js';
import type { KinesisStore } from './store.js';
import type { Stream } from './stream.js';
import type { Members } from './validation.js';

export interface OperationContext {
  readonly operation: string;
  readonly scope: Scope;
  /** The caller's ARN, for AccessDenied messages. */
  readonly callerArn: string;
  readonly store: KinesisStore;
  /** Per-shard throughput limits, when the endpoint enforces them. */
  readonly quotas: ShardQuotas | undefined;
}

export interface Operation<Input = Record<string, unknown>, Output = Record<string, unknown>> {
  readonly name: string;
  readonly members: Members;
  /**
   * The answer holds no blob and no timestamp (only strings, numbers, booleans, lists and structures),
   * so JSON.stringify writes the JSON answer natively, exactly as jsonText would; for the hot operations.
   */
  readonly plainAnswer?: boolean;
  /** Reads the usual JSON body from its bytes into the input readInput would give; undefined leaves it to the parse. */
  readonly readBody?: (body: Buffer) => Input | undefined;
  run(input: Input, context: OperationContext): Output;
}

/** Defines an operation with its validation table (keeps the input type for `run`). */
export function defineOperation<Input, Output>(operation: Operation<Input, Output>): Operation<Input, Output> {
  return operation;
}

const ARN = /^arn:[^:]+:kinesis:([^:]*):(\d{12}):stream\/(.+)$/;

/**
 * The stream a request names by StreamName or StreamARN (or both, which must agree). An ARN of
 * another account is refused as IAM refuses a cross-account call without a resource policy; one of
 * another region names a stream this region does not have (UNCONFIRMED: Kinesis's answer there is
 * not documented).
 */
export function findStream(context: OperationContext, input: { StreamName?: string; StreamARN?: string }): Stream {
  const { scope } = context;
  let name = input.StreamName;
  if (input.StreamARN !== undefined) {
    const match = ARN.exec(input.StreamARN);
    const [, region, accountId, arnName] = match ?? [];
    if (!match || !arnName) throw streamNotFound(input.StreamARN, scope.accountId);
    if (name !== undefined && name !== arnName) throw nameArnMismatch(name, input.StreamARN);
    if (accountId !== scope.accountId) throw crossAccountDenied(context.operation, input.StreamARN, context.callerArn);
    if (region !== scope.region) throw streamNotFound(arnName, scope.accountId);
    name = arnName;
  }
  if (name === undefined) throw noStreamGiven();
  const stream = context.store.find(scope, name);
  if (!stream) throw streamNotFound(name, scope.accountId);
  return stream;
}

/** A stream that may change shape or settings now: ACTIVE. */
export function requireActive(stream: Stream): Stream {
  if (stream.settings.status !== 'ACTIVE') throw streamNotActive(stream.name, stream.settings.accountId, stream.settings.status);
  return stream;
}

/** A stream that takes records now: ACTIVE or UPDATING (Kinesis says "not found" otherwise). */
export function requireWritable(stream: Stream): Stream {
  const { status } = stream.settings;
  if (status !== 'ACTIVE' && status !== 'UPDATING') throw streamNotFound(stream.name, stream.settings.accountId);
  return stream;
}
