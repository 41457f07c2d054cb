import type { MergeShardsInput } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream, requireActive } from '../context.js';
import { invalidArgument } from '../errors.js';
import { required, SHARD_ID, STREAM_MEMBERS } from '../shapes.js';
import { requireOpenShard, startUpdate } from './reshard-rules.js';

export const mergeShards = defineOperation<MergeShardsInput, void>({
  name: 'MergeShards',
  members: { ...STREAM_MEMBERS, ShardToMerge: required(SHARD_ID), AdjacentShardToMerge: required(SHARD_ID) },
  run(input, context) {
    const { accountId } = context.scope;
    const stream = requireActive(findStream(context, input));
    const shard = requireOpenShard(stream, input.ShardToMerge!, accountId, 'merging');
    const adjacent = requireOpenShard(stream, input.AdjacentShardToMerge!, accountId, 'merging');
    const [lower, upper] = shard.shape.start < adjacent.shape.start ? [shard, adjacent] : [adjacent, shard];
    if (shard === adjacent || lower.shape.end + 1n !== upper.shape.start) {
      throw invalidArgument(`Shards ${shard.id} and ${adjacent.id} in stream ${stream.name} under account ${accountId} are not an adjacent pair of shards eligible for merging`);
    }
    const now = context.store.now();
    shard.close(now);
    adjacent.close(now);
    stream.addShard({ createdMs: now, start: lower.shape.start, end: upper.shape.end, parentId: shard.id, adjacentParentId: adjacent.id });
    startUpdate(context, stream);
  },
});
