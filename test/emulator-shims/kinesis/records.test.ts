import test from 'ava';
import {
  DeleteStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, type KinesisClient, PutRecordCommand,
  PutRecordsCommand, type ShardIteratorType,
} from '@aws-sdk/client-kinesis';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActiveStream as createStream, startKinesis } from './helpers.js';

const createActiveStream = async (client: KinesisClient, name: string, shards: number) => (await createStream(client, name, shards)).map((shard) => shard.ShardId!);

/** Every record of a shard from `type`, in as many GetRecords calls of `limit` as it takes. */
async function readShard(client: KinesisClient, stream: string, shardId: string, limit: number, type: ShardIteratorType = 'TRIM_HORIZON', timestamp?: Date) {
  let iterator = (await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: type, ...(timestamp ? { Timestamp: timestamp } : {}) }))).ShardIterator;
  const records: { data: string; sequence: string }[] = [];
  let calls = 0;
  for (;;) {
    const answer = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
    calls += 1;
    const batch = answer.Records ?? [];
    if (batch.length > limit) throw new Error(`GetRecords answered ${batch.length} records for Limit ${limit}`);
    records.push(...batch.map((record) => ({ data: Buffer.from(record.Data!).toString(), sequence: record.SequenceNumber! })));
    iterator = answer.NextShardIterator;
    if (batch.length === 0) return { records, calls };
  }
}

const entries = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => ({ Data: Buffer.from(`${prefix}-${index}`), PartitionKey: `key-${index}` }));

test('records put across shards read back per shard in order, Limit at a time, each exactly once', async (t) => {
  const { client } = await startKinesis(t);
  const shards = await createActiveStream(client, 'ordered', 3);
  for (let call = 0; call < 4; call += 1) {
    const answer = await client.send(new PutRecordsCommand({ StreamName: 'ordered', Records: entries(`call${call}`, 250) }));
    t.is(answer.FailedRecordCount, 0);
  }
  let total = 0;
  for (const shardId of shards) {
    const { records, calls } = await readShard(client, 'ordered', shardId, 97);
    total += records.length;
    const sequences = records.map((record) => BigInt(record.sequence));
    t.deepEqual(sequences, [...sequences].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), `${shardId} in sequence order`);
    t.true(calls >= Math.ceil(records.length / 97), `${shardId}: ${records.length} records in ${calls} calls`);
  }
  t.is(total, 1000);
});

test('an iterator after a sequence number and one at a timestamp start where Kinesis starts them', async (t) => {
  const { client } = await startKinesis(t);
  const [shardId] = await createActiveStream(client, 'positions', 1);
  const early = await client.send(new PutRecordsCommand({ StreamName: 'positions', Records: entries('early', 5) }));
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const middle = new Date();
  await client.send(new PutRecordCommand({ StreamName: 'positions', Data: Buffer.from('late-0'), PartitionKey: 'late' }));
  const after = await readShard(client, 'positions', shardId!, 10, 'TRIM_HORIZON');
  t.deepEqual(after.records.map((record) => record.data), ['early-0', 'early-1', 'early-2', 'early-3', 'early-4', 'late-0']);

  let iterator = (await client.send(new GetShardIteratorCommand({ StreamName: 'positions', ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: early.Records![2]!.SequenceNumber }))).ShardIterator;
  const afterThird = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
  t.deepEqual(afterThird.Records!.map((record) => Buffer.from(record.Data!).toString()), ['early-3', 'early-4', 'late-0']);

  iterator = (await client.send(new GetShardIteratorCommand({ StreamName: 'positions', ShardId: shardId, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: middle }))).ShardIterator;
  const atTimestamp = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
  t.deepEqual(atTimestamp.Records!.map((record) => Buffer.from(record.Data!).toString()), ['late-0']);
});

test('a deleted stream created again under the same name starts empty', async (t) => {
  const { client } = await startKinesis(t);
  await createActiveStream(client, 'reused', 1);
  await client.send(new PutRecordsCommand({ StreamName: 'reused', Records: entries('old', 20) }));
  await client.send(new DeleteStreamCommand({ StreamName: 'reused' }));
  while (await client.send(new DescribeStreamSummaryCommand({ StreamName: 'reused' })).then(() => true, () => false)) await new Promise((resolve) => setTimeout(resolve, 10));
  const [shardId] = await createActiveStream(client, 'reused', 1);
  await client.send(new PutRecordsCommand({ StreamName: 'reused', Records: entries('new', 2) }));
  const { records } = await readShard(client, 'reused', shardId!, 100);
  t.deepEqual(records.map((record) => record.data), ['new-0', 'new-1']);
});

test('records in a state folder are there after the service restarts, and new ones follow them', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'hosepipe-kinesis-records-'));
  const first = await startKinesis(t, { directory: folder });
  const [shardId] = await createActiveStream(first.client, 'durable', 1);
  await first.client.send(new PutRecordsCommand({ StreamName: 'durable', Records: entries('before', 300) }));
  await first.stop();

  const second = await startKinesis(t, { directory: folder });
  await second.client.send(new PutRecordsCommand({ StreamName: 'durable', Records: entries('after', 3) }));
  const { records } = await readShard(second.client, 'durable', shardId!, 1000);
  t.is(records.length, 303);
  t.deepEqual(records.slice(0, 2).map((record) => record.data), ['before-0', 'before-1']);
  t.deepEqual(records.slice(-3).map((record) => record.data), ['after-0', 'after-1', 'after-2']);
});
