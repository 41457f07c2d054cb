/** Shared rules of Start/StopDeliveryStreamEncryption (reference §2). */
import type { OperationContext } from '../context.js';
import { invalidArgument, limitExceeded, resourceInUse } from '../errors.js';
import type { StoredStream } from '../store.js';

export const MAX_ENCRYPTION_CALLS_PER_DAY = 25;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Checks type, state and the 25-calls-per-24-hours limit, and records the call. */
export function admitEncryptionCall(stream: StoredStream, context: OperationContext): void {
  if (stream.type !== 'DirectPut') {
    throw invalidArgument(`Encryption is not supported for delivery stream ${stream.name} because its source is a Kinesis data stream.`);
  }
  if (stream.status !== 'ACTIVE') throw resourceInUse(`Firehose ${stream.name} under account ${stream.accountId} is not in ACTIVE state.`);
  const now = context.clock.now();
  stream.encryptionCalls = stream.encryptionCalls.filter((time) => now - time < DAY_MS);
  if (stream.encryptionCalls.length >= MAX_ENCRYPTION_CALLS_PER_DAY) {
    throw limitExceeded(`StartDeliveryStreamEncryption and StopDeliveryStreamEncryption can be called at most ${MAX_ENCRYPTION_CALLS_PER_DAY} times per delivery stream in 24 hours.`);
  }
  stream.encryptionCalls.push(now);
}
