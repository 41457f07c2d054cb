import test from 'ava';
import { CreateDeliveryStreamCommand, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { bucketArn, createBucket, createFunction, listObjects, ROLE, startHarness, uniqueName, waitForStatus } from '../harness.js';

test('the Lambda buffer sends at most BufferSizeInMBs of records per invocation', async (t) => {
  const harness = await startHarness(t);
  const bucket = await createBucket(harness);
  const lambdaArn = await createFunction(harness, 'export const handler = async (event) => ({ records: event.records.map((r) => ({ recordId: r.recordId, result: "Ok", data: Buffer.from(event.invocationId + "\\n").toString("base64") })) });');
  const name = uniqueName('lbuf');
  await harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE, BucketARN: bucketArn(bucket),
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: lambdaArn }, { ParameterName: 'BufferSizeInMBs', ParameterValue: '0.2' }] }] },
    },
  }));
  await waitForStatus(harness, name, 'ACTIVE');
  // 5 × 100 KB records, 0.2 MB (209,715 bytes) per invocation → 2 + 2 + 1.
  await harness.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: Array.from({ length: 5 }, () => ({ Data: Buffer.alloc(100_000, 97) })) }));
  await harness.service.flush(name);
  const ids = (await listObjects(harness, bucket)).flatMap((object) => object.body.toString().trim().split('\n'));
  const perInvocation = [...new Set(ids)].map((id) => ids.filter((other) => other === id).length);
  t.deepEqual(perInvocation, [2, 2, 1]);
});

test('createDeliveryStream refuses a Lambda BufferSizeInMBs outside 0.2–3', async (t) => {
  const harness = await startHarness(t);
  const error = await t.throwsAsync(harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: uniqueName('x'),
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE, BucketARN: bucketArn('b'),
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: 'arn:aws:lambda:us-east-1:000000000000:function:f' }, { ParameterName: 'BufferSizeInMBs', ParameterValue: '4' }] }] },
    },
  })));
  t.is(error?.name, 'InvalidArgumentException');
});
