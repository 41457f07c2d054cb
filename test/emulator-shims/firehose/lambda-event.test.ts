import test from 'ava';
import { buildLambdaEvent } from '../../../emulator-shims/firehose/lambda-event.js';

test('a DirectPut event has invocationId, deliveryStreamArn, region and records without kinesisRecordMetadata', (t) => {
  const event = buildLambdaEvent({ invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2', records: [{ idBase: '12', subIndex: 0, arrivalMs: 1664029185290.7, data: Buffer.from('Hello World') }] });
  t.deepEqual(event, { invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2', records: [{ recordId: `${'0'.repeat(54)}12000000`, approximateArrivalTimestamp: 1664029185290, data: 'SGVsbG8gV29ybGQ=' }] });
});

test('a Kinesis-source event adds sourceKinesisStreamArn and numeric kinesisRecordMetadata per record', (t) => {
  const sequenceNumber = '4'.repeat(56);
  const event = buildLambdaEvent({
    invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2', sourceKinesisStreamArn: 'arn:k',
    records: [{ idBase: sequenceNumber, subIndex: 1000, arrivalMs: 1664028820148, data: Buffer.from('x'), shardId: 'shardId-000000000000', partitionKey: 'pk', subsequenceNumber: 1 }],
  });
  t.deepEqual(Object.keys(event), ['invocationId', 'sourceKinesisStreamArn', 'deliveryStreamArn', 'region', 'records']);
  t.is(event.records[0]?.recordId, `${sequenceNumber}001000`);
  t.deepEqual(event.records[0]?.kinesisRecordMetadata, { shardId: 'shardId-000000000000', partitionKey: 'pk', approximateArrivalTimestamp: 1664028820148, sequenceNumber, subsequenceNumber: 1 });
  t.is(typeof event.records[0]?.kinesisRecordMetadata?.subsequenceNumber, 'number');
});
