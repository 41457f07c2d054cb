import test from 'ava';
import { GetRecordsCommand, GetShardIteratorCommand, PutRecordsCommand, SplitShardCommand } from '@aws-sdk/client-kinesis';
import { createActiveStream, startKinesis, waitUntilActive } from './kinesis-helpers.js';

const entries = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => ({ Data: Buffer.from(`${prefix}-${index}`), PartitionKey: `${prefix}-${index}` }));
const texts = (records: { Data?: Uint8Array }[] | undefined) => (records ?? []).map((record) => Buffer.from(record.Data!).toString());

interface RecordsAnswer { NextShardIterator?: string; MillisBehindLatest: number; Records: { Data: string; PartitionKey: string; SequenceNumber: string; ApproximateArrivalTimestamp: number }[] }

test('GetRecords answers the records, partition keys, sequence numbers and arrival times kinesalite answers, and a next iterator that continues the same way', async (t) => {
  const { client, raw, bare } = await startKinesis(t);
  const [shard] = await createActiveStream(client, 'same-answers', 1);
  await client.send(new PutRecordsCommand({ StreamName: 'same-answers', Records: [...entries('one', 30), { Data: Buffer.from('quote " and \\ and é'), PartitionKey: 'key "quoted" é' }] }));
  const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: 'same-answers', ShardId: shard!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!;
  const fast = await raw('GetRecords', { ShardIterator: iterator, Limit: 20 });
  const reference = await bare('GetRecords', { ShardIterator: iterator, Limit: 20 });
  t.is(fast.status, 200);
  t.deepEqual((fast.body as unknown as RecordsAnswer).Records, (reference.body as unknown as RecordsAnswer).Records);
  t.is((fast.body as unknown as RecordsAnswer).MillisBehindLatest, 0);
  const fastNext = await raw('GetRecords', { ShardIterator: (fast.body as unknown as RecordsAnswer).NextShardIterator });
  const referenceNext = await bare('GetRecords', { ShardIterator: (reference.body as unknown as RecordsAnswer).NextShardIterator });
  t.deepEqual((fastNext.body as unknown as RecordsAnswer).Records, (referenceNext.body as unknown as RecordsAnswer).Records);
  t.is((fastNext.body as unknown as RecordsAnswer).Records.length, 11);
  t.is(Buffer.from((fastNext.body as unknown as RecordsAnswer).Records.at(-1)!.Data, 'base64').toString(), 'quote " and \\ and é');
});

test('an iterator read at the tip returns nothing, then the records put after it', async (t) => {
  const { client } = await startKinesis(t);
  const [shard] = await createActiveStream(client, 'tip', 1);
  const latest = (await client.send(new GetShardIteratorCommand({ StreamName: 'tip', ShardId: shard!.ShardId, ShardIteratorType: 'LATEST' }))).ShardIterator;
  const empty = await client.send(new GetRecordsCommand({ ShardIterator: latest }));
  t.deepEqual(empty.Records, []);
  t.truthy(empty.NextShardIterator);
  await client.send(new PutRecordsCommand({ StreamName: 'tip', Records: entries('later', 3) }));
  const later = await client.send(new GetRecordsCommand({ ShardIterator: empty.NextShardIterator }));
  t.deepEqual(texts(later.Records), ['later-0', 'later-1', 'later-2']);
});

test('a malformed iterator and a bad Limit get kinesalite\'s errors', async (t) => {
  const { client, raw, bare } = await startKinesis(t);
  const [shard] = await createActiveStream(client, 'errors', 1);
  const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: 'errors', ShardId: shard!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!;
  for (const body of [{ ShardIterator: 'AAAAAAAAAAE=' }, { ShardIterator: `${iterator.slice(0, -8)}AAAAAAA=` }, { ShardIterator: iterator, Limit: 0 }, { ShardIterator: iterator, Limit: 10_001 }, {}]) {
    const answer = await raw('GetRecords', body);
    const reference = await bare('GetRecords', body);
    t.not(answer.status, 200, JSON.stringify(body));
    t.is(answer.status, reference.status);
    t.deepEqual(answer.body, reference.body);
  }
});

test('a shard closed by SplitShard is read to its end, and then has no next iterator', async (t) => {
  const { client } = await startKinesis(t);
  const [shard] = await createActiveStream(client, 'split', 1);
  await client.send(new PutRecordsCommand({ StreamName: 'split', Records: entries('before', 4) }));
  const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: 'split', ShardId: shard!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  await client.send(new SplitShardCommand({ StreamName: 'split', ShardToSplit: shard!.ShardId, NewStartingHashKey: '170141183460469231731687303715884105728' }));
  t.is((await waitUntilActive(client, 'split')).length, 3);
  let answer = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
  const read = texts(answer.Records);
  for (let calls = 0; answer.NextShardIterator && calls < 10; calls += 1) {
    answer = await client.send(new GetRecordsCommand({ ShardIterator: answer.NextShardIterator }));
    read.push(...texts(answer.Records));
  }
  t.deepEqual(read, ['before-0', 'before-1', 'before-2', 'before-3']);
  t.is(answer.NextShardIterator, undefined);
});
