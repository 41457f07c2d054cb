import test from 'ava';
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SCRATCH_FOLDER } from '../../../../emulator-shims/firehose/delivery/engine.js';
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

const scratchFiles = (root: string): string[] => readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && basename(entry.parentPath) === SCRATCH_FOLDER).map((entry) => join(entry.parentPath, entry.name));

test('an open object\'s bytes past its first MiB wait in a scratch file in the stream\'s folder; the object is written byte for byte, and no scratch file outlives its object or the service', async (t) => {
  const harness = await startHarness(t);
  const bucket = await createBucket(harness);
  const name = uniqueName('spill');
  await harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: bucketArn(bucket), BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 900 } },
  }));
  await waitForStatus(harness, name, 'ACTIVE');
  const records = Array.from({ length: 12 }, (_, index) => Buffer.from(Array.from({ length: 500_000 }, (_, at) => (at * 7 + index) % 251)));
  for (let start = 0; start < records.length; start += 4) {
    await harness.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: records.slice(start, start + 4).map((Data) => ({ Data })) }));
  }
  const waiting = scratchFiles(harness.stateDir);
  t.deepEqual(waiting.map((file) => file.split('.').at(-1)), ['data'], 'one scratch file for the open object (without a Lambda a record\'s raw data is its data, not kept apart)');
  t.true(waiting.every((file) => statSync(file).size >= 4_000_000));
  await harness.service.flush(name);
  const objects = await listObjects(harness, bucket);
  t.is(objects.length, 1);
  t.true(objects[0]!.body.equals(Buffer.concat(records)), 'the object holds the records byte for byte, in order');
  t.deepEqual(scratchFiles(harness.stateDir), [], 'written: its scratch file is gone');
  await harness.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: records.slice(0, 4).map((Data) => ({ Data })) }));
  t.is(scratchFiles(harness.stateDir).length, 1);
  await harness.close();
  t.deepEqual(scratchFiles(harness.stateDir), [], 'the service closed: no scratch file is left');
});
