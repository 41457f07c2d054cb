import test from 'ava';
import {
  CreateDeliveryStreamCommand, DeleteDeliveryStreamCommand, DescribeDeliveryStreamCommand, ListDeliveryStreamsCommand,
  ListTagsForDeliveryStreamCommand, PutRecordBatchCommand, PutRecordCommand, StartDeliveryStreamEncryptionCommand,
  StopDeliveryStreamEncryptionCommand, TagDeliveryStreamCommand, UntagDeliveryStreamCommand, UpdateDestinationCommand,
} from '@aws-sdk/client-firehose';
import { bucketArn, createKinesisStream, ROLE, startHarness, uniqueName, waitForStatus, type Harness } from '../harness.js';
import { eventually } from '../../../fixtures/eventually.js';

const s3 = { RoleARN: ROLE, BucketARN: bucketArn('b') };

async function createActive(harness: Harness, name: string, extra: Record<string, unknown> = {}): Promise<void> {
  await harness.firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, ExtendedS3DestinationConfiguration: s3, ...extra }));
  await waitForStatus(harness, name, 'ACTIVE');
}

test('listDeliveryStreams returns names in alphabetical order and pages after ExclusiveStartDeliveryStreamName', async (t) => {
  const harness = await startHarness(t);
  for (const name of ['c-stream', 'a-stream', 'b-stream']) {
    await harness.firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, ExtendedS3DestinationConfiguration: s3 }));
  }
  const first = await harness.firehose.send(new ListDeliveryStreamsCommand({ Limit: 2 }));
  t.deepEqual(first, { ...first, DeliveryStreamNames: ['a-stream', 'b-stream'], HasMoreDeliveryStreams: true });
  const second = await harness.firehose.send(new ListDeliveryStreamsCommand({ Limit: 2, ExclusiveStartDeliveryStreamName: 'b-stream' }));
  t.deepEqual(second.DeliveryStreamNames, ['c-stream']);
  t.false(second.HasMoreDeliveryStreams);
  const kinesisOnly = await harness.firehose.send(new ListDeliveryStreamsCommand({ DeliveryStreamType: 'KinesisStreamAsSource' }));
  t.deepEqual(kinesisOnly.DeliveryStreamNames, []);
});

test('deleteDeliveryStream moves the stream to DELETING, then Describe answers ResourceNotFoundException with AWS wording', async (t) => {
  const harness = await startHarness(t, { deleteDelayMs: 300 });
  const name = uniqueName('del');
  await createActive(harness, name);
  await harness.firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: name }));
  const during = await harness.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
  t.is(during.DeliveryStreamDescription?.DeliveryStreamStatus, 'DELETING');
  await waitForStatus(harness, name, 'GONE');
  const error = await t.throwsAsync(harness.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name })));
  t.is(error?.name, 'ResourceNotFoundException');
  t.is(error?.message, `Firehose ${name} under account 000000000000 not found.`);
});

test('deleteDeliveryStream refuses a stream that is still CREATING with ResourceInUseException', async (t) => {
  const harness = await startHarness(t, { createDelayMs: 2_000 });
  const name = uniqueName('creating');
  await harness.firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, ExtendedS3DestinationConfiguration: s3 }));
  const error = await t.throwsAsync(harness.firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: name })));
  t.is(error?.name, 'ResourceInUseException');
});

test('updateDestination checks the version, merges the update and bumps VersionId', async (t) => {
  const harness = await startHarness(t);
  const name = uniqueName('upd');
  await createActive(harness, name, { ExtendedS3DestinationConfiguration: { ...s3, CompressionFormat: 'GZIP', Prefix: 'p/' } });
  const stale = await t.throwsAsync(harness.firehose.send(new UpdateDestinationCommand({
    DeliveryStreamName: name, CurrentDeliveryStreamVersionId: '7', DestinationId: 'destinationId-000000000001', ExtendedS3DestinationUpdate: { Prefix: 'q/' },
  })));
  t.is(stale?.name, 'ConcurrentModificationException');
  await harness.firehose.send(new UpdateDestinationCommand({
    DeliveryStreamName: name, CurrentDeliveryStreamVersionId: '1', DestinationId: 'destinationId-000000000001',
    ExtendedS3DestinationUpdate: { Prefix: 'q/', BufferingHints: { SizeInMBs: 10, IntervalInSeconds: 60 } },
  }));
  const { DeliveryStreamDescription: description } = await harness.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
  t.is(description?.VersionId, '2');
  t.true(description?.LastUpdateTimestamp instanceof Date);
  t.like(description?.Destinations?.[0]?.ExtendedS3DestinationDescription, { Prefix: 'q/', CompressionFormat: 'GZIP', BufferingHints: { SizeInMBs: 10, IntervalInSeconds: 60 } });
});

test('updateDestination refuses to turn S3 backup off once it is on', async (t) => {
  const harness = await startHarness(t);
  const name = uniqueName('backup');
  await createActive(harness, name, { ExtendedS3DestinationConfiguration: { ...s3, S3BackupMode: 'Enabled', S3BackupConfiguration: s3 } });
  const error = await t.throwsAsync(harness.firehose.send(new UpdateDestinationCommand({
    DeliveryStreamName: name, CurrentDeliveryStreamVersionId: '1', DestinationId: 'destinationId-000000000001', ExtendedS3DestinationUpdate: { S3BackupMode: 'Disabled' },
  })));
  t.is(error?.name, 'InvalidArgumentException');
});

test('tags are added, replaced, listed with paging and removed', async (t) => {
  const harness = await startHarness(t);
  const name = uniqueName('tags');
  await createActive(harness, name, { Tags: [{ Key: 'team', Value: 'logs' }] });
  await harness.firehose.send(new TagDeliveryStreamCommand({ DeliveryStreamName: name, Tags: [{ Key: 'team', Value: 'data' }, { Key: 'env', Value: 'dev' }] }));
  const page = await harness.firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: name, Limit: 1 }));
  t.deepEqual(page.Tags, [{ Key: 'team', Value: 'data' }]);
  t.true(page.HasMoreTags);
  await harness.firehose.send(new UntagDeliveryStreamCommand({ DeliveryStreamName: name, TagKeys: ['team', 'unknown'] }));
  const rest = await harness.firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: name }));
  t.deepEqual(rest.Tags, [{ Key: 'env', Value: 'dev' }]);
  t.false(rest.HasMoreTags);
  const reserved = await t.throwsAsync(harness.firehose.send(new TagDeliveryStreamCommand({ DeliveryStreamName: name, Tags: [{ Key: 'aws:x', Value: 'y' }] })));
  t.is(reserved?.name, 'ValidationException');
});

test('putRecord on a Kinesis-sourced stream is refused with InvalidArgumentException', async (t) => {
  const harness = await startHarness(t);
  const streamArn = await createKinesisStream(harness, 1);
  const name = uniqueName('ks');
  await createActive(harness, name, { DeliveryStreamType: 'KinesisStreamAsSource', KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn, RoleARN: ROLE } });
  const error = await t.throwsAsync(harness.firehose.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from('x') } })));
  t.is(error?.name, 'InvalidArgumentException');
  t.is(error?.message, 'This operation is not permitted on KinesisStreamAsSource delivery stream type.');
  const { DeliveryStreamDescription: description } = await harness.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
  t.is(description?.Source?.KinesisStreamSourceDescription?.KinesisStreamARN, streamArn);
  t.true(description?.Source?.KinesisStreamSourceDescription?.DeliveryStartTimestamp instanceof Date);
});

test('putRecordBatch answers one RecordId per record and enforces 500 records, 1,000 KiB per record and 4 MiB per call', async (t) => {
  const harness = await startHarness(t);
  const name = uniqueName('batch');
  await createActive(harness, name);
  const answer = await harness.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.from('a') }, { Data: Buffer.from('b') }] }));
  t.is(answer.FailedPutCount, 0);
  t.is(answer.RequestResponses?.length, 2);
  t.is(new Set(answer.RequestResponses?.map((entry) => entry.RecordId)).size, 2);
  const tooMany = await t.throwsAsync(harness.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: Array.from({ length: 501 }, () => ({ Data: Buffer.from('x') })) })));
  t.is(tooMany?.name, 'ValidationException');
  const tooBig = await t.throwsAsync(harness.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.alloc(1_024_001) }] })));
  t.is(tooBig?.name, 'ValidationException');
  const tooMuch = await t.throwsAsync(harness.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: Array.from({ length: 5 }, () => ({ Data: Buffer.alloc(1_000_000) })) })));
  t.is(tooMuch?.name, 'InvalidArgumentException');
});

test('putRecord on a stream that is still CREATING is refused', async (t) => {
  const harness = await startHarness(t, { createDelayMs: 2_000 });
  const name = uniqueName('early');
  await harness.firehose.send(new CreateDeliveryStreamCommand({ DeliveryStreamName: name, ExtendedS3DestinationConfiguration: s3 }));
  const error = await t.throwsAsync(harness.firehose.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from('x') } })));
  t.is(error?.name, 'ResourceNotFoundException');
});

async function waitForEncryption(harness: Harness, name: string, status: string): Promise<Record<string, unknown> | undefined> {
  let encryption: Record<string, unknown> | undefined;
  await eventually(`encryption of ${name} is ${status}`, async () => {
    encryption = (await harness.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription?.DeliveryStreamEncryptionConfiguration as Record<string, unknown> | undefined;
    return encryption?.Status === status;
  });
  return encryption;
}

test('start and stop encryption go through ENABLING/ENABLED and DISABLING/DISABLED, and puts report Encrypted', async (t) => {
  const harness = await startHarness(t, { createDelayMs: 400 });
  const name = uniqueName('sse');
  await createActive(harness, name);
  await harness.firehose.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' } }));
  const enabling = await harness.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
  t.is(enabling.DeliveryStreamDescription?.DeliveryStreamEncryptionConfiguration?.Status, 'ENABLING');
  t.deepEqual(await waitForEncryption(harness, name, 'ENABLED'), { Status: 'ENABLED', KeyType: 'AWS_OWNED_CMK' });
  const put = await harness.firehose.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from('x') } }));
  t.true(put.Encrypted);
  await harness.firehose.send(new StopDeliveryStreamEncryptionCommand({ DeliveryStreamName: name }));
  t.deepEqual(await waitForEncryption(harness, name, 'DISABLED'), { Status: 'DISABLED' });
});

test('an unknown flush target is ResourceNotFoundException', async (t) => {
  const harness = await startHarness(t);
  const error = await t.throwsAsync(harness.service.flush('nope'));
  t.is((error as { code?: string }).code, 'ResourceNotFoundException');
});
