import test from 'ava';
import { DeleteStreamCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordsCommand, type KinesisClient, type _Record } from '@aws-sdk/client-kinesis';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KinesisService } from '../../../emulator-shims/kinesis/index.js';
import { createActiveStream, startKinesis } from './helpers.js';
import { eventually } from '../../fixtures/eventually.js';

// With a state folder, a shard keeps only an index of its records and the bytes of its most recent puts
// (`tailBytes`) in memory; older records are read back from its log files. Readers see no difference.

const HOUR = 3_600_000;

/** Puts `calls` batches of three records of growing size, one clock tick apart; the put answers' entries. */
async function putBatches(client: KinesisClient, stream: string, calls: number, tick: () => void): Promise<{ data: string; key: string; sequence: string }[]> {
  const put: { data: string; key: string; sequence: string }[] = [];
  for (let call = 0; call < calls; call += 1) {
    const records = Array.from({ length: 3 }, (_, index) => ({ data: `${call}-${index}-${'é'.repeat(call * 7 + index)}`, key: `key ${call} ü ${index}` }));
    const answer = await client.send(new PutRecordsCommand({ StreamName: stream, Records: records.map((record) => ({ Data: Buffer.from(record.data), PartitionKey: record.key })) }));
    records.forEach((record, index) => put.push({ ...record, sequence: answer.Records![index]!.SequenceNumber! }));
    tick();
  }
  return put;
}

/** Every record from TRIM_HORIZON, `limit` at a time. */
async function readAll(client: KinesisClient, stream: string, shardId: string, limit?: number): Promise<_Record[]> {
  let iterator = (await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  const records: _Record[] = [];
  for (;;) {
    const answer = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
    records.push(...answer.Records!);
    if (answer.Records!.length === 0) return records;
    iterator = answer.NextShardIterator;
  }
}

const summary = (records: _Record[]) => records.map((record) => ({
  data: Buffer.from(record.Data!).toString(), key: record.PartitionKey, sequence: record.SequenceNumber, arrival: record.ApproximateArrivalTimestamp?.getTime(),
}));

const shardOf = (service: KinesisService, stream: string) => service.store.find({ accountId: '000000000000', region: 'us-east-1' }, stream)!.shards[0]!;

test('with a state folder, records past the in-memory tail are read back from the log exactly as a store without one serves them', async (t) => {
  let now = Date.parse('2026-03-01T00:00:00Z');
  const tick = () => { now += 1_000; };
  const directory = mkdtempSync(join(tmpdir(), 'hosepipe-kinesis-tail-'));
  const onDisk = await startKinesis(t, { now: () => now, directory, tailBytes: 200 });
  const inMemory = await startKinesis(t, { now: () => now });
  const [diskShard] = await createActiveStream(onDisk.client, 'tail', 1);
  const [memoryShard] = await createActiveStream(inMemory.client, 'tail', 1);
  const startedMs = now;
  const put = await putBatches(onDisk.client, 'tail', 12, tick);
  now = startedMs;
  await putBatches(inMemory.client, 'tail', 12, tick);
  const shard = shardOf(onDisk.service, 'tail');
  t.is(shard.size, 36);
  const all = shardOf(inMemory.service, 'tail').framesInMemory;
  t.true(shard.framesInMemory < all / 4, `only the newest put's frames stay in memory: ${shard.framesInMemory} of ${all} bytes (a store without a log keeps them all)`);

  const fromDisk = summary(await readAll(onDisk.client, 'tail', diskShard!.ShardId!));
  t.deepEqual(fromDisk.map(({ data, key, sequence }) => ({ data, key, sequence })), put);
  t.deepEqual(fromDisk, summary(await readAll(inMemory.client, 'tail', memoryShard!.ShardId!)), 'same records, keys, sequence numbers and arrival times');
  // Two at a time: reads that start on disk and end in memory, and reads wholly in memory.
  t.deepEqual(summary(await readAll(onDisk.client, 'tail', diskShard!.ShardId!, 2)), fromDisk);
  // AT_SEQUENCE_NUMBER into the part on disk, and what the reader is behind by.
  now += 5_000;
  const at = (await onDisk.client.send(new GetShardIteratorCommand({ StreamName: 'tail', ShardId: diskShard!.ShardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: put[4]!.sequence }))).ShardIterator;
  const answer = await onDisk.client.send(new GetRecordsCommand({ ShardIterator: at, Limit: 2 }));
  t.deepEqual(summary(answer.Records!).map((record) => record.data), [put[4]!.data, put[5]!.data]);
  t.is(answer.MillisBehindLatest, 12_000 + 5_000 - 2_000, 'behind by the age of the next record (the third put\'s) on the store clock');
});

test('after a restart the records are served from the log, new ones follow them, and retention drops both', async (t) => {
  let now = Date.parse('2026-03-01T00:00:00Z');
  const tick = () => { now += 1_000; };
  const directory = mkdtempSync(join(tmpdir(), 'hosepipe-kinesis-tail-'));
  const first = await startKinesis(t, { now: () => now, directory, tailBytes: 0 });
  const [shard] = await createActiveStream(first.client, 'restart', 1);
  const before = await putBatches(first.client, 'restart', 4, tick);
  await first.stop();

  const second = await startKinesis(t, { now: () => now, directory, tailBytes: 0 });
  t.is(shardOf(second.service, 'restart').framesInMemory, 0, 'a restart loads the index, not the records');
  t.deepEqual(summary(await readAll(second.client, 'restart', shard!.ShardId!)).map(({ data, key, sequence }) => ({ data, key, sequence })), before);
  const middle = now;
  const after = await putBatches(second.client, 'restart', 2, tick);
  t.deepEqual(summary(await readAll(second.client, 'restart', shard!.ShardId!, 5)).map(({ data, key, sequence }) => ({ data, key, sequence })), [...before, ...after]);
  const atTimestamp = (await second.client.send(new GetShardIteratorCommand({ StreamName: 'restart', ShardId: shard!.ShardId, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(middle) }))).ShardIterator;
  t.deepEqual(summary((await second.client.send(new GetRecordsCommand({ ShardIterator: atTimestamp }))).Records!).map((record) => record.data), after.map((record) => record.data));

  // The first four puts arrived a second apart from `middle - 4 s`; 24 h after `middle - 1.5 s` the first three are past retention.
  now = middle - 1_500 + 24 * HOUR;
  t.deepEqual(summary(await readAll(second.client, 'restart', shard!.ShardId!)).map((record) => record.data), [...before.slice(9), ...after].map((record) => record.data));
  now = middle + 10_000 + 24 * HOUR;
  t.deepEqual(await readAll(second.client, 'restart', shard!.ShardId!), []);
  t.is(shardOf(second.service, 'restart').size, 0);
});

test('without a state folder, records past retention leave memory', async (t) => {
  let now = Date.parse('2026-03-01T00:00:00Z');
  const kinesis = await startKinesis(t, { now: () => now });
  await createActiveStream(kinesis.client, 'memory', 1);
  await putBatches(kinesis.client, 'memory', 3, () => { now += 1_000; });
  const shard = shardOf(kinesis.service, 'memory');
  t.true(shard.framesInMemory > 0);
  now += 25 * HOUR;
  kinesis.service.store.sweep();
  t.is(shard.size, 0);
  t.is(shard.framesInMemory, 0);
});

test('without a state folder but with a scratch folder, records past the tail are spilled there and read back; nothing in it outlives the store', async (t) => {
  let now = Date.parse('2026-03-01T00:00:00Z');
  const scratchDirectory = join(mkdtempSync(join(tmpdir(), 'hosepipe-kinesis-scratch-')), 'scratch');
  mkdirSync(join(scratchDirectory, '000000000000', 'us-east-1', 'spill'), { recursive: true });
  writeFileSync(join(scratchDirectory, '000000000000', 'us-east-1', 'spill', 'shardId-000000000000.0000000000000001.log'), 'left by a crash');
  const kinesis = await startKinesis(t, { now: () => now, scratchDirectory, tailBytes: 0 });
  t.false(existsSync(join(scratchDirectory, '000000000000')), 'emptied at start: a crashed run\'s files are not read');
  const [shard] = await createActiveStream(kinesis.client, 'spill', 1);
  const put = await putBatches(kinesis.client, 'spill', 8, () => { now += 1_000; });
  const dataBytes = put.reduce((sum, record) => sum + Buffer.byteLength(record.data), 0);
  t.true(shardOf(kinesis.service, 'spill').framesInMemory < dataBytes / 2, 'only the newest put stays in memory');
  t.true(readdirSync(join(scratchDirectory, '000000000000', 'us-east-1', 'spill')).some((name) => name.endsWith('.log')));
  t.deepEqual(summary(await readAll(kinesis.client, 'spill', shard!.ShardId!, 4)).map(({ data, key, sequence }) => ({ data, key, sequence })), put);

  await kinesis.client.send(new DeleteStreamCommand({ StreamName: 'spill' }));
  await eventually('a deleted stream\'s files go with it', () => !existsSync(join(scratchDirectory, '000000000000', 'us-east-1', 'spill')));
  await createActiveStream(kinesis.client, 'kept', 1);
  await putBatches(kinesis.client, 'kept', 1, () => {});
  await kinesis.stop();
  t.false(existsSync(scratchDirectory), 'emptied at close');
});
