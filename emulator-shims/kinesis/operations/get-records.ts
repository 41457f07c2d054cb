import type { ChildShard, GetRecordsInput, GetRecordsOutput } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream, type OperationContext } from '../context.js';
import { expiredIterator, invalidArgument, invalidShardIterator, readThrottled, shardNotFound } from '../errors.js';
import { decodeIterator, encodeIterator, issuedFor, ITERATOR_LIFETIME_MS, type IteratorPosition } from '../shard-iterator.js';
import { STREAM_ARN } from '../shapes.js';
import type { Shard } from '../shard.js';
import type { Stream } from '../stream.js';

/** A GetRecords answer holds at most 10,000 records and 10 MiB of data. */
export const MAX_GET_RECORDS = 10_000;
export const MAX_GET_RECORDS_BYTES = 10 * 1_048_576;

/** The stream and shard an iterator reads, after checking it was issued here, for this stream, and is not expired. */
function openIterator(context: OperationContext, iterator: string): { at: IteratorPosition; stream: Stream; shard: Shard } {
  const { scope, store } = context;
  const at = decodeIterator(store.tokenKey, iterator);
  const now = store.now();
  if (!at || !issuedFor(at, scope) || at.issuedMs > now) throw invalidShardIterator();
  if (now - at.issuedMs > ITERATOR_LIFETIME_MS) throw expiredIterator(at.issuedMs, now, ITERATOR_LIFETIME_MS);
  const stream = store.find(scope, at.stream);
  const shard = stream?.settings.createdMs === at.streamCreatedMs ? stream.shard(at.shardIndex) : undefined;
  if (!stream || !shard) throw shardNotFound(`shardId-${String(at.shardIndex).padStart(12, '0')}`, at.stream, scope.accountId);
  return { at, stream, shard };
}

/** The shards a closed shard's records continue in. */
function childShards(stream: Stream, shard: Shard): ChildShard[] {
  return stream.shards
    .filter((child) => child.shape.parentId === shard.id || child.shape.adjacentParentId === shard.id)
    .map((child) => ({
      ShardId: child.id,
      ParentShards: [child.shape.parentId, child.shape.adjacentParentId].filter((id): id is string => id !== undefined),
      HashKeyRange: { StartingHashKey: child.shape.start.toString(), EndingHashKey: child.shape.end.toString() },
    }));
}

export const getRecords = defineOperation<GetRecordsInput, GetRecordsOutput>({
  name: 'GetRecords',
  members: {
    ShardIterator: { type: 'string', required: true, length: [1, 512] },
    Limit: { type: 'integer', range: [1, MAX_GET_RECORDS] },
    StreamARN: STREAM_ARN,
  },
  run(input, context) {
    const { at, stream, shard } = openIterator(context, input.ShardIterator!);
    // A StreamARN, when given, must name the iterator's stream (and pass the same account and region checks).
    if (input.StreamARN !== undefined && findStream(context, { StreamARN: input.StreamARN }) !== stream) {
      throw invalidArgument(`StreamARN ${input.StreamARN} does not match the stream of the ShardIterator.`);
    }
    const { quotas, scope, store } = context;
    const quotaKey = `${stream.arn}/${shard.id}`;
    if (quotas && !quotas.admitRead(quotaKey)) throw readThrottled(shard.id, stream.name, scope.accountId);
    const now = store.now();
    stream.trim(now);
    const read = shard.read(at.position, input.Limit ?? MAX_GET_RECORDS, MAX_GET_RECORDS_BYTES, now);
    if (quotas) quotas.chargeRead(quotaKey, read.dataBytes);
    const finished = !shard.open && read.next >= shard.nextPosition;
    return {
      Records: read.records,
      MillisBehindLatest: read.behindMs,
      ...(finished
        ? { ChildShards: childShards(stream, shard) }
        : { NextShardIterator: encodeIterator(store.tokenKey, { ...at, position: read.next, issuedMs: now }) }),
    };
  },
});
