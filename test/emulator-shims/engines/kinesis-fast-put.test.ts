import test from 'ava';
import {
  CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand,
  PutRecordCommand, PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createServer } from 'node:http';
import { callKinesalite } from '../../../emulator-shims/engines/kinesalite-call.js';
import { createKinesisEngine } from '../../../emulator-shims/engines/index.js';

async function startKinesis(t: { teardown(fn: () => unknown): void }) {
  const engine = createKinesisEngine({ streamTransitionMs: 10 });
  const server = createServer((request, response) => void engine.handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const client = new KinesisClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler(), maxAttempts: 1 });
  t.teardown(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
    await engine.close();
  });
  /** A raw JSON call through the engine's front, and the same call to bare kinesalite, for comparing answers. */
  const raw = async (operation: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Kinesis_20131202.${operation}`, 'x-amz-date': '20260101T000000Z',
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=abc', ...headers,
      },
    });
    return { status: response.status, body: await response.json() as Record<string, unknown> };
  };
  const bare = (operation: string, body: unknown) => callKinesalite(engine.engineListener, operation, body);
  return { client, raw, bare };
}

async function createActiveStream(client: KinesisClient, name: string, shards: number) {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  while ((await client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary?.StreamStatus !== 'ACTIVE') {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return (await client.send(new ListShardsCommand({ StreamName: name }))).Shards!;
}

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
