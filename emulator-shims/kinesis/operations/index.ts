/** Every supported Kinesis operation, by AWS name: `ls operations/` lists what is emulated. */
import type { Operation } from '../context.js';
import { addTagsToStream } from './add-tags-to-stream.js';
import { createStream } from './create-stream.js';
import { decreaseStreamRetentionPeriod } from './decrease-stream-retention-period.js';
import { deleteStream } from './delete-stream.js';
import { describeLimits } from './describe-limits.js';
import { describeStream } from './describe-stream.js';
import { describeStreamSummary } from './describe-stream-summary.js';
import { disableEnhancedMonitoring } from './disable-enhanced-monitoring.js';
import { enableEnhancedMonitoring } from './enable-enhanced-monitoring.js';
import { getRecords } from './get-records.js';
import { getShardIterator } from './get-shard-iterator.js';
import { increaseStreamRetentionPeriod } from './increase-stream-retention-period.js';
import { listShards } from './list-shards.js';
import { listStreams } from './list-streams.js';
import { listTagsForStream } from './list-tags-for-stream.js';
import { mergeShards } from './merge-shards.js';
import { putRecord } from './put-record.js';
import { putRecords } from './put-records.js';
import { removeTagsFromStream } from './remove-tags-from-stream.js';
import { splitShard } from './split-shard.js';
import { startStreamEncryption } from './start-stream-encryption.js';
import { stopStreamEncryption } from './stop-stream-encryption.js';
import { updateShardCount } from './update-shard-count.js';
import { updateStreamMode } from './update-stream-mode.js';

export const OPERATIONS: ReadonlyMap<string, Operation<never, unknown>> = new Map(
  ([
    addTagsToStream, createStream, decreaseStreamRetentionPeriod, deleteStream, describeLimits, describeStream, describeStreamSummary,
    disableEnhancedMonitoring, enableEnhancedMonitoring, getRecords, getShardIterator, increaseStreamRetentionPeriod, listShards,
    listStreams, listTagsForStream, mergeShards, putRecord, putRecords, removeTagsFromStream, splitShard, startStreamEncryption,
    stopStreamEncryption, updateShardCount, updateStreamMode,
  ] as Operation<never, unknown>[]).map((operation) => [operation.name, operation]),
);
