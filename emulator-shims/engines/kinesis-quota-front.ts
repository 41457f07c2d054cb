import type { KinesaliteAnswer } from './kinesalite-call.js';
import { createShardQuotas, recordHashKey, shardForHash, type ShardRange } from './kinesis-quotas.js';

type Call = (operation: string, body: Record<string, unknown>) => Promise<KinesaliteAnswer>;

// Calls that change a stream's shards, after which cached hash ranges are stale.
const RESHARDING = new Set(['CreateStream', 'DeleteStream', 'SplitShard', 'MergeShards', 'UpdateShardCount']);
// Iterators live 5 minutes on Kinesis; a bounded map is enough to know an iterator's shard.
const MAX_TRACKED_ITERATORS = 100_000;

interface ShardRef {
  stream: string;
  shardId: string;
}

export interface QuotaFront {
  call(operation: string, body: Record<string, unknown>): Promise<KinesaliteAnswer>;
}

/**
 * Per-shard throughput limits in front of kinesalite, answered as Kinesis answers them: a
 * throttled PutRecords entry carries ErrorCode/ErrorMessage and counts in FailedRecordCount;
 * PutRecord and GetRecords fail whole with ProvisionedThroughputExceededException.
 */
export function createQuotaFront(options: { call: Call; now: () => number; accountId: string }): QuotaFront {
  const { call, accountId } = options;
  const quotas = createShardQuotas(options.now);
  const ranges = new Map<string, ShardRange[]>();
  const iterators = new Map<string, ShardRef>();

  const shardRanges = async (stream: string): Promise<ShardRange[] | undefined> => {
    const cached = ranges.get(stream);
    if (cached) return cached;
    const answer = await call('ListShards', { StreamName: stream });
    if (answer.status !== 200) return undefined;
    const shards = (answer.body.Shards ?? []) as { ShardId: string; HashKeyRange: { StartingHashKey: string; EndingHashKey: string }; SequenceNumberRange: { EndingSequenceNumber?: string } }[];
    const open = shards
      .filter((shard) => shard.SequenceNumberRange.EndingSequenceNumber === undefined)
      .map((shard) => ({ shardId: shard.ShardId, start: BigInt(shard.HashKeyRange.StartingHashKey), end: BigInt(shard.HashKeyRange.EndingHashKey) }));
    ranges.set(stream, open);
    return open;
  };

  const writeThrottled = (stream: string, shardId: string) =>
    `Rate exceeded for shard ${shardId} in stream ${stream} under account ${accountId}.`;

  const admit = async (stream: string, entry: Record<string, unknown>): Promise<string | undefined> => {
    const shardRangesOfStream = await shardRanges(stream);
    if (!shardRangesOfStream) return undefined;
    const partitionKey = String(entry.PartitionKey ?? '');
    const explicit = typeof entry.ExplicitHashKey === 'string' ? entry.ExplicitHashKey : undefined;
    const shardId = shardForHash(shardRangesOfStream, recordHashKey(partitionKey, explicit));
    if (!shardId) return undefined;
    // Kinesis counts the data blob plus the partition key against the 1 MiB/s write quota.
    const bytes = Buffer.byteLength(String(entry.Data ?? ''), 'base64') + Buffer.byteLength(partitionKey, 'utf8');
    return quotas.admitWrite(`${stream}/${shardId}`, bytes) ? undefined : shardId;
  };

  const remember = (iterator: unknown, ref: ShardRef): void => {
    if (typeof iterator !== 'string') return;
    if (iterators.size >= MAX_TRACKED_ITERATORS) iterators.delete(iterators.keys().next().value as string);
    iterators.set(iterator, ref);
  };

  return {
    async call(operation, body) {
      const stream = typeof body.StreamName === 'string' ? body.StreamName : undefined;
      if (RESHARDING.has(operation)) ranges.clear();
      switch (operation) {
        case 'PutRecord': {
          const throttledShard = stream ? await admit(stream, body) : undefined;
          if (stream && throttledShard) {
            return { status: 400, body: { __type: 'ProvisionedThroughputExceededException', message: writeThrottled(stream, throttledShard) } };
          }
          return call(operation, body);
        }
        case 'PutRecords': {
          const entries = body.Records;
          // Malformed or oversized calls go to kinesalite whole, for its validation errors.
          if (!stream || !Array.isArray(entries) || entries.length === 0 || entries.length > 500) return call(operation, body);
          const verdicts: (string | undefined)[] = [];
          for (const entry of entries) verdicts.push(await admit(stream, (entry ?? {}) as Record<string, unknown>));
          const admitted = entries.filter((_, index) => verdicts[index] === undefined);
          let results: Record<string, unknown>[] = [];
          let failed = 0;
          if (admitted.length > 0) {
            const answer = await call(operation, { ...body, Records: admitted });
            if (answer.status !== 200) return answer;
            results = (answer.body.Records ?? []) as Record<string, unknown>[];
            failed = Number(answer.body.FailedRecordCount ?? 0);
          }
          let next = 0;
          const merged = verdicts.map((shardId) => {
            if (shardId === undefined) return results[next++] ?? {};
            failed++;
            return { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: writeThrottled(stream, shardId) };
          });
          return { status: 200, body: { FailedRecordCount: failed, Records: merged } };
        }
        case 'GetShardIterator': {
          const answer = await call(operation, body);
          if (answer.status === 200 && stream) remember(answer.body.ShardIterator, { stream, shardId: String(body.ShardId) });
          return answer;
        }
        case 'GetRecords': {
          const iterator = String(body.ShardIterator ?? '');
          const ref = iterators.get(iterator);
          if (!ref) return call(operation, body);
          const key = `${ref.stream}/${ref.shardId}`;
          if (!quotas.admitRead(key)) {
            return { status: 400, body: { __type: 'ProvisionedThroughputExceededException', message: `Rate exceeded for Shard - ${accountId}/${ref.stream}/${ref.shardId}` } };
          }
          const answer = await call(operation, body);
          if (answer.status === 200) {
            const records = (answer.body.Records ?? []) as { Data?: string }[];
            quotas.chargeRead(key, records.reduce((sum, record) => sum + Buffer.byteLength(record.Data ?? '', 'base64'), 0));
            remember(answer.body.NextShardIterator, ref);
          }
          return answer;
        }
        default:
          return call(operation, body);
      }
    },
  };
}
