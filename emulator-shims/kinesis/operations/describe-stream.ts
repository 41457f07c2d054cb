import type { DescribeStreamInput, DescribeStreamOutput } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream } from '../context.js';
import { describeShard, describeSummary, listedShards } from '../describe.js';
import { SHARD_ID, STREAM_MEMBERS } from '../shapes.js';

/** Shards per DescribeStream answer when the request gives no Limit. */
export const DEFAULT_DESCRIBE_LIMIT = 100;

export const describeStream = defineOperation<DescribeStreamInput, DescribeStreamOutput>({
  name: 'DescribeStream',
  members: { ...STREAM_MEMBERS, Limit: { type: 'integer', range: [1, 10_000] }, ExclusiveStartShardId: SHARD_ID },
  run(input, context) {
    const stream = findStream(context, input);
    const after = input.ExclusiveStartShardId;
    const shards = listedShards(stream, context.store.now()).filter((shard) => after === undefined || shard.id > after);
    const limit = Math.min(input.Limit ?? DEFAULT_DESCRIBE_LIMIT, DEFAULT_DESCRIBE_LIMIT);
    // A description is the summary without its counts, plus the shards.
    const { OpenShardCount: _open, ConsumerCount: _consumers, ...summary } = describeSummary(stream);
    return {
      StreamDescription: {
        ...summary,
        StreamName: stream.name,
        StreamARN: stream.arn,
        StreamStatus: stream.settings.status,
        RetentionPeriodHours: stream.settings.retentionHours,
        StreamCreationTimestamp: new Date(stream.settings.createdMs),
        EnhancedMonitoring: summary.EnhancedMonitoring ?? [],
        Shards: shards.slice(0, limit).map(describeShard),
        HasMoreShards: shards.length > limit,
      },
    };
  },
});
