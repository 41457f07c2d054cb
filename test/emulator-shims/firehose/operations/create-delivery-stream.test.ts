import test from 'ava';
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseServiceException, PutRecordCommand } from '@aws-sdk/client-firehose';
import { bucketArn, ROLE, startHarness, uniqueName, waitForStatus } from '../harness.js';

test('with no create delay a delivery stream is ACTIVE when CreateDeliveryStream answers, so a put right after it is taken', async (t) => {
  const harness = await startHarness(t, { createDelayMs: 0 });
  const name = uniqueName('s');
  await harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'DirectPut',
    ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: bucketArn('b') },
  }));
  const [described, put] = await Promise.all([
    harness.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name })),
    harness.firehose.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from('x\n') } })),
  ]);
  t.is(described.DeliveryStreamDescription?.DeliveryStreamStatus, 'ACTIVE');
  t.truthy(put.RecordId);
});

test('createDeliveryStream answers CREATING at once, then Describe shows ACTIVE with AWS defaults filled in', async (t) => {
  const harness = await startHarness(t, { createDelayMs: 5_000 });
  const name = uniqueName('s');
  const created = await harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'DirectPut',
    ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: bucketArn('b') },
  }));
  t.is(created.DeliveryStreamARN, `arn:aws:firehose:us-east-1:000000000000:deliverystream/${name}`);
  const first = await harness.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
  t.is(first.DeliveryStreamDescription?.DeliveryStreamStatus, 'CREATING');
  await waitForStatus(harness, name, 'ACTIVE');
  const { DeliveryStreamDescription: description } = await harness.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
  t.like(description, {
    DeliveryStreamName: name, DeliveryStreamType: 'DirectPut', VersionId: '1', HasMoreDestinations: false,
    DeliveryStreamEncryptionConfiguration: { Status: 'DISABLED' },
  });
  t.true(description?.CreateTimestamp instanceof Date);
  const destination = description?.Destinations?.[0];
  t.is(destination?.DestinationId, 'destinationId-000000000001');
  t.deepEqual(destination?.ExtendedS3DestinationDescription, {
    RoleARN: ROLE, BucketARN: bucketArn('b'), Prefix: '',
    BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 }, CompressionFormat: 'UNCOMPRESSED',
    EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' }, CloudWatchLoggingOptions: { Enabled: false }, S3BackupMode: 'Disabled',
  });
  t.like(destination?.S3DestinationDescription, { RoleARN: ROLE, BucketARN: bucketArn('b'), CompressionFormat: 'UNCOMPRESSED' });
});

test('createDeliveryStream rejects a duplicate name with ResourceInUseException', async (t) => {
  const harness = await startHarness(t);
  const input = { DeliveryStreamName: uniqueName('dup'), ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: bucketArn('b') } };
  await harness.firehose.send(new CreateDeliveryStreamCommand(input));
  const error = await t.throwsAsync(harness.firehose.send(new CreateDeliveryStreamCommand(input)));
  t.is(error?.name, 'ResourceInUseException');
});

const rejects = test.macro({
  async exec(t, input: Record<string, unknown>, name: string, message: RegExp) {
    const harness = await startHarness(t);
    const error = await t.throwsAsync<FirehoseServiceException>(harness.firehose.send(new CreateDeliveryStreamCommand(input as never)));
    t.is(error?.name, name);
    t.regex(error?.message ?? '', message);
  },
  title: (provided = '') => `createDeliveryStream rejects ${provided}`,
});

const s3 = { RoleARN: ROLE, BucketARN: bucketArn('b') };
test('a name with a space, as ValidationException', rejects, { DeliveryStreamName: 'bad name', ExtendedS3DestinationConfiguration: s3 }, 'ValidationException',
  /^1 validation error detected: Value 'bad name' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern/);
test('a missing BucketARN, as ValidationException "Member must not be null"', rejects, { DeliveryStreamName: 'x', ExtendedS3DestinationConfiguration: { RoleARN: ROLE } }, 'ValidationException',
  /Value null at 'extendedS3DestinationConfiguration.bucketARN' failed to satisfy constraint: Member must not be null/);
test('SizeInMBs 0 and IntervalInSeconds 901 as two validation errors', rejects, { DeliveryStreamName: 'x', ExtendedS3DestinationConfiguration: { ...s3, BufferingHints: { SizeInMBs: 0, IntervalInSeconds: 901 } } }, 'ValidationException',
  /^2 validation errors detected: .*sizeInMBs.*greater than or equal to 1; .*intervalInSeconds.*less than or equal to 900/);
test('a lowercase compression format', rejects, { DeliveryStreamName: 'x', ExtendedS3DestinationConfiguration: { ...s3, CompressionFormat: 'gzip' } }, 'ValidationException', /Member must satisfy enum value set/);
test('two destination configurations', rejects, { DeliveryStreamName: 'x', ExtendedS3DestinationConfiguration: s3, S3DestinationConfiguration: s3 }, 'InvalidArgumentException',
  /^Exactly one destination configuration is supported for a Firehose$/);
test('a Prefix with expressions and no ErrorOutputPrefix (rule 4)', rejects, { DeliveryStreamName: 'x', ExtendedS3DestinationConfiguration: { ...s3, Prefix: '!{timestamp:yyyy/MM/dd}' } }, 'InvalidArgumentException',
  /^Ths supplied prefix\(es\) do not satisfy the following constraint: ErrorOutputPrefix cannot be null or empty when Prefix contains expressions$/);
test('a KinesisStreamAsSource stream without a source configuration', rejects, { DeliveryStreamName: 'x', DeliveryStreamType: 'KinesisStreamAsSource', ExtendedS3DestinationConfiguration: s3 }, 'InvalidArgumentException', /KinesisStreamSourceConfiguration is required/);
test('a FileExtension without a leading dot', rejects, { DeliveryStreamName: 'x', ExtendedS3DestinationConfiguration: { ...s3, FileExtension: 'json' } }, 'ValidationException', /fileExtension/);
