import test from 'ava';
import { CreateDeliveryStreamCommand, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { bucketArn, createBucket, createFunction, listObjects, ROLE, startHarness, uniqueName, waitForStatus } from '../harness.js';
import { eventually } from '../../../fixtures/eventually.js';

test('a buffer reaching SizeInMBs is written without a flush or a clock change', async (t) => {
  const harness = await startHarness(t);
  const bucket = await createBucket(harness);
  const name = uniqueName('size');
  await harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: bucketArn(bucket), BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 900 } },
  }));
  await waitForStatus(harness, name, 'ACTIVE');
  await harness.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.alloc(600_000, 1) }, { Data: Buffer.alloc(600_000, 2) }] }));
  let objects = await listObjects(harness, bucket);
  await eventually('the full buffer\'s object is written', async () => (objects = await listObjects(harness, bucket)).length > 0);
  t.is(objects.length, 1);
  t.is(objects[0]?.body.length, 1_200_000);
});

test('records beyond 500 active partitions go to error output as activePartitionExceeded', async (t) => {
  const harness = await startHarness(t);
  const bucket = await createBucket(harness);
  const lambdaArn = await createFunction(harness, 'export const handler = async (event) => ({ records: event.records.map((r) => ({ recordId: r.recordId, result: "Ok", data: r.data, metadata: { partitionKeys: { k: Buffer.from(r.data, "base64").toString() } } })) });');
  const name = uniqueName('parts');
  await harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE, BucketARN: bucketArn(bucket), Prefix: 'k=!{partitionKeyFromLambda:k}/', ErrorOutputPrefix: 'err/!{firehose:error-output-type}/',
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 900 }, DynamicPartitioningConfiguration: { Enabled: true },
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: lambdaArn }] }] },
    },
  }));
  await waitForStatus(harness, name, 'ACTIVE');
  const keys = Array.from({ length: 502 }, (_, index) => `p${index}`);
  for (let start = 0; start < keys.length; start += 500) {
    await harness.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: keys.slice(start, start + 500).map((key) => ({ Data: Buffer.from(key) })) }));
  }
  const report = await harness.service.flush(name);
  t.like(report, { objectsWritten: 500, recordsDelivered: 500, recordsFailed: 2, errorObjectsWritten: 1 });
  const errors = await listObjects(harness, bucket, 'err/');
  t.is(errors.length, 1);
  t.true(errors[0]?.key.startsWith('err/activePartitionExceeded/'));
  t.like(harness.service.metrics()[name], { PartitionCountExceeded: 1 });
});
