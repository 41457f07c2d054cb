import test from 'ava';
import { CreateStreamCommand, ListShardsCommand, ListStreamsCommand, SplitShardCommand, type Shard, type ShardFilter } from '@aws-sdk/client-kinesis';
import { createActiveStream, startKinesis, waitUntilActive } from './helpers.js';

test('ListShards pages with MaxResults and NextToken, and a NextToken with a StreamName is refused', async (t) => {
  const { client, raw } = await startKinesis(t);
  await createActiveStream(client, 'paged', 7);
  const seen: string[] = [];
  let page = await client.send(new ListShardsCommand({ StreamName: 'paged', MaxResults: 3 }));
  seen.push(...page.Shards!.map((shard) => shard.ShardId!));
  while (page.NextToken) {
    page = await client.send(new ListShardsCommand({ NextToken: page.NextToken, MaxResults: 3 }));
    seen.push(...page.Shards!.map((shard) => shard.ShardId!));
  }
  t.deepEqual(seen, Array.from({ length: 7 }, (_, index) => `shardId-${String(index).padStart(12, '0')}`));
  const first = await client.send(new ListShardsCommand({ StreamName: 'paged', MaxResults: 3 }));
  const both = await raw('ListShards', { StreamName: 'paged', NextToken: first.NextToken });
  t.is(both.body.message, 'NextToken and StreamName cannot be provided together.');
  const forged = await raw('ListShards', { NextToken: `${first.NextToken!.slice(0, -6)}AAAAAA` });
  t.is(forged.body.__type, 'InvalidArgumentException');
  const after = await client.send(new ListShardsCommand({ StreamName: 'paged', ExclusiveStartShardId: 'shardId-000000000004' }));
  t.deepEqual(after.Shards!.map((shard) => shard.ShardId), ['shardId-000000000005', 'shardId-000000000006']);
  const none = await raw('ListShards', {});
  t.is(none.body.message, 'Either NextToken or StreamName should be provided.');
});

test('a ListShards NextToken older than 300 seconds is ExpiredNextTokenException', async (t) => {
  let now = Date.parse('2026-03-01T00:00:00Z');
  const { client, raw } = await startKinesis(t, { now: () => now });
  await createActiveStream(client, 'stale', 3);
  const first = await client.send(new ListShardsCommand({ StreamName: 'stale', MaxResults: 1 }));
  now += 300_001;
  const expired = await raw('ListShards', { NextToken: first.NextToken });
  t.is(expired.body.__type, 'ExpiredNextTokenException');
});

test('ShardFilter picks the open shards, those after a shard, and those open at or from a time', async (t) => {
  let now = Date.parse('2026-03-01T00:00:00Z');
  const { client } = await startKinesis(t, { now: () => now });
  await createActiveStream(client, 'filtered', 2);
  const beforeSplit = new Date(now);
  now += 60_000;
  await client.send(new SplitShardCommand({ StreamName: 'filtered', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (2n ** 126n).toString() }));
  await waitUntilActive(client, 'filtered');
  now += 60_000;
  const ids = (shards: Shard[] | undefined) => (shards ?? []).map((shard) => shard.ShardId!.slice(-1));
  const list = async (filter: ShardFilter | undefined) => ids((await client.send(new ListShardsCommand({ StreamName: 'filtered', ShardFilter: filter }))).Shards);
  t.deepEqual(await list(undefined), ['0', '1', '2', '3']);
  t.deepEqual(await list({ Type: 'FROM_TRIM_HORIZON' }), ['0', '1', '2', '3']);
  t.deepEqual(await list({ Type: 'AT_LATEST' }), ['1', '2', '3']);
  t.deepEqual(await list({ Type: 'AT_TRIM_HORIZON' }), ['0', '1']);
  t.deepEqual(await list({ Type: 'AFTER_SHARD_ID', ShardId: 'shardId-000000000001' }), ['2', '3']);
  t.deepEqual(await list({ Type: 'AT_TIMESTAMP', Timestamp: beforeSplit }), ['0', '1']);
  t.deepEqual(await list({ Type: 'FROM_TIMESTAMP', Timestamp: new Date(now) }), ['1', '2', '3']);
});

test('ListStreams pages with Limit and NextToken and answers a summary of each stream', async (t) => {
  const { client } = await startKinesis(t);
  for (const name of ['c-stream', 'a-stream', 'b-stream']) await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  const first = await client.send(new ListStreamsCommand({ Limit: 2 }));
  t.deepEqual(first.StreamNames, ['a-stream', 'b-stream']);
  t.true(first.HasMoreStreams);
  t.like(first.StreamSummaries?.[0], { StreamName: 'a-stream', StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/a-stream', StreamModeDetails: { StreamMode: 'PROVISIONED' } });
  const second = await client.send(new ListStreamsCommand({ NextToken: first.NextToken }));
  t.deepEqual(second.StreamNames, ['c-stream']);
  t.false(second.HasMoreStreams);
  t.deepEqual((await client.send(new ListStreamsCommand({ ExclusiveStartStreamName: 'a-stream' }))).StreamNames, ['b-stream', 'c-stream']);
});
