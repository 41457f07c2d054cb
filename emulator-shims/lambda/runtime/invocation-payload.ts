import type { InvokeOutcome } from './instance.js';

// Lambda's response limit for synchronous invocations (6 MB plus a 100-byte allowance).
export const RESPONSE_LIMIT_BYTES = 6_291_556;

/** The body and function-error flag Lambda answers for an invocation outcome. */
export function invocationAnswer(outcome: InvokeOutcome, requestId: string, timeoutSeconds: number): { payload: string; functionError?: 'Unhandled' } {
  switch (outcome.status) {
    case 'success': {
      const size = Buffer.byteLength(outcome.payload);
      if (size > RESPONSE_LIMIT_BYTES) {
        return {
          functionError: 'Unhandled',
          payload: JSON.stringify({
            errorMessage: `Response payload size exceeded maximum allowed payload size (${RESPONSE_LIMIT_BYTES} bytes).`,
            errorType: 'Function.ResponseSizeTooLarge',
          }),
        };
      }
      return { payload: outcome.payload };
    }
    case 'error':
      return { functionError: 'Unhandled', payload: JSON.stringify(outcome.error) };
    case 'timeout':
      return {
        functionError: 'Unhandled',
        payload: JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds` }),
      };
    case 'exited':
      return {
        functionError: 'Unhandled',
        payload: JSON.stringify({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${outcome.reason}` }),
      };
  }
}
