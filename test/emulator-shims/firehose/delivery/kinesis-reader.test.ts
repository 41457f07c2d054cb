import test from 'ava';
import { createHash } from 'node:crypto';
import { CreateDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { ListShardsCommand, PutRecordCommand, SplitShardCommand } from '@aws-sdk/client-kinesis';
import { bucketArn, createBucket, createFunction, createKinesisStream, listObjects, ROLE, startHarness, uniqueName, waitForStatus, type Harness } from '../harness.js';
import { KPL_MAGIC } from '../../../../emulator-shims/firehose/delivery/kpl.js';
import { eventually } from '../../../fixtures/eventually.js';

async function kinesisDeliveryStream(harness: Harness, streamArn: string, bucket: string, extra: Record<string, unknown> = {}): Promise<string> {
  const name = uniqueName('ks');
  await harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'KinesisStreamAsSource',
    KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn, RoleARN: ROLE },
    ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: bucketArn(bucket), ...extra },
  }));
  await waitForStatus(harness, name, 'ACTIVE');
  return name;
}

test('after a shard split the reader finishes the parent, then reads both children', async (t) => {
  const harness = await startHarness(t);
  const bucket = await createBucket(harness);
  const streamArn = await createKinesisStream(harness, 1);
  const streamName = streamArn.split('/')[1] as string;
  const name = await kinesisDeliveryStream(harness, streamArn, bucket, { BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } });
  await harness.kinesis.send(new PutRecordCommand({ StreamName: streamName, PartitionKey: 'p', Data: Buffer.from('parent;') }));
  await harness.kinesis.send(new SplitShardCommand({ StreamName: streamName, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '170141183460469231731687303715884105728' }));
  await eventually('the split makes three shards', async () => ((await harness.kinesis.send(new ListShardsCommand({ StreamName: streamName }))).Shards?.length ?? 0) === 3);
  // Keys chosen to land on each child (hash key below / above the split point).
  for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) await harness.kinesis.send(new PutRecordCommand({ StreamName: streamName, PartitionKey: key, Data: Buffer.from(`child-${key};`) }));
  const report = await harness.service.flush(name);
  // In write order: object keys name the second written, which parent and children may share.
  const bodies = new Map((await listObjects(harness, bucket)).map((object) => [`s3://${bucket}/${object.key}`, object.body.toString()]));
  const all = report.objects.map((object) => bodies.get(object) ?? '').join('');
  t.is(all.split(';').filter(Boolean).sort().join(','), 'child-a,child-b,child-c,child-d,child-e,child-f,parent');
  t.true(all.startsWith('parent;'), 'the parent shard is read before its children');
});

function aggregate(records: { key: string; data: string }[]): Buffer {
  const varint = (value: number): Buffer => {
    const bytes: number[] = [];
    let rest = value;
    while (rest >= 0x80) { bytes.push((rest & 0x7f) | 0x80); rest >>>= 7; }
    bytes.push(rest);
    return Buffer.from(bytes);
  };
  const field = (number: number, payload: Buffer): Buffer => Buffer.concat([varint((number << 3) | 2), varint(payload.length), payload]);
  const body = Buffer.concat([
    ...records.map((record) => field(1, Buffer.from(record.key))),
    ...records.map((record, index) => field(3, Buffer.concat([varint(1 << 3), varint(index), field(3, Buffer.from(record.data))]))),
  ]);
  return Buffer.concat([KPL_MAGIC, body, createHash('md5').update(body).digest()]);
}

test('KPL-aggregated records reach the Lambda de-aggregated, with kinesisRecordMetadata, numeric subsequence numbers and recordIds of the sequence number and the subsequence', async (t) => {
  const harness = await startHarness(t);
  const bucket = await createBucket(harness);
  const streamArn = await createKinesisStream(harness, 1);
  const streamName = streamArn.split('/')[1] as string;
  const lambdaArn = await createFunction(harness, 'export const handler = async (event) => ({ records: event.records.map((r) => ({ recordId: r.recordId, result: "Ok", data: Buffer.from(JSON.stringify({ source: event.sourceKinesisStreamArn, data: Buffer.from(r.data, "base64").toString(), meta: r.kinesisRecordMetadata, id: r.recordId }) + "\\n").toString("base64") })) });');
  const name = await kinesisDeliveryStream(harness, streamArn, bucket, {
    ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: lambdaArn }] }] },
  });
  const put = await harness.kinesis.send(new PutRecordCommand({ StreamName: streamName, PartitionKey: 'outer', Data: aggregate([{ key: 'k1', data: 'one' }, { key: 'k2', data: 'two' }]) }));
  await harness.service.flush(name);
  const [object] = await listObjects(harness, bucket);
  const seen = (object?.body.toString() ?? '').trim().split('\n').map((line) => JSON.parse(line));
  t.deepEqual(seen.map((entry) => [entry.data, entry.meta.partitionKey, entry.meta.subsequenceNumber]), [['one', 'k1', 0], ['two', 'k2', 1]]);
  for (const entry of seen) {
    t.is(entry.source, streamArn);
    t.like(entry.meta, { shardId: 'shardId-000000000000', sequenceNumber: put.SequenceNumber });
    t.is(typeof entry.meta.approximateArrivalTimestamp, 'number');
  }
  t.deepEqual(seen.map((entry) => entry.id), [`${put.SequenceNumber!.padStart(56, '0')}000000`, `${put.SequenceNumber!.padStart(56, '0')}001000`]);
});
