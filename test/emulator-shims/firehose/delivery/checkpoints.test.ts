import test from 'ava';
import { CreateDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { bucketArn, createBucket, createKinesisStream, listObjects, ROLE, startBackends, startFirehose, uniqueName, waitForStatus } from '../harness.js';

const put = (send: (command: PutRecordsCommand) => Promise<unknown>, streamName: string, lines: string[]) =>
  send(new PutRecordsCommand({ StreamName: streamName, Records: lines.map((line, index) => ({ Data: Buffer.from(line), PartitionKey: `k${index}` })) }));

test('a restarted service resumes each shard after its checkpoint: nothing is lost and nothing written is re-read', async (t) => {
  const backends = await startBackends(t);
  const bucket = await createBucket(backends);
  const streamArn = await createKinesisStream(backends, 2);
  const streamName = streamArn.split('/')[1] as string;
  const name = uniqueName('resume');
  const first = await startFirehose(t, backends);
  await first.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'KinesisStreamAsSource',
    KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn, RoleARN: ROLE },
    ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: bucketArn(bucket), Prefix: 'out/' },
  }));
  await waitForStatus(first, name, 'ACTIVE');
  const send = (command: PutRecordsCommand) => backends.kinesis.send(command);
  await put(send, streamName, ['a1', 'a2', 'a3', 'a4']);
  t.like(await first.service.flush(name), { recordsDelivered: 4 });
  await first.close();

  // Written while no Firehose runs: must be delivered after the restart, once.
  await put(send, streamName, ['b1', 'b2']);
  const second = await startFirehose(t, backends);
  t.like(await second.service.flush(name), { recordsDelivered: 2 });
  const bodies = (await listObjects(backends, bucket)).map((object) => object.body.toString());
  t.is(bodies.join('').length, 'a1a2a3a4b1b2'.length);
  for (const record of ['a1', 'a2', 'a3', 'a4', 'b1', 'b2']) t.is(bodies.join('').split(record).length - 1, 1, record);
});

test('a service stopped before any record arrived still delivers records written after the stream was created', async (t) => {
  const backends = await startBackends(t);
  const bucket = await createBucket(backends);
  const streamArn = await createKinesisStream(backends, 1);
  const streamName = streamArn.split('/')[1] as string;
  await put((command) => backends.kinesis.send(command), streamName, ['old']);
  const name = uniqueName('fresh');
  const first = await startFirehose(t, backends);
  await first.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'KinesisStreamAsSource',
    KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn, RoleARN: ROLE },
    ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: bucketArn(bucket) },
  }));
  await first.close();
  await put((command) => backends.kinesis.send(command), streamName, ['new']);
  const second = await startFirehose(t, backends);
  await waitForStatus(second, name, 'ACTIVE');
  await second.service.flush(name);
  t.deepEqual((await listObjects(backends, bucket)).map((object) => object.body.toString()), ['new']);
});
