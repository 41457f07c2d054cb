import { byteLength } from './frames.js';
import type { InvokeOutcome } from './instance.js';
import { RESPONSE_LIMIT_BYTES } from './protocol.js';

export { RESPONSE_LIMIT_BYTES };

/**
 * The body (in pieces, never joined) and function-error flag Lambda answers for an invocation outcome;
 * `release` (the outcome's) when the body is the function's own bytes, to call once they are written.
 */
export function invocationAnswer(outcome: Exclude<InvokeOutcome, { status: 'invalid-event' }>, requestId: string, timeoutSeconds: number): { payload: Buffer[]; functionError?: 'Unhandled'; release?: () => void } {
  const json = (value: unknown): Buffer[] => [Buffer.from(JSON.stringify(value))];
  switch (outcome.status) {
    case 'success': {
      const size = byteLength(outcome.payload);
      if (size > RESPONSE_LIMIT_BYTES) {
        outcome.release?.();
        return {
          functionError: 'Unhandled',
          payload: json({
            errorMessage: `Response payload size exceeded maximum allowed payload size (${RESPONSE_LIMIT_BYTES} bytes).`,
            errorType: 'Function.ResponseSizeTooLarge',
          }),
        };
      }
      return { payload: outcome.payload, ...(outcome.release ? { release: outcome.release } : {}) };
    }
    case 'error':
      return { functionError: 'Unhandled', payload: json(outcome.error) };
    case 'timeout':
      return {
        functionError: 'Unhandled',
        payload: json({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds` }),
      };
    case 'exited':
      return {
        functionError: 'Unhandled',
        payload: json({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${outcome.reason}` }),
      };
  }
}
