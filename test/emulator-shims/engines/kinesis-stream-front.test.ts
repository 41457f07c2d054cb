import test from 'ava';
import {
  CreateStreamCommand, DescribeLimitsCommand, DescribeStreamCommand, DescribeStreamSummaryCommand, KinesisClient,
  ListTagsForStreamCommand, UpdateStreamModeCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createKinesisEngine } from '../../../emulator-shims/engines/index.js';

async function startKinesis(t: { teardown(fn: () => unknown): void }) {
  const engine = createKinesisEngine({ streamTransitionMs: 10 });
  const server = createServer((request, response) => void engine.handle(request, response, { scope: { accountId: '000000000000', region: 'us-east-1' } }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  const client = new KinesisClient({
    endpoint: `http://127.0.0.1:${address.port}`, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler(), maxAttempts: 1,
  });
  t.teardown(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
    await engine.close();
  });
  return client;
}

async function activeSummary(client: KinesisClient, name: string) {
  for (;;) {
    const { StreamDescriptionSummary: summary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (summary?.StreamStatus === 'ACTIVE') return summary;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const uniqueStream = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

test('tags given to CreateStream are listed, while creating and once ACTIVE', async (t) => {
  const client = await startKinesis(t);
  const name = uniqueStream('tagged');
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1, Tags: { 'hosepipe:pipeline': 'weblogs', team: 'logs' } }));
  const expected = [{ Key: 'hosepipe:pipeline', Value: 'weblogs' }, { Key: 'team', Value: 'logs' }];
  const sorted = (tags: { Key?: string }[] | undefined) => [...(tags ?? [])].sort((a, b) => String(a.Key).localeCompare(String(b.Key)));
  t.deepEqual(sorted((await client.send(new ListTagsForStreamCommand({ StreamName: name }))).Tags), expected);
  await activeSummary(client, name);
  // Past the engine's create timer, the tags are the stream's own.
  await new Promise((resolve) => setTimeout(resolve, 100));
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
