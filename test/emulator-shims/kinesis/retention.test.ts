import test from 'ava';
import { DecreaseStreamRetentionPeriodCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, IncreaseStreamRetentionPeriodCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActiveStream, entries, startKinesis, texts } from './helpers.js';

const HOUR = 3_600_000;

test('records older than the retention period are gone: not read from TRIM_HORIZON, and not from an iterator issued before', async (t) => {
  let now = Date.parse('2026-03-01T00:00:00Z');
  const { client } = await startKinesis(t, { now: () => now });
  const [shard] = await createActiveStream(client, 'kept', 1);
  const trimHorizon = async () => (await client.send(new GetShardIteratorCommand({ StreamName: 'kept', ShardId: shard!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  await client.send(new PutRecordsCommand({ StreamName: 'kept', Records: entries('old', 3) }));
  now += 24 * HOUR - 60_000;
  await client.send(new PutRecordsCommand({ StreamName: 'kept', Records: entries('new', 2) }));
  const early = await trimHorizon();
  now += 120_000;
  t.deepEqual(texts((await client.send(new GetRecordsCommand({ ShardIterator: early }))).Records), ['new-0', 'new-1']);
  t.deepEqual(texts((await client.send(new GetRecordsCommand({ ShardIterator: await trimHorizon() }))).Records), ['new-0', 'new-1']);
  t.is((await client.send(new DescribeStreamSummaryCommand({ StreamName: 'kept' }))).StreamDescriptionSummary?.RetentionPeriodHours, 24);
});

test('a longer retention period keeps records longer; a period out of range or the wrong way is InvalidArgumentException', async (t) => {
  let now = Date.parse('2026-03-01T00:00:00Z');
  const { client, raw } = await startKinesis(t, { now: () => now });
  const [shard] = await createActiveStream(client, 'longer', 1);
  await client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: 'longer', RetentionPeriodHours: 48 }));
  await client.send(new PutRecordsCommand({ StreamName: 'longer', Records: entries('r', 2) }));
  now += 30 * HOUR;
  const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: 'longer', ShardId: shard!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  t.deepEqual(texts((await client.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records), ['r-0', 'r-1']);
  const shorter = await raw('IncreaseStreamRetentionPeriod', { StreamName: 'longer', RetentionPeriodHours: 30 });
  t.is(shorter.body.message, 'Requested retention period (30 hours) for stream longer can not be shorter than existing retention period (48 hours). Use DecreaseRetentionPeriod API.');
  const tooShort = await raw('DecreaseStreamRetentionPeriod', { StreamName: 'longer', RetentionPeriodHours: 12 });
  t.is(tooShort.body.message, 'Minimum allowed retention period is 24 hours. Requested retention period (12 hours) is too short.');
  const tooLong = await raw('IncreaseStreamRetentionPeriod', { StreamName: 'longer', RetentionPeriodHours: 8761 });
  t.is(tooLong.body.__type, 'InvalidArgumentException');
  await client.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: 'longer', RetentionPeriodHours: 24 }));
  const after = (await client.send(new GetShardIteratorCommand({ StreamName: 'longer', ShardId: shard!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  t.deepEqual(texts((await client.send(new GetRecordsCommand({ ShardIterator: after }))).Records), [], 'records past the shorter period are gone at once');
});

test('segment files wholly past retention are deleted from the state folder; the newest one stays', async (t) => {
  let now = Date.parse('2026-03-01T00:00:00Z');
  const directory = mkdtempSync(join(tmpdir(), 'hosepipe-kinesis-retention-'));
  const kinesis = await startKinesis(t, { now: () => now, directory });
  await createActiveStream(kinesis.client, 'disk', 1);
  // The fifth put finds the first segment past 16 MiB and starts a new one.
  const big = Array.from({ length: 5 }, (_, index) => ({ Data: Buffer.alloc(900 * 1024, index), PartitionKey: 'k' }));
  for (let call = 0; call < 5; call += 1) await kinesis.client.send(new PutRecordsCommand({ StreamName: 'disk', Records: big }));
  const folder = join(directory, '000000000000', 'us-east-1', 'disk');
  const segments = () => readdirSync(folder).filter((name) => name.endsWith('.log'));
  t.is(segments().length, 2);
  now += 25 * HOUR;
  await kinesis.client.send(new PutRecordsCommand({ StreamName: 'disk', Records: entries('fresh', 1) }));
  kinesis.service.store.sweep();
  t.is(segments().length, 1);
});
