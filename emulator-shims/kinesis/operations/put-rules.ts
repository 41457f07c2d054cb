/** What PutRecord and PutRecords share: record limits, ExplicitHashKey's range and the write quota. */
import type { OperationContext } from '../context.js';
import { invalidArgument, writeThrottledMessage } from '../errors.js';
import { HASH_KEY_SPACE } from '../hash-key.js';
import type { Shard } from '../shard.js';
import type { PutEntry, Stream } from '../stream.js';

/** A record's data may be 1 MiB; a PutRecords request 500 records and 5 MiB of data and partition keys. */
export const MAX_RECORD_BYTES = 1_048_576;
export const MAX_PUT_RECORDS = 500;
export const MAX_PUT_RECORDS_BYTES = 5 * 1_048_576;

export function checkHashKey(explicitHashKey: string): void {
  if (BigInt(explicitHashKey) >= HASH_KEY_SPACE) {
    throw invalidArgument(`Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${explicitHashKey}`);
  }
}

/** With quotas on, takes each record from its shard's write allowance (data plus partition key), or names the refusal. */
export function admitWrite(context: OperationContext, stream: Stream): ((shard: Shard, entry: PutEntry) => string | undefined) | undefined {
  const { quotas } = context;
  if (!quotas) return undefined;
  return (shard, entry) => (quotas.admitWrite(`${stream.arn}/${shard.id}`, entry.Data.length + Buffer.byteLength(entry.PartitionKey, 'utf8'))
    ? undefined
    : writeThrottledMessage(shard.id, stream.name, context.scope.accountId));
}
