import { functionArn } from '../arn.js';
import type { Operation } from '../context.js';
import { eventPayloadTooLarge, invalidParameterValue, LambdaError } from '../errors.js';
import { isJsonText } from '../json-text.js';
import { resolveFunction } from '../resolve-function.js';

// Asynchronous (Event) invocations accept up to 1 MB; synchronous ones are bounded by the body limit (6 MB).
export const EVENT_PAYLOAD_LIMIT_BYTES = 1_048_576;

type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

export const invoke: Operation = async (context, request) => {
  const stored = resolveFunction(context, request.scope, request.target, request.query.get('Qualifier'));
  const invocationType = headerValue(request.headers['x-amz-invocation-type']) ?? 'RequestResponse';
  if (!isInvocationType(invocationType)) {
    throw invalidParameterValue(`1 validation error detected: Value '${invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`);
  }
  const logType = headerValue(request.headers['x-amz-log-type']) ?? 'None';
  if (logType !== 'None' && logType !== 'Tail') {
    throw invalidParameterValue(`1 validation error detected: Value '${logType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]`);
  }
  // Passed on as received: only the function parses the event. A caller's payload must be JSON; an
  // Event one is checked here, a RequestResponse one by the runner (a warm Node runtime checks it as it parses it).
  const payload = request.chunks;
  const checkJson = request.size > 0 && request.writtenAsJson !== true;
  const name = stored.configuration.FunctionName!;
  const invokedFunctionArn = functionArn(request.scope, name, stored.qualifier);
  // A payload that is not JSON is refused before anything else about the call (DryRun included).
  const refuseInvalidJson = (): void => {
    if (checkJson && !isJsonText(payload)) throw invalidRequestContent();
  };
  if (invocationType === 'DryRun') {
    refuseInvalidJson();
    return { status: 204, headers: { 'X-Amz-Executed-Version': '$LATEST' } };
  }
  const optRoot = context.store.optRoot(request.scope, stored);
  const runnable = { scope: request.scope, configuration: stored.configuration, taskRoot: context.store.taskRoot(request.scope, stored), ...(optRoot ? { optRoot } : {}) };
  let clientContext: unknown;
  try {
    clientContext = decodeClientContext(headerValue(request.headers['x-amz-client-context']));
  } catch (error) {
    refuseInvalidJson();
    throw error;
  }
  if (invocationType === 'Event') {
    refuseInvalidJson();
    if (request.size > EVENT_PAYLOAD_LIMIT_BYTES) throw eventPayloadTooLarge(request.size, EVENT_PAYLOAD_LIMIT_BYTES);
    // Lambda queues the event and answers at once; the outcome shows only in the function's log.
    context.track(context.runner.invoke(runnable, { payload, invokedFunctionArn, clientContext, tail: false }));
    return { status: 202, headers: { 'X-Amz-Executed-Version': '$LATEST' } };
  }
  const answer = await context.runner.invoke(runnable, { payload, invokedFunctionArn, clientContext, tail: logType === 'Tail', checkJson, ...(request.ownsChunks === true ? { givesPayload: true } : {}) });
  if (answer.invalidPayload) throw invalidRequestContent();
  return {
    status: 200,
    raw: answer.payload,
    ...(answer.release ? { release: answer.release } : {}),
    headers: {
      'x-amzn-RequestId': answer.requestId,
      'X-Amz-Executed-Version': '$LATEST',
      ...(answer.functionError ? { 'X-Amz-Function-Error': answer.functionError } : {}),
      ...(answer.logResult !== undefined ? { 'X-Amz-Log-Result': answer.logResult } : {}),
    },
  };
};

function invalidRequestContent(): LambdaError {
  return new LambdaError('InvalidRequestContentException', 'Could not parse request body into json: Could not parse payload into json', 400);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isInvocationType(value: string): value is InvocationType {
  return value === 'RequestResponse' || value === 'Event' || value === 'DryRun';
}

// X-Amz-Client-Context is base64 JSON; the runtime hands it to the handler as context.clientContext.
function decodeClientContext(header: string | undefined): unknown {
  if (header === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    throw invalidParameterValue('Client context must be a valid Base64-encoded JSON object.');
  }
}
