import test from 'ava';
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, MergeShardsCommand, PutRecordsCommand, UpdateShardCountCommand } from '@aws-sdk/client-kinesis';
import { createActiveStream, entries, startKinesis, texts, waitUntilActive } from './helpers.js';

test('MergeShards closes both shards and makes one child of their union, with both as parents', async (t) => {
  const { client } = await startKinesis(t);
  const [first, second] = await createActiveStream(client, 'merge', 2);
  // Given in either order: adjacency is about the hash-key ranges.
  await client.send(new MergeShardsCommand({ StreamName: 'merge', ShardToMerge: second!.ShardId, AdjacentShardToMerge: first!.ShardId }));
  const shards = await waitUntilActive(client, 'merge');
  t.is(shards.length, 3);
  const child = shards[2]!;
  t.deepEqual([child.ParentShardId, child.AdjacentParentShardId], [second!.ShardId, first!.ShardId]);
  t.deepEqual(child.HashKeyRange, { StartingHashKey: '0', EndingHashKey: (2n ** 128n - 1n).toString() });
  t.truthy(shards[0]!.SequenceNumberRange?.EndingSequenceNumber);
  const put = await client.send(new PutRecordsCommand({ StreamName: 'merge', Records: entries('after', 5) }));
  t.true(put.Records!.every((record) => record.ShardId === child.ShardId));
});

test('MergeShards of shards that are not adjacent, or already closed, is InvalidArgumentException', async (t) => {
  const { client, raw } = await startKinesis(t);
  await createActiveStream(client, 'apart', 3);
  const apart = await raw('MergeShards', { StreamName: 'apart', ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000002' });
  t.is(apart.body.message, 'Shards shardId-000000000000 and shardId-000000000002 in stream apart under account 000000000000 are not an adjacent pair of shards eligible for merging');
  await client.send(new MergeShardsCommand({ StreamName: 'apart', ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000001' }));
  await waitUntilActive(client, 'apart');
  const closed = await raw('MergeShards', { StreamName: 'apart', ShardToMerge: 'shardId-000000000001', AdjacentShardToMerge: 'shardId-000000000002' });
  t.is(closed.body.__type, 'InvalidArgumentException');
  t.regex(String(closed.body.message), /has already been merged or split/);
  const missing = await raw('SplitShard', { StreamName: 'apart', ShardToSplit: 'shardId-000000000042', NewStartingHashKey: '5' });
  t.is(missing.body.message, 'Could not find shard shardId-000000000042 in stream apart under account 000000000000.');
});

test('UpdateShardCount closes the open shards and splits the hash-key space evenly into the target, each child naming the shards it continues', async (t) => {
  const { client } = await startKinesis(t);
  const before = await createActiveStream(client, 'scaled', 2);
  await client.send(new PutRecordsCommand({ StreamName: 'scaled', Records: entries('before', 10) }));
  const answer = await client.send(new UpdateShardCountCommand({ StreamName: 'scaled', TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' }));
  t.like(answer, { StreamName: 'scaled', CurrentShardCount: 2, TargetShardCount: 3, StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/scaled' });
  const shards = await waitUntilActive(client, 'scaled');
  const open = (await client.send(new ListShardsCommand({ StreamName: 'scaled', ShardFilter: { Type: 'AT_LATEST' } }))).Shards!;
  t.is(open.length, 3);
  t.is(shards.length, 5);
  t.is(open[0]!.HashKeyRange!.StartingHashKey, '0');
  t.is(open[2]!.HashKeyRange!.EndingHashKey, (2n ** 128n - 1n).toString());
  t.deepEqual(open.map((shard) => [shard.ParentShardId, shard.AdjacentParentShardId]), [[before[0]!.ShardId, undefined], [before[0]!.ShardId, before[1]!.ShardId], [before[1]!.ShardId, undefined]]);
  // The records put before stay readable in the closed parents.
  let read: string[] = [];
  for (const parent of before) {
    const iterator = (await client.send(new GetShardIteratorCommand({ StreamName: 'scaled', ShardId: parent.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    read = [...read, ...texts((await client.send(new GetRecordsCommand({ ShardIterator: iterator }))).Records)];
  }
  t.is(read.length, 10);
});

test('UpdateShardCount beyond double or below half the open shards, or past the shard limit, is refused', async (t) => {
  const { client, raw } = await startKinesis(t, { shardLimit: 5 });
  await createActiveStream(client, 'bounds', 2);
  const up = await raw('UpdateShardCount', { StreamName: 'bounds', TargetShardCount: 5, ScalingType: 'UNIFORM_SCALING' });
  t.is(up.body.__type, 'InvalidArgumentException');
  const down = await raw('UpdateShardCount', { StreamName: 'bounds', TargetShardCount: 0, ScalingType: 'UNIFORM_SCALING' });
  t.is(down.body.__type, 'ValidationException');
  const type = await raw('UpdateShardCount', { StreamName: 'bounds', TargetShardCount: 3, ScalingType: 'FAST' });
  t.regex(String(type.body.message), /Member must satisfy enum value set: \[UNIFORM_SCALING\]$/);
  await createActiveStream(client, 'more', 2);
  const limit = await raw('UpdateShardCount', { StreamName: 'bounds', TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' });
  t.is(limit.body.__type, 'LimitExceededException');
  t.regex(String(limit.body.message), /Current shard count for the account: 4\. Limit: 5\./);
});
