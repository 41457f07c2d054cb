import test from 'ava';
import { jsonText } from '../../../emulator-shims/kinesis/protocol.js';
import { OPERATIONS } from '../../../emulator-shims/kinesis/operations/index.js';

test('PutRecords and PutRecord answers, failed entries and escapes included, are written by JSON.stringify exactly as jsonText writes them', (t) => {
  const answers = [
    {
      FailedRecordCount: 1,
      Records: [
        { SequenceNumber: '49590338271490256608559692538361571095921575989136588898', ShardId: 'shardId-000000000000' },
        { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard shardId-000000000001 in stream "s\\1" under account 000000000000.', SequenceNumber: undefined },
      ],
      EncryptionType: 'NONE',
    },
    { ShardId: 'shardId-000000000003', SequenceNumber: '49590338271490256608559692538361571095921575989136588898', EncryptionType: 'KMS' },
  ];
  for (const answer of answers) t.is(JSON.stringify(answer), jsonText(answer));
  t.true(OPERATIONS.get('PutRecords')!.plainAnswer);
  t.true(OPERATIONS.get('PutRecord')!.plainAnswer);
  // GetRecords answers carry blobs and timestamps, which only jsonText writes as Kinesis does.
  t.falsy(OPERATIONS.get('GetRecords')!.plainAnswer);
});
