/** How streams and shards are described in answers (DescribeStream, ListShards, ListStreams, …). */
import type { MetricsName, Shard as ShardDescription, StreamDescriptionSummary, StreamSummary } from '@aws-sdk/client-kinesis';
import type { Shard } from './shard.js';
import type { Stream } from './stream.js';

export function describeShard(shard: Shard): ShardDescription {
  const { parentId, adjacentParentId } = shard.shape;
  const ending = shard.endingSequenceNumber;
  return {
    ShardId: shard.id,
    ...(parentId === undefined ? {} : { ParentShardId: parentId }),
    ...(adjacentParentId === undefined ? {} : { AdjacentParentShardId: adjacentParentId }),
    HashKeyRange: { StartingHashKey: shard.shape.start.toString(), EndingHashKey: shard.shape.end.toString() },
    SequenceNumberRange: { StartingSequenceNumber: shard.startingSequenceNumber, ...(ending === undefined ? {} : { EndingSequenceNumber: ending }) },
  };
}

export function describeSummary(stream: Stream): StreamDescriptionSummary {
  const { settings } = stream;
  return {
    StreamName: stream.name,
    StreamARN: stream.arn,
    StreamStatus: settings.status,
    StreamModeDetails: { StreamMode: settings.mode },
    RetentionPeriodHours: settings.retentionHours,
    StreamCreationTimestamp: new Date(settings.createdMs),
    EnhancedMonitoring: [{ ShardLevelMetrics: [...settings.shardLevelMetrics] as MetricsName[] }],
    EncryptionType: settings.encryptionType,
    ...(settings.keyId === undefined ? {} : { KeyId: settings.keyId }),
    OpenShardCount: stream.openShards.length,
    ConsumerCount: 0,
  };
}

export function describeListed(stream: Stream): StreamSummary {
  return {
    StreamName: stream.name,
    StreamARN: stream.arn,
    StreamStatus: stream.settings.status,
    StreamModeDetails: { StreamMode: stream.settings.mode },
    StreamCreationTimestamp: new Date(stream.settings.createdMs),
  };
}

/** The shards Kinesis still lists: open ones, and closed ones whose records retention keeps. */
export const listedShards = (stream: Stream, nowMs: number): Shard[] => stream.shards.filter((shard) => stream.listed(shard, nowMs));
