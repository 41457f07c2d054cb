import type { ListShardsInput, ListShardsOutput, ShardFilterType } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream } from '../context.js';
import { invalidArgument, streamNotFound } from '../errors.js';
import { describeShard, listedShards } from '../describe.js';
import { decodeListToken, encodeListToken, type ListPosition } from '../list-token.js';
import type { Shard } from '../shard.js';
import { NEXT_TOKEN, SHARD_ID, STREAM_MEMBERS } from '../shapes.js';
import type { Stream } from '../stream.js';

/** Shards per page when the request gives no MaxResults, and at most (Kinesis answers 1,000 for larger values). */
export const DEFAULT_MAX_RESULTS = 1000;

const FILTER_TYPES: readonly ShardFilterType[] = ['AFTER_SHARD_ID', 'AT_TRIM_HORIZON', 'FROM_TRIM_HORIZON', 'AT_LATEST', 'AT_TIMESTAMP', 'FROM_TIMESTAMP'];

type Filter = NonNullable<ListPosition['filter']>;

/** Pure: whether a shard passes a ShardFilter (open at a time or from a time, after a shard, open now). */
function passes(stream: Stream, shard: Shard, filter: Filter | undefined, nowMs: number): boolean {
  const { createdMs, closedMs } = shard.shape;
  const horizon = nowMs - stream.settings.retentionHours * 3_600_000;
  const openAt = (ms: number) => createdMs <= ms && (closedMs === undefined || closedMs > ms);
  switch (filter?.Type) {
    case undefined:
    case 'FROM_TRIM_HORIZON':
      return true;
    case 'AFTER_SHARD_ID':
      return shard.id > filter.ShardId!;
    case 'AT_LATEST':
      return shard.open;
    case 'AT_TRIM_HORIZON':
      return openAt(Math.max(horizon, stream.settings.createdMs));
    case 'AT_TIMESTAMP':
      return openAt(Math.max(filter.TimestampMs!, stream.settings.createdMs));
    case 'FROM_TIMESTAMP':
      return closedMs === undefined || closedMs > filter.TimestampMs!;
    default:
      return true;
  }
}

export const listShards = defineOperation<ListShardsInput, ListShardsOutput>({
  name: 'ListShards',
  members: {
    ...STREAM_MEMBERS,
    NextToken: NEXT_TOKEN,
    ExclusiveStartShardId: SHARD_ID,
    MaxResults: { type: 'integer', range: [1, 10_000] },
    StreamCreationTimestamp: { type: 'timestamp' },
    ShardFilter: {
      type: 'structure',
      members: { Type: { type: 'string', required: true, enum: FILTER_TYPES }, ShardId: SHARD_ID, Timestamp: { type: 'timestamp' } },
    },
  },
  run(input, context) {
    const { scope, store } = context;
    const now = store.now();
    let stream: Stream;
    let after = input.ExclusiveStartShardId;
    let filter: Filter | undefined;
    if (input.NextToken !== undefined) {
      if (input.StreamName !== undefined || input.StreamARN !== undefined) throw invalidArgument('NextToken and StreamName cannot be provided together.');
      const position = decodeListToken(store.tokenKey, input.NextToken, 'shards', scope, now);
      const found = store.find(scope, position.stream ?? '');
      if (!found || found.settings.createdMs !== position.streamCreatedMs) throw streamNotFound(position.stream ?? '', scope.accountId);
      stream = found;
      after = position.after;
      filter = position.filter;
    } else {
      if (input.StreamName === undefined && input.StreamARN === undefined) throw invalidArgument('Either NextToken or StreamName should be provided.');
      stream = findStream(context, input);
      const created = input.StreamCreationTimestamp;
      if (created !== undefined && Math.floor(created.getTime() / 1000) !== Math.floor(stream.settings.createdMs / 1000)) throw streamNotFound(stream.name, scope.accountId);
      const given = input.ShardFilter;
      if (given) {
        const type = given.Type!;
        if (type === 'AFTER_SHARD_ID' && given.ShardId === undefined) throw invalidArgument('ShardId must be specified when ShardFilter type is AFTER_SHARD_ID.');
        if ((type === 'AT_TIMESTAMP' || type === 'FROM_TIMESTAMP') && given.Timestamp === undefined) throw invalidArgument(`Timestamp must be specified when ShardFilter type is ${type}.`);
        filter = { Type: type, ...(given.ShardId === undefined ? {} : { ShardId: given.ShardId }), ...(given.Timestamp === undefined ? {} : { TimestampMs: given.Timestamp.getTime() }) };
      }
    }
    const limit = Math.min(input.MaxResults ?? DEFAULT_MAX_RESULTS, DEFAULT_MAX_RESULTS);
    const shards = listedShards(stream, now).filter((shard) => (after === undefined || shard.id > after) && passes(stream, shard, filter, now));
    const page = shards.slice(0, limit);
    const more = shards.length > limit;
    const token = more
      ? encodeListToken(store.tokenKey, {
        kind: 'shards', accountId: scope.accountId, region: scope.region, stream: stream.name, streamCreatedMs: stream.settings.createdMs,
        after: page.at(-1)!.id, ...(filter ? { filter } : {}), issuedMs: now,
      })
      : undefined;
    return { Shards: page.map(describeShard), ...(token ? { NextToken: token } : {}) };
  },
});
