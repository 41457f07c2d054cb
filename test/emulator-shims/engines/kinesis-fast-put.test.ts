import test from 'ava';
import { GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { createActiveStream, startKinesis } from './kinesis-helpers.js';

const text = (data: Uint8Array | undefined) => Buffer.from(data!).toString();

test('PutRecords, PutRecord and PutRecords again read back in the order they were put, with rising sequence numbers', async (t) => {
  const { client } = await startKinesis(t);
  const [shard] = await createActiveStream(client, 'mixed', 1);
  await client.send(new PutRecordsCommand({ StreamName: 'mixed', Records: [{ Data: Buffer.from('a'), PartitionKey: 'k1' }, { Data: Buffer.from('b'), PartitionKey: 'k2' }] }));
  await client.send(new PutRecordCommand({ StreamName: 'mixed', Data: Buffer.from('c'), PartitionKey: 'k3' }));
  const last = await client.send(new PutRecordsCommand({ StreamName: 'mixed', Records: [{ Data: Buffer.from('d'), PartitionKey: 'k4' }] }));
  t.is(last.FailedRecordCount, 0);
  t.is(last.Records![0]!.ShardId, shard!.ShardId);
  const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: 'mixed', ShardId: shard!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  const { Records: records } = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
  t.deepEqual(records!.map((record) => text(record.Data)), ['a', 'b', 'c', 'd']);
  const sequences = records!.map((record) => BigInt(record.SequenceNumber!));
  t.true(sequences.every((sequence, index) => index === 0 || sequence > sequences[index - 1]!));
  t.is(records!.at(-1)!.SequenceNumber, last.Records![0]!.SequenceNumber);
});

test('each record goes to the shard whose hash-key range holds the MD5 of its partition key, as kinesalite places it', async (t) => {
  const { client, bare } = await startKinesis(t);
  await createActiveStream(client, 'spread', 4);
  const records = Array.from({ length: 200 }, (_, index) => ({ Data: Buffer.from(`r${index}`).toString('base64'), PartitionKey: `key-${index}` }));
  const fast = await client.send(new PutRecordsCommand({ StreamName: 'spread', Records: records.map((record) => ({ Data: Buffer.from(record.Data, 'base64'), PartitionKey: record.PartitionKey })) }));
  const reference = await bare('PutRecords', { StreamName: 'spread', Records: records });
  t.is(reference.status, 200);
  t.deepEqual(fast.Records!.map((record) => record.ShardId), (reference.body.Records as { ShardId: string }[]).map((record) => record.ShardId));
  t.true(new Set(fast.Records!.map((record) => record.ShardId)).size > 1);
});

test('requests the fast path does not take get kinesalite\'s own answers: unknown stream, invalid entries, ExplicitHashKey, no credentials', async (t) => {
  const { client, raw, bare } = await startKinesis(t);
  const shards = await createActiveStream(client, 'answers', 2);
  for (const body of [
    { StreamName: 'no-such-stream', Records: [{ Data: 'YQ==', PartitionKey: 'k' }] },
    { StreamName: 'answers', Records: [{ Data: 'YQ==', PartitionKey: '' }] },
    { StreamName: 'answers', Records: [] },
    { StreamName: 'answers', Records: [{ Data: 'not base64!', PartitionKey: 'k' }] },
    { StreamName: 'bad name!', Records: [{ Data: 'YQ==', PartitionKey: 'k' }] },
  ]) {
    const answer = await raw('PutRecords', body);
    const reference = await bare('PutRecords', body);
    t.is(answer.status, reference.status, JSON.stringify(body));
    t.deepEqual(answer.body, reference.body, JSON.stringify(body));
    t.not(answer.status, 200);
  }
  const upper = shards[1]!;
  const explicit = await raw('PutRecords', { StreamName: 'answers', Records: [{ Data: 'YQ==', PartitionKey: 'k', ExplicitHashKey: upper.HashKeyRange!.StartingHashKey }] });
  t.is(explicit.status, 200);
  t.is((explicit.body.Records as { ShardId: string }[])[0]!.ShardId, upper.ShardId!);
  const unsigned = await raw('PutRecords', { StreamName: 'answers', Records: [{ Data: 'YQ==', PartitionKey: 'k' }] }, { authorization: '' });
  t.is(unsigned.status, 400);
  t.is(unsigned.body.__type, 'MissingAuthenticationTokenException');
});
