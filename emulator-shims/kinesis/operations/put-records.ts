import type { PutRecordsInput, PutRecordsOutput } from '@aws-sdk/client-kinesis';
import { defineOperation, findStream, requireWritable } from '../context.js';
import { invalidArgument } from '../errors.js';
import { HASH_KEY, required, STREAM_MEMBERS } from '../shapes.js';
import type { PutEntry } from '../stream.js';
import { readPutRecordsBody } from '../put-records-body.js';
import { admitWrite, checkHashKey, MAX_PUT_RECORDS, MAX_PUT_RECORDS_BYTES, MAX_RECORD_BYTES } from './put-rules.js';

export const putRecords = defineOperation<PutRecordsInput, PutRecordsOutput>({
  name: 'PutRecords',
  // Sequence numbers, shard ids, error codes and counts: no blob, no timestamp.
  plainAnswer: true,
  // The usual body is read from its bytes (see put-records-body.ts); any other goes through the parse and readInput.
  readBody: readPutRecordsBody,
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
    context.store.puts.note();
    const stream = requireWritable(findStream(context, input));
    // The validated entries go to the stream as they are (Data is a Buffer once read): no object per record.
    const entries = input.Records! as PutEntry[];
    let bytes = 0;
    for (const entry of entries) {
      if (entry.ExplicitHashKey !== undefined) checkHashKey(entry.ExplicitHashKey);
      bytes += entry.Data.length + Buffer.byteLength(entry.PartitionKey, 'utf8');
    }
    // Wording as moto records it; AWS documents the limit, not the message.
    if (bytes > MAX_PUT_RECORDS_BYTES) throw invalidArgument('Records size exceeds 5 MB limit');
    const records = stream.put(entries, context.store.now(), admitWrite(context, stream));
    let failed = 0;
    for (const record of records) if (record.ErrorCode !== undefined) failed += 1;
    return { FailedRecordCount: failed, Records: records, EncryptionType: stream.settings.encryptionType };
  },
});
