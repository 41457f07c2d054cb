/** What EnableEnhancedMonitoring and DisableEnhancedMonitoring share: the metric names and the answer. */
import type { EnhancedMonitoringOutput } from '@aws-sdk/client-kinesis';
import { findStream, type OperationContext } from '../context.js';
import { STREAM_MEMBERS } from '../shapes.js';
import type { Members } from '../validation.js';

const METRICS = ['IncomingBytes', 'IncomingRecords', 'OutgoingBytes', 'OutgoingRecords', 'WriteProvisionedThroughputExceeded', 'ReadProvisionedThroughputExceeded', 'IteratorAgeMilliseconds'] as const;

export const MONITORING_MEMBERS: Members = {
  ...STREAM_MEMBERS,
  ShardLevelMetrics: { type: 'list', required: true, length: [1, 7], member: { type: 'string', enum: [...METRICS, 'ALL'] } },
};

/** Records the shard-level metrics asked for (no metrics are emitted locally). */
export function changeMonitoring(input: { StreamName?: string; StreamARN?: string; ShardLevelMetrics?: string[] }, context: OperationContext, enable: boolean): EnhancedMonitoringOutput {
  const stream = findStream(context, input);
  const current = [...stream.settings.shardLevelMetrics];
  const named = input.ShardLevelMetrics!.includes('ALL') ? [...METRICS] : input.ShardLevelMetrics!;
  const desired = enable ? METRICS.filter((metric) => current.includes(metric) || named.includes(metric)) : current.filter((metric) => !named.includes(metric));
  stream.settings.shardLevelMetrics = [...desired];
  context.store.save(stream);
  return { StreamName: stream.name, StreamARN: stream.arn, CurrentShardLevelMetrics: current as never, DesiredShardLevelMetrics: [...desired] as never };
}
