import test from 'ava';
import {
  CreateStreamCommand, DescribeLimitsCommand, DescribeStreamCommand, DescribeStreamSummaryCommand, type KinesisClient,
  ListTagsForStreamCommand, UpdateStreamModeCommand,
} from '@aws-sdk/client-kinesis';
import { startKinesis as startService, uniqueStream } from './helpers.js';

const startKinesis = async (t: { teardown(fn: () => unknown): void }) => (await startService(t)).client;

async function activeSummary(client: KinesisClient, name: string) {
  for (;;) {
    const { StreamDescriptionSummary: summary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (summary?.StreamStatus === 'ACTIVE') return summary;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('tags given to CreateStream are listed, while creating and once ACTIVE', async (t) => {
  const client = await startKinesis(t);
  const name = uniqueStream('tagged');
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1, Tags: { 'hosepipe:pipeline': 'weblogs', team: 'logs' } }));
  const expected = [{ Key: 'hosepipe:pipeline', Value: 'weblogs' }, { Key: 'team', Value: 'logs' }];
  const sorted = (tags: { Key?: string }[] | undefined) => [...(tags ?? [])].sort((a, b) => String(a.Key).localeCompare(String(b.Key)));
  t.deepEqual(sorted((await client.send(new ListTagsForStreamCommand({ StreamName: name }))).Tags), expected);
  await activeSummary(client, name);
  t.deepEqual(sorted((await client.send(new ListTagsForStreamCommand({ StreamName: name }))).Tags), expected);
});

test('descriptions carry StreamModeDetails: PROVISIONED by default, ON_DEMAND with 4 shards when asked', async (t) => {
  const client = await startKinesis(t);
  const provisioned = uniqueStream('provisioned');
  await client.send(new CreateStreamCommand({ StreamName: provisioned, ShardCount: 2 }));
  t.deepEqual((await activeSummary(client, provisioned)).StreamModeDetails, { StreamMode: 'PROVISIONED' });
  const onDemand = uniqueStream('ondemand');
  await client.send(new CreateStreamCommand({ StreamName: onDemand, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
  const summary = await activeSummary(client, onDemand);
  t.deepEqual(summary.StreamModeDetails, { StreamMode: 'ON_DEMAND' });
  t.is(summary.OpenShardCount, 4);
  const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamName: onDemand }));
  t.deepEqual(StreamDescription?.StreamModeDetails, { StreamMode: 'ON_DEMAND' });
});

test('describeLimits counts open shards and on-demand streams', async (t) => {
  const client = await startKinesis(t);
  const name = uniqueStream('limits');
  await client.send(new CreateStreamCommand({ StreamName: name, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
  await activeSummary(client, name);
  t.deepEqual({ ...(await client.send(new DescribeLimitsCommand({}))), $metadata: undefined }, {
    $metadata: undefined, ShardLimit: 100, OpenShardCount: 4, OnDemandStreamCount: 1, OnDemandStreamCountLimit: 50,
  });
});

test('updateStreamMode switches the mode a description reports; an unknown stream is ResourceNotFoundException', async (t) => {
  const client = await startKinesis(t);
  const name = uniqueStream('switch');
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  const { StreamARN } = await activeSummary(client, name);
  await client.send(new UpdateStreamModeCommand({ StreamARN, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
  t.deepEqual((await activeSummary(client, name)).StreamModeDetails, { StreamMode: 'ON_DEMAND' });
  const unknown = String(StreamARN).replace(name, uniqueStream('unknown'));
  await t.throwsAsync(client.send(new UpdateStreamModeCommand({ StreamARN: unknown, StreamModeDetails: { StreamMode: 'PROVISIONED' } })), { name: 'ResourceNotFoundException' });
});
