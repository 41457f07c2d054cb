import test from 'ava';
import {
  CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordCommand, PutRecordsCommand,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import type { Clock } from '../../../emulator-shims/shared/index.js';
import { clientConfig, startEdge, uniqueName } from './helpers.js';
import { eventually } from '../../fixtures/eventually.js';

/** A clock that only moves when the test moves it, so quota buckets never refill behind the test's back. */
function frozenClock(start = Date.parse('2030-01-01T00:00:00Z')): Clock {
  let now = start;
  const listeners = new Set<() => void>();
  return {
    now: () => now,
    set(epochMs) { now = epochMs; listeners.forEach((listener) => listener()); },
    advance(ms) { now += ms; listeners.forEach((listener) => listener()); },
    onChange(listener) { listeners.add(listener); return () => listeners.delete(listener); },
  };
}

async function quotaStream(t: Parameters<typeof startEdge>[0], shards = 1) {
  const clock = frozenClock();
  const edge = await startEdge(t, { kinesisQuotas: true, clock });
  const kinesis = new KinesisClient(clientConfig(edge, { maxAttempts: 1 }));
  const stream = uniqueName('quota');
  await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: shards }));
  await eventually(`stream ${stream} ACTIVE`, async () => (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary?.StreamStatus === 'ACTIVE', { everyMs: 20 });
  return { clock, edge, kinesis, stream };
}

const entries = (from: number, count: number): PutRecordsRequestEntry[] =>
  Array.from({ length: count }, (_, i) => ({ PartitionKey: `k${from + i}`, Data: Buffer.from(`record ${from + i}`) }));

test('with quotas on, a 2,000-record burst at one shard is throttled per record like Kinesis', async (t) => {
  const { kinesis, stream } = await quotaStream(t);
  const answers = [];
  for (let call = 0; call < 4; call++) answers.push(await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: entries(call * 500, 500) })));
  t.deepEqual(answers.map((answer) => answer.FailedRecordCount), [0, 0, 500, 500]);
  const failed = answers[2]?.Records?.[0];
  t.is(failed?.ErrorCode, 'ProvisionedThroughputExceededException');
  t.is(failed?.ErrorMessage, `Rate exceeded for shard shardId-000000000000 in stream ${stream} under account 000000000000.`);
  t.is(failed?.SequenceNumber, undefined);
  const error = await t.throwsAsync(kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'one', Data: Buffer.from('x') })));
  t.is(error?.name, 'ProvisionedThroughputExceededException');
});

test('retrying only the failed entries as the clock moves delivers every record exactly once', async (t) => {
  const { clock, kinesis, stream } = await quotaStream(t);
  let pending = entries(0, 2000);
  let rounds = 0;
  while (pending.length > 0 && rounds < 20) {
    const batch = pending.slice(0, 500);
    const answer = await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: batch }));
    const retry = batch.filter((_, index) => answer.Records?.[index]?.ErrorCode !== undefined);
    pending = [...retry, ...pending.slice(500)];
    if (retry.length > 0) {
      // Backoff, as the agent does: here the quota clock moves instead of the wall clock.
      clock.advance(1000);
      rounds++;
    }
  }
  t.is(pending.length, 0);
  t.true(rounds > 0, 'the burst was throttled at least once');
  const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
  const seen: string[] = [];
  let iterator = ShardIterator;
  while (iterator && seen.length < 2000) {
    const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
    seen.push(...(page.Records ?? []).map((record) => Buffer.from(record.Data ?? []).toString()));
    iterator = page.NextShardIterator;
    clock.advance(1000);
    if ((page.Records ?? []).length === 0) break;
  }
  t.is(seen.length, 2000);
  t.is(new Set(seen).size, 2000);
});

test('with quotas on, the sixth GetRecords within a second on a shard is refused whole', async (t) => {
  const { clock, kinesis, stream } = await quotaStream(t);
  await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'a', Data: Buffer.from('x') }));
  const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
  let iterator = ShardIterator;
  for (let call = 0; call < 5; call++) iterator = (await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }))).NextShardIterator;
  const error = await t.throwsAsync(kinesis.send(new GetRecordsCommand({ ShardIterator: iterator })));
  t.is(error?.name, 'ProvisionedThroughputExceededException');
  t.is(error?.message, `Rate exceeded for Shard - 000000000000/${stream}/shardId-000000000000`);
  clock.advance(1000);
  t.truthy(await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator })));
});

test('quotas are off by default', async (t) => {
  const edge = await startEdge(t);
  const kinesis = new KinesisClient(clientConfig(edge, { maxAttempts: 1 }));
  const stream = uniqueName('free');
  await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
  await eventually(`stream ${stream} ACTIVE`, async () => (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary?.StreamStatus === 'ACTIVE', { everyMs: 20 });
  const failed = [];
  for (let call = 0; call < 4; call++) failed.push((await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: entries(call * 500, 500) }))).FailedRecordCount);
  t.deepEqual(failed, [0, 0, 0, 0]);
});

test('each shard has its own allowance: 2,000 records spread over 4 shards all pass', async (t) => {
  const { kinesis, stream } = await quotaStream(t, 4);
  const failed = [];
  for (let call = 0; call < 4; call++) failed.push((await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: entries(call * 500, 500) }))).FailedRecordCount);
  t.deepEqual(failed, [0, 0, 0, 0]);
});
