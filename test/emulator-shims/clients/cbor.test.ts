import test from 'ava';
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { clientConfig, startEdge, uniqueName } from '../edge/helpers.js';
import { encodeLikeJavaSdk, JavaDate, javaKinesisCall } from './java-cbor-client.js';
import { eventually } from '../../fixtures/eventually.js';

async function waitActive(endpoint: string, stream: string): Promise<void> {
  await eventually(`stream ${stream} is ACTIVE`, async () => ((await javaKinesisCall(endpoint, 'DescribeStreamSummary', { StreamName: stream })).body.StreamDescriptionSummary as { StreamStatus?: string } | undefined)?.StreamStatus === 'ACTIVE');
}

test('the test client encodes as Jackson does: indefinite map, byte-string blob, tag 1 over milliseconds', (t) => {
  const bytes = encodeLikeJavaSdk({ Data: Buffer.from([0xbf]), Timestamp: new JavaDate(1_787_036_486_712) });
  t.is(bytes[0], 0xbf);
  t.is(bytes.at(-1), 0xff);
  t.true(bytes.includes(Buffer.from([0x41, 0xbf])));
  t.true(bytes.includes(Buffer.from('c11b000001a013accc38', 'hex')));
});

test('a Java SDK CBOR client creates, describes, writes and reads a stream, blobs and timestamps intact', async (t) => {
  const edge = await startEdge(t);
  const stream = uniqueName('cbor');
  const created = await javaKinesisCall(edge.url, 'CreateStream', { StreamName: stream, ShardCount: 2 });
  t.is(created.status, 200);
  t.is(created.contentType, 'application/x-amz-cbor-1.1');
  await waitActive(edge.url, stream);

  const described = await javaKinesisCall(edge.url, 'DescribeStream', { StreamName: stream });
  const description = described.body.StreamDescription as { StreamCreationTimestamp: unknown; Shards: unknown[] };
  t.true(description.StreamCreationTimestamp instanceof JavaDate);
  t.true(Math.abs((description.StreamCreationTimestamp as JavaDate).epochMs - edge.clock.now()) < 3_600_000, 'creation time is epoch milliseconds');
  t.is(description.Shards.length, 2);

  const shards = (await javaKinesisCall(edge.url, 'ListShards', { StreamName: stream })).body.Shards as { ShardId: string }[];
  t.is(shards.length, 2);

  // Bytes that are not UTF-8 (0xbf, 0xff) must survive: they broke JSON-only local setups.
  const payloads = Array.from({ length: 20 }, (_, i) => Buffer.from([0xbf, 0xff, 0x00, i, ...Buffer.from(`line ${i}\n`)]));
  const single = await javaKinesisCall(edge.url, 'PutRecord', { StreamName: stream, PartitionKey: 'k-single', Data: payloads[0] });
  t.truthy(single.body.SequenceNumber);
  const batch = await javaKinesisCall(edge.url, 'PutRecords', { StreamName: stream, Records: payloads.slice(1).map((Data, i) => ({ Data, PartitionKey: `k${i}` })) });
  t.is(batch.body.FailedRecordCount, 0);
  t.is((batch.body.Records as unknown[]).length, 19);

  const read: Buffer[] = [];
  for (const shard of shards) {
    const iterator = await javaKinesisCall(edge.url, 'GetShardIterator', { StreamName: stream, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' });
    const records = await javaKinesisCall(edge.url, 'GetRecords', { ShardIterator: iterator.body.ShardIterator, Limit: 100 });
    for (const record of records.body.Records as { Data: unknown; ApproximateArrivalTimestamp: unknown }[]) {
      t.true(Buffer.isBuffer(record.Data), 'Data comes back as a CBOR byte string');
      t.true(record.ApproximateArrivalTimestamp instanceof JavaDate);
      t.true(Math.abs((record.ApproximateArrivalTimestamp as JavaDate).epochMs - Date.now()) < 3_600_000, 'arrival time is epoch milliseconds');
      read.push(record.Data as Buffer);
    }
  }
  t.deepEqual(read.map((data) => data.toString('hex')).sort(), payloads.map((data) => data.toString('hex')).sort());
});

test('an AT_TIMESTAMP iterator with a millisecond CBOR timestamp starts at the right record', async (t) => {
  const edge = await startEdge(t);
  const stream = uniqueName('cbor-ts');
  await javaKinesisCall(edge.url, 'CreateStream', { StreamName: stream, ShardCount: 1 });
  await waitActive(edge.url, stream);
  await javaKinesisCall(edge.url, 'PutRecord', { StreamName: stream, PartitionKey: 'a', Data: Buffer.from('before') });
  const before = await javaKinesisCall(edge.url, 'GetShardIterator', { StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
  const first = await javaKinesisCall(edge.url, 'GetRecords', { ShardIterator: before.body.ShardIterator });
  const firstArrival = ((first.body.Records as { ApproximateArrivalTimestamp: JavaDate }[])[0]?.ApproximateArrivalTimestamp)!.epochMs;
  // Wait on the data itself rather than the clock: the next record must arrive at a later millisecond.
  let secondArrival = firstArrival;
  for (let i = 0; secondArrival <= firstArrival && i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const put = await javaKinesisCall(edge.url, 'PutRecord', { StreamName: stream, PartitionKey: 'a', Data: Buffer.from(`after-${i}`) });
    const iterator = await javaKinesisCall(edge.url, 'GetShardIterator', { StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: put.body.SequenceNumber });
    const got = await javaKinesisCall(edge.url, 'GetRecords', { ShardIterator: iterator.body.ShardIterator });
    secondArrival = (got.body.Records as { ApproximateArrivalTimestamp: JavaDate }[])[0]!.ApproximateArrivalTimestamp.epochMs;
  }
  const iterator = await javaKinesisCall(edge.url, 'GetShardIterator', { StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new JavaDate(secondArrival) });
  t.is(iterator.status, 200, JSON.stringify(iterator.body));
  const records = await javaKinesisCall(edge.url, 'GetRecords', { ShardIterator: iterator.body.ShardIterator });
  const data = (records.body.Records as { Data: Buffer }[]).map((record) => record.Data.toString());
  t.false(data.includes('before'));
  t.true(data.length >= 1);
  t.regex(data[0] ?? '', /^after-/);
});

test('records written over CBOR read back over JSON and the other way round', async (t) => {
  const edge = await startEdge(t);
  const kinesis = new KinesisClient(clientConfig(edge));
  const stream = uniqueName('mixed');
  await javaKinesisCall(edge.url, 'CreateStream', { StreamName: stream, ShardCount: 1 });
  await waitActive(edge.url, stream);
  await javaKinesisCall(edge.url, 'PutRecord', { StreamName: stream, PartitionKey: 'a', Data: Buffer.from([1, 2, 0xbf]) });
  await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'a', Data: Buffer.from([3, 4, 0xff]) }));
  const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
  const json = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
  t.deepEqual(json.Records?.map((record) => Buffer.from(record.Data ?? []).toString('hex')), ['0102bf', '0304ff']);
  const iterator = await javaKinesisCall(edge.url, 'GetShardIterator', { StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
  const cbor = await javaKinesisCall(edge.url, 'GetRecords', { ShardIterator: iterator.body.ShardIterator });
  t.deepEqual((cbor.body.Records as { Data: Buffer }[]).map((record) => record.Data.toString('hex')), ['0102bf', '0304ff']);
});

test('a CBOR call on a missing stream gets ResourceNotFoundException in CBOR', async (t) => {
  const edge = await startEdge(t);
  const answer = await javaKinesisCall(edge.url, 'DescribeStreamSummary', { StreamName: 'absent' });
  t.is(answer.status, 400);
  t.is(answer.contentType, 'application/x-amz-cbor-1.1');
  t.is(answer.body.__type, 'ResourceNotFoundException');
  t.regex(String(answer.body.message), /absent/);
});
