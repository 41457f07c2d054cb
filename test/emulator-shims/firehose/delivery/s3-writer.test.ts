import test from 'ava';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateDeliveryStreamCommand, PutRecordCommand } from '@aws-sdk/client-firehose';
import { bucketArn, listObjects, ROLE, startHarness, uniqueName, waitForStatus } from '../harness.js';
import { eventually } from '../../../fixtures/eventually.js';

test('a failing S3 write is retried with backoff until it succeeds, and flush resolves only once the object is written', async (t) => {
  const harness = await startHarness(t);
  const bucket = uniqueName('later');
  const name = uniqueName('retry');
  await harness.firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: bucketArn(bucket) } }));
  await waitForStatus(harness, name, 'ACTIVE');
  await harness.firehose.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from('kept') } }));
  let flushed = false;
  const flush = harness.service.flush(name).then((report) => { flushed = true; return report; });
  // At least one PUT has failed (the bucket is missing) before the bucket is made: on a loaded machine the
  // first attempt can come later than any fixed pause.
  await eventually('a failed S3 PUT', () => harness.service.metrics()[name]?.['DeliveryToS3.Success'] === 0);
  t.false(flushed, 'flush waits while the bucket does not exist');
  await harness.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  t.like(await flush, { objectsWritten: 1, recordsDelivered: 1 });
  t.deepEqual((await listObjects(harness, bucket)).map((object) => object.body.toString()), ['kept']);
  const metrics = harness.service.metrics()[name] ?? {};
  t.true((metrics['DeliveryToS3.Success'] ?? 1) < 1, 'failed PUTs lower DeliveryToS3.Success');
});
