import test from 'ava';
import { GetRecordsCommand, GetShardIteratorCommand, PutRecordsCommand, SplitShardCommand } from '@aws-sdk/client-kinesis';
import { createActiveStream, entries, startKinesis, texts, waitUntilActive } from './helpers.js';

interface RecordsAnswer { NextShardIterator?: string; MillisBehindLatest: number; Records: { Data: string; PartitionKey: string; SequenceNumber: string; ApproximateArrivalTimestamp: number }[] }

test('GetRecords answers records with their partition keys, sequence numbers and arrival times as JSON, and a next iterator that continues after them', async (t) => {
  const { client, raw } = await startKinesis(t);
  const [shard] = await createActiveStream(client, 'same-answers', 1);
  const before = Date.now();
  const put = await client.send(new PutRecordsCommand({ StreamName: 'same-answers', Records: [...entries('one', 30), { Data: Buffer.from('quote " and \\ and é'), PartitionKey: 'key "quoted" é' }] }));
  const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: 'same-answers', ShardId: shard!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!;
  const first = await raw('GetRecords', { ShardIterator: iterator, Limit: 20 });
  t.is(first.status, 200);
  const answer = first.body as unknown as RecordsAnswer;
  t.is(answer.Records.length, 20);
  t.deepEqual(answer.Records.map((record) => record.SequenceNumber), put.Records!.slice(0, 20).map((record) => record.SequenceNumber));
  t.deepEqual(answer.Records.map((record) => record.PartitionKey), entries('one', 20).map((entry) => entry.PartitionKey));
  t.is(Buffer.from(answer.Records[0]!.Data, 'base64').toString(), 'one-0');
  t.true(answer.Records.every((record) => record.ApproximateArrivalTimestamp * 1000 >= before - 1000 && record.ApproximateArrivalTimestamp * 1000 <= Date.now() + 1000), 'arrival times are epoch seconds');
  t.is(answer.MillisBehindLatest >= 0, true);
  const next = (await raw('GetRecords', { ShardIterator: answer.NextShardIterator })).body as unknown as RecordsAnswer;
  t.is(next.Records.length, 11);
  t.is(next.MillisBehindLatest, 0);
  t.is(next.Records.at(-1)!.PartitionKey, 'key "quoted" é');
  t.is(Buffer.from(next.Records.at(-1)!.Data, 'base64').toString(), 'quote " and \\ and é');
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

test('a malformed iterator and a bad Limit get Kinesis\'s errors', async (t) => {
  const { client, raw } = await startKinesis(t);
  const [shard] = await createActiveStream(client, 'errors', 1);
  const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: 'errors', ShardId: shard!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!;
  const cases: [unknown, string, string][] = [
    [{ ShardIterator: 'AAAAAAAAAAE=' }, 'InvalidArgumentException', 'Invalid ShardIterator.'],
    [{ ShardIterator: `${iterator.slice(0, -8)}AAAAAAA=` }, 'InvalidArgumentException', 'Invalid ShardIterator.'],
    [{ ShardIterator: iterator, Limit: 0 }, 'ValidationException', "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"],
    [{ ShardIterator: iterator, Limit: 10_001 }, 'ValidationException', "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000"],
    [{}, 'ValidationException', "1 validation error detected: Value null at 'shardIterator' failed to satisfy constraint: Member must not be null"],
  ];
  for (const [body, type, message] of cases) {
    const answer = await raw('GetRecords', body);
    t.is(answer.status, 400, JSON.stringify(body));
    t.is(answer.body.__type, type);
    t.is(answer.body.message, message);
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
