import type { PutRecordInput, PutRecordOutput } from '@aws-sdk/client-kinesis';
import { AwsError } from '../../shared/index.js';
import { defineOperation, findStream, requireWritable } from '../context.js';
import { invalidArgument, writeThrottled } from '../errors.js';
import { parseSequence } from '../sequence-number.js';
import { HASH_KEY, SEQUENCE_NUMBER, STREAM_MEMBERS } from '../shapes.js';
import { admitWrite, checkHashKey, MAX_RECORD_BYTES } from './put-rules.js';

export const putRecord = defineOperation<PutRecordInput, PutRecordOutput>({
  name: 'PutRecord',
  // A sequence number, a shard id and the encryption type: no blob, no timestamp.
  plainAnswer: true,
  members: {
    ...STREAM_MEMBERS,
    Data: { type: 'blob', required: true, length: [0, MAX_RECORD_BYTES] },
    PartitionKey: { type: 'string', required: true, length: [1, 256] },
    ExplicitHashKey: HASH_KEY,
    SequenceNumberForOrdering: SEQUENCE_NUMBER,
  },
  run(input, context) {
    const stream = requireWritable(findStream(context, input));
    if (input.ExplicitHashKey !== undefined) checkHashKey(input.ExplicitHashKey);
    // Records of one partition key are in put order anyway; a SequenceNumberForOrdering must still be one of this stream's.
    const ordering = input.SequenceNumberForOrdering;
    if (ordering !== undefined) {
      const parts = parseSequence(ordering);
      if (!parts || !stream.shards.some((shard) => shard.owns(parts))) {
        throw invalidArgument(`ExclusiveMinimumSequenceNumber ${ordering} used in PutRecord on stream ${stream.name} under account ${context.scope.accountId} is invalid.`);
      }
    }
    const entry = { data: input.Data as Buffer, partitionKey: input.PartitionKey!, ...(input.ExplicitHashKey === undefined ? {} : { explicitHashKey: input.ExplicitHashKey }) };
    const [outcome] = stream.put([entry], context.store.now(), admitWrite(context, stream));
    if (!outcome || !('record' in outcome)) {
      if (outcome?.errorCode === 'ProvisionedThroughputExceededException') throw writeThrottled(outcome.shard.id, stream.name, context.scope.accountId);
      throw new AwsError('InternalFailure', outcome?.errorMessage ?? 'Internal service failure.', 500);
    }
    return { ShardId: outcome.shard.id, SequenceNumber: outcome.record.sequenceNumber, EncryptionType: stream.settings.encryptionType };
  },
});
