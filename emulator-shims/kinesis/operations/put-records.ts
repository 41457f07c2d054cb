import type { PutRecordsInput, PutRecordsOutput, PutRecordsResultEntry } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream, requireWritable } from '../context.js';
import { invalidArgument } from '../errors.js';
import { HASH_KEY, required, STREAM_MEMBERS } from '../shapes.js';
import { admitWrite, checkHashKey, MAX_PUT_RECORDS, MAX_PUT_RECORDS_BYTES, MAX_RECORD_BYTES } from './put-rules.js';

export const putRecords = defineOperation<PutRecordsInput, PutRecordsOutput>({
  name: 'PutRecords',
  // Sequence numbers, shard ids, error codes and counts: no blob, no timestamp.
  plainAnswer: true,
  members: {
    Records: required({
      type: 'list',
      length: [1, MAX_PUT_RECORDS],
      display: 'com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@c965e310',
      member: {
        type: 'structure',
        members: {
          Data: { type: 'blob', required: true, length: [0, MAX_RECORD_BYTES] },
          ExplicitHashKey: HASH_KEY,
          PartitionKey: { type: 'string', required: true, length: [1, 256] },
        },
      },
    }),
    ...STREAM_MEMBERS,
  },
  run(input, context) {
    const stream = requireWritable(findStream(context, input));
    const entries = input.Records!.map((record) => ({
      data: record.Data as Buffer,
      partitionKey: record.PartitionKey!,
      ...(record.ExplicitHashKey === undefined ? {} : { explicitHashKey: record.ExplicitHashKey }),
    }));
    let bytes = 0;
    for (const entry of entries) {
      if (entry.explicitHashKey !== undefined) checkHashKey(entry.explicitHashKey);
      bytes += entry.data.length + Buffer.byteLength(entry.partitionKey, 'utf8');
    }
    // Wording as moto records it; AWS documents the limit, not the message.
    if (bytes > MAX_PUT_RECORDS_BYTES) throw invalidArgument('Records size exceeds 5 MB limit');
    const outcomes = stream.put(entries, context.store.now(), admitWrite(context, stream));
    let failed = 0;
    const records = outcomes.map((outcome): PutRecordsResultEntry => {
      if ('record' in outcome) return { SequenceNumber: outcome.record.sequenceNumber, ShardId: outcome.shard.id };
      failed += 1;
      return { ErrorCode: outcome.errorCode, ErrorMessage: outcome.errorMessage };
    });
    return { FailedRecordCount: failed, Records: records, EncryptionType: stream.settings.encryptionType };
  },
});
