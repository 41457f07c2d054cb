/** Calls the transformation Lambda (RequestResponse) with NumberOfRetries retries (reference §4.3). */
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { serializeLambdaEvent, type EventRecordInput } from '../lambda-event.js';
import { checkLambdaResponse, FUNCTION_ERROR, LambdaRecordIds, type InvocationFailure, type TransformedRecord } from '../lambda-response.js';
import { giveBackBuffer, takeBuffer } from '../../shared/buffer-pool.js';

export type InvocationOutcome =
  /** `records[i]` answers the batch's i-th record. */
  | { ok: true; records: TransformedRecord[]; attempts: number; endedAtMs: number }
  | { ok: false; failure: InvocationFailure; attempts: number; endedAtMs: number };

/** UNCONFIRMED: error codes for invoke API failures, from the documented `Lambda.*` list (§4.2). */
const INVOKE_ERROR_CODES: Record<string, string> = {
  ResourceNotFoundException: 'Lambda.ResourceNotFound',
  TooManyRequestsException: 'Lambda.InvokeLimitExceeded',
  AccessDeniedException: 'Lambda.InvokeAccessDenied',
};

/** UNCONFIRMED (§4.3): an invalid response (MissingRecordId, DuplicatedRecordId, JsonProcessingException) is retried like a FunctionError. */
export const RETRY_INVALID_RESPONSES = true;

/** What the transformation needs of Lambda's Invoke (RequestResponse): the answer's bytes and FunctionError. */
export interface InvokeAnswer {
  functionError?: string | undefined;
  payload: Uint8Array;
  /** Called once the payload has been read, when its memory can be reused. */
  release?: () => void;
}

/** Invokes a function by name or ARN; a failed call throws an error named after the AWS error code. */
/** Invokes a function; `roleArn` is the role Firehose acts as (the endpoint's own Lambda checks it may). */
export type InvokeFunction = (functionName: string, payload: Buffer, roleArn?: string) => Promise<InvokeAnswer>;

/** Invoke through an SDK client, wherever it points. */
export function invokeThroughClient(client: LambdaClient): InvokeFunction {
  return async (functionName, payload) => {
    const response = await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: payload }));
    return { functionError: response.FunctionError, payload: response.Payload ?? new Uint8Array(0) };
  };
}

export interface InvokeRequest {
  invoke: InvokeFunction;
  lambdaArn: string;
  roleArn?: string;
  numberOfRetries: number;
  deliveryStreamArn: string;
  region: string;
  sourceKinesisStreamArn?: string;
  records: EventRecordInput[];
  now: () => number;
  onAttempt: (durationMs: number, succeeded: boolean) => void;
}

export async function invokeTransform(request: InvokeRequest): Promise<InvocationOutcome> {
  const sentIds = new LambdaRecordIds(request.records);
  let failure: InvocationFailure = FUNCTION_ERROR;
  const attemptsAllowed = request.numberOfRetries + 1;
  for (let attempt = 1; attempt <= attemptsAllowed; attempt += 1) {
    let scratch: Buffer | undefined;
    // Where each record's data went in the event, to tell a record answered unchanged without a text of either.
    const textAt: number[] = new Array(request.records.length);
    // Every member named in the literal (sourceKinesisStreamArn possibly undefined), not spread in: an object
    // made by a spread has a layout a full collection drops between invocations, and serializeLambdaEvent's
    // optimized code with it (see LIVING_TICKETS in ticket.ts).
    const payload = serializeLambdaEvent({
      invocationId: crypto.randomUUID(),
      deliveryStreamArn: request.deliveryStreamArn,
      region: request.region,
      sourceKinesisStreamArn: request.sourceKinesisStreamArn,
      records: request.records,
    }, (length) => (scratch = takeBuffer(length)), textAt);
    const started = Date.now();
    try {
      const response = await request.invoke(request.lambdaArn, payload, request.roleArn);
      // The check of a full batch's answer takes milliseconds: calls that arrived with the answer go first.
      await yieldToIo();
      if (response.functionError) {
        response.release?.();
        // Answered, so the request was read to its end: the event buffer is free again.
        if (scratch !== undefined) giveBackBuffer(scratch);
        failure = FUNCTION_ERROR;
      } else {
        // A record the function answers with the very text it was sent keeps its bytes, undecoded: the check
        // compares the answer's texts with the event's in place.
        const check = checkLambdaResponse(response.payload, sentIds, { records: request.records, event: payload, textAt });
        response.release?.();
        // Answered, so the request was read to its end, and checked: the event buffer is free again.
        if (scratch !== undefined) giveBackBuffer(scratch);
        scratch = undefined;
        if (check.ok) {
          request.onAttempt(Date.now() - started, true);
          return { ok: true, records: check.records, attempts: attempt, endedAtMs: request.now() };
        }
        failure = check.failure;
        if (!RETRY_INVALID_RESPONSES) {
          request.onAttempt(Date.now() - started, false);
          return { ok: false, failure, attempts: attempt, endedAtMs: request.now() };
        }
      }
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      failure = {
        errorCode: INVOKE_ERROR_CODES[name] ?? 'Lambda.InvokeError',
        errorMessage: `Error invoking the Lambda function ${request.lambdaArn}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    request.onAttempt(Date.now() - started, false);
  }
  return { ok: false, failure, attempts: attemptsAllowed, endedAtMs: request.now() };
}
