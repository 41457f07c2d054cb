import { setTimeout as delay } from 'node:timers/promises';
import type { QueuedRecord } from './batching.js';
import { PutRecordsError } from './errors.js';
import { ALL_ACCEPTED, type KinesisPutClient, type PutRecordsResultEntry } from './kinesis-client.js';
import { backoffDelay, classifyFailure, errorCode, type BackoffOptions } from './retry-policy.js';

export interface SendCounters {
  recordsSent: number;
  bytesSent: number;
  putRecordsCalls: number;
  retries: number;
  throttles: number;
  failedRecords: number;
}

export interface SenderOptions {
  client: Pick<KinesisPutClient, 'putRecords'>;
  stream: string;
  backoff: BackoffOptions;
  counters: SendCounters;
  log: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * Sends a batch with PutRecords until Kinesis accepted every record. Only the entries a response
 * marks failed are resent; whole-call failures (throttling, 5xx, network) resend what is left.
 * It never gives up: data stays in the batch and each failure is counted and logged, with
 * exponential backoff and full jitter capped at backoff.maxMs.
 */
export async function putRecordsUntilAccepted(batch: readonly QueuedRecord[], options: SenderOptions): Promise<void> {
  const { client, stream, counters, log } = options;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  let remaining = [...batch];
  let attempt = 0;
  while (remaining.length > 0) {
    attempt += 1;
    if (attempt > 1) {
      counters.retries += 1;
      await sleep(backoffDelay(attempt - 1, options.backoff, options.random));
    }
    counters.putRecordsCalls += 1;
    let results: PutRecordsResultEntry[] | typeof ALL_ACCEPTED;
    try {
      results = await client.putRecords(stream, remaining);
    } catch (error) {
      const { code, httpStatus } = errorCode(error);
      if (classifyFailure(code, httpStatus) === 'throttle') counters.throttles += 1;
      log(new PutRecordsError(stream, attempt, code, { cause: error }).message + `; retrying ${remaining.length} records`);
      continue;
    }
    const failed: QueuedRecord[] = [];
    const codes = new Map<string, number>();
    remaining.forEach((record, index) => {
      const result = results === ALL_ACCEPTED ? undefined : results[index];
      if (results === ALL_ACCEPTED || (result && !result.ErrorCode && result.SequenceNumber)) {
        counters.recordsSent += 1;
        counters.bytesSent += record.data.length;
        return;
      }
      const code = result?.ErrorCode ?? 'MissingResult';
      failed.push(record);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      counters.failedRecords += 1;
      if (classifyFailure(code) === 'throttle') counters.throttles += 1;
    });
    if (failed.length > 0) {
      const summary = [...codes].map(([code, count]) => `${count}x ${code}`).join(', ');
      log(`PutRecords to stream ${stream} attempt ${attempt}: ${failed.length} of ${remaining.length} records failed (${summary}); retrying only those`);
    }
    remaining = failed;
  }
}
