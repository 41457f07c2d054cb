import type { PutRecordInput, PutRecordOutput } from '@aws-sdk/client-kinesis';
import { AwsError } from '../../shared/index.js';
import { defineOperation, findStream, requireWritable } from '../context.js';
import { invalidArgument, writeThrottled } from '../errors.js';
import { parseSequence } from '../sequence-number.js';
import { HASH_KEY, SEQUENCE_NUMBER, STREAM_MEMBERS } from '../shapes.js';
import type { Shard } from '../shard.js';
import type { PutEntry } from '../stream.js';
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
    context.store.puts.note();
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
    const entry: PutEntry = { Data: input.Data as Buffer, PartitionKey: input.PartitionKey!, ...(input.ExplicitHashKey === undefined ? {} : { ExplicitHashKey: input.ExplicitHashKey }) };
    const admit = admitWrite(context, stream);
    let refusedBy: Shard | undefined;
    const [result] = stream.put([entry], context.store.now(), admit && ((shard, asked) => {
      const refusal = admit(shard, asked);
      if (refusal !== undefined) refusedBy = shard;
      return refusal;
    }));
    if (!result || result.SequenceNumber === undefined) {
      if (refusedBy) throw writeThrottled(refusedBy.id, stream.name, context.scope.accountId);
      throw new AwsError('InternalFailure', result?.ErrorMessage ?? 'Internal service failure.', 500);
    }
    return { ShardId: result.ShardId!, SequenceNumber: result.SequenceNumber, EncryptionType: stream.settings.encryptionType };
  },
});
