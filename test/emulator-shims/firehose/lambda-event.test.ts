import test from 'ava';
import { buildLambdaEvent } from '../../../emulator-shims/firehose/lambda-event.js';

test('a DirectPut event has invocationId, deliveryStreamArn, region and records without kinesisRecordMetadata', (t) => {
  const event = buildLambdaEvent({ invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2', records: [{ recordId: 'r', arrivalMs: 1664029185290.7, data: Buffer.from('Hello World') }] });
  t.deepEqual(event, { invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2', records: [{ recordId: 'r', approximateArrivalTimestamp: 1664029185290, data: 'SGVsbG8gV29ybGQ=' }] });
});

test('a Kinesis-source event adds sourceKinesisStreamArn and numeric kinesisRecordMetadata per record', (t) => {
  const kinesis = { shardId: 'shardId-000000000000', partitionKey: 'pk', approximateArrivalTimestamp: 1664028820148, sequenceNumber: '4954', subsequenceNumber: 0 };
  const event = buildLambdaEvent({ invocationId: 'i', deliveryStreamArn: 'arn:f', region: 'us-east-2', sourceKinesisStreamArn: 'arn:k', records: [{ recordId: 'r', arrivalMs: 1664028820148, data: Buffer.from('x'), kinesis }] });
  t.deepEqual(Object.keys(event), ['invocationId', 'sourceKinesisStreamArn', 'deliveryStreamArn', 'region', 'records']);
  t.deepEqual(event.records[0]?.kinesisRecordMetadata, kinesis);
  t.is(typeof event.records[0]?.kinesisRecordMetadata?.subsequenceNumber, 'number');
});
