import test from 'ava';
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { createActiveStream, entries, startKinesis, texts, uniqueStream } from './helpers.js';
import { eventually } from '../../fixtures/eventually.js';

test('an iterator unused for more than 5 minutes is ExpiredIteratorException; a fresh one reads on', async (t) => {
  let now = Date.parse('2026-03-01T10:00:00Z');
  const { client } = await startKinesis(t, { now: () => now });
  const [shard] = await createActiveStream(client, 'expiry', 1);
  await client.send(new PutRecordsCommand({ StreamName: 'expiry', Records: entries('r', 3) }));
  const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: 'expiry', ShardId: shard!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
  now += 300_000;
  const first = await client.send(new GetRecordsCommand({ ShardIterator, Limit: 1 }));
  t.deepEqual(texts(first.Records), ['r-0']);
  now += 300_001;
  const error = await t.throwsAsync(client.send(new GetRecordsCommand({ ShardIterator: first.NextShardIterator })));
  t.is(error?.name, 'ExpiredIteratorException');
  t.is(error?.message, 'Iterator expired. The iterator was created at time Sun Mar 01 10:05:00 UTC 2026 while right now it is Sun Mar 01 10:10:00 UTC 2026 which is further in the future than the tolerated delay of 300000 milliseconds.');
});

test('AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER start at and after a record; a number of another shard or stream is refused', async (t) => {
  const { client, raw } = await startKinesis(t);
  const shards = await createActiveStream(client, 'positions', 2);
  const put = await client.send(new PutRecordsCommand({ StreamName: 'positions', Records: entries('p', 20) }));
  const onFirst = put.Records!.map((record, index) => ({ ...record, index })).filter((record) => record.ShardId === shards[0]!.ShardId);
  const at = await client.send(new GetShardIteratorCommand({ StreamName: 'positions', ShardId: shards[0]!.ShardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: onFirst[1]!.SequenceNumber }));
  t.is(texts((await client.send(new GetRecordsCommand({ ShardIterator: at.ShardIterator }))).Records)[0], `p-${onFirst[1]!.index}`);
  const after = await client.send(new GetShardIteratorCommand({ StreamName: 'positions', ShardId: shards[0]!.ShardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: onFirst[1]!.SequenceNumber }));
  t.is(texts((await client.send(new GetRecordsCommand({ ShardIterator: after.ShardIterator }))).Records)[0], `p-${onFirst[2]!.index}`);

  const wrongShard = await raw('GetShardIterator', { StreamName: 'positions', ShardId: shards[1]!.ShardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: onFirst[0]!.SequenceNumber });
  t.is(wrongShard.body.__type, 'InvalidArgumentException');
  t.is(wrongShard.body.message, `Invalid StartingSequenceNumber. It encodes ${shards[0]!.ShardId}, while it was used in a call to a shard with ${shards[1]!.ShardId}`);
  await createActiveStream(client, 'other', 2);
  const wrongStream = await raw('GetShardIterator', { StreamName: 'other', ShardId: shards[0]!.ShardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: onFirst[0]!.SequenceNumber });
  t.is(wrongStream.body.__type, 'InvalidArgumentException');
  t.regex(String(wrongStream.body.message), /is invalid because it did not come from this stream\.$/);
  const notOurs = await raw('GetShardIterator', { StreamName: 'positions', ShardId: shards[0]!.ShardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: '12345' });
  t.regex(String(notOurs.body.message), /^StartingSequenceNumber 12345 used in GetShardIterator on shard shardId-000000000000 in stream positions under account 000000000000 is invalid\.$/);
  const both = await raw('GetShardIterator', { StreamName: 'positions', ShardId: shards[0]!.ShardId, ShardIteratorType: 'LATEST', StartingSequenceNumber: onFirst[0]!.SequenceNumber });
  t.regex(String(both.body.message), /Request specified LATEST and also a StartingSequenceNumber\.$/);
  const unknownShard = await raw('GetShardIterator', { StreamName: 'positions', ShardId: 'shardId-000000000009', ShardIteratorType: 'LATEST' });
  t.is(unknownShard.body.__type, 'ResourceNotFoundException');
  t.is(unknownShard.body.message, 'Shard shardId-000000000009 in stream positions under account 000000000000 does not exist');
});

test('an iterator is refused when used from another region, and after its stream was deleted and created again', async (t) => {
  const kinesis = await startKinesis(t);
  const name = uniqueStream('gone');
  const [shard] = await createActiveStream(kinesis.client, name, 1);
  const { ShardIterator } = await kinesis.client.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shard!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
  const elsewhere = await kinesis.raw('GetRecords', { ShardIterator }, { region: 'eu-west-1' });
  t.is(elsewhere.body.__type, 'InvalidArgumentException');
  t.is(elsewhere.body.message, 'Invalid ShardIterator.');
  await kinesis.raw('DeleteStream', { StreamName: name });
  await eventually(`stream ${name} is gone`, async () => (await kinesis.raw('DescribeStreamSummary', { StreamName: name })).status !== 200);
  await kinesis.client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  const stale = await kinesis.raw('GetRecords', { ShardIterator });
  t.is(stale.body.__type, 'ResourceNotFoundException');
});
