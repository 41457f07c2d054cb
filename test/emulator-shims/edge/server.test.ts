import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createEdgeServer, type EdgeServer } from '../../../emulator-shims/index.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

async function startEdge(t: { teardown(fn: () => Promise<void>): void }, options: { host?: string; allowedHosts?: string[] } = {}): Promise<EdgeServer> {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-edge-'));
  const edge = await createEdgeServer({ port: 0, stateDir, ...options });
  t.teardown(async () => {
    await edge.close();
    rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 });
  });
  return edge;
}

test('health reports every service in the LocalStack shape', async (t) => {
  const edge = await startEdge(t);
  const response = await fetch(`${edge.url}/_hosepipe/health`);
  const body = (await response.json()) as { services: Record<string, string> };
  t.is(response.status, 200);
  for (const service of ['firehose', 'kinesis', 'lambda', 'logs', 's3']) t.true(service in body.services, service);
  t.true(Object.values(body.services).every((status) => status === 'running'));
});

test('/_localstack/health answers the same body, so LocalStack wait scripts work', async (t) => {
  const edge = await startEdge(t);
  const hosepipe = (await (await fetch(`${edge.url}/_hosepipe/health`)).json()) as Record<string, unknown>;
  const response = await fetch(`${edge.url}/_localstack/health`);
  t.is(response.status, 200);
  const localstack = (await response.json()) as { services: Record<string, string>; edition: string; version: string };
  t.deepEqual(localstack, hosepipe);
  t.is(localstack.services.kinesis, 'running');
  t.is(typeof localstack.version, 'string');
});

test('the edge binds to 127.0.0.1 only', async (t) => {
  const edge = await startEdge(t);
  t.regex(edge.url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('a request without credentials is refused with MissingAuthenticationTokenException', async (t) => {
  const edge = await startEdge(t);
  const response = await fetch(edge.url, { method: 'POST', headers: { 'x-amz-target': 'Kinesis_20131202.ListStreams', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
  t.is(response.status, 403);
  t.is(((await response.json()) as { __type: string }).__type, 'MissingAuthenticationTokenException');
});

test('a service hosepipe does not emulate is answered with an error naming it', async (t) => {
  const edge = await startEdge(t);
  const response = await fetch(edge.url, {
    method: 'POST',
    headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x' },
    body: 'Action=ListQueues',
  });
  t.is(response.status, 501);
  t.regex(((await response.json()) as { message: string }).message, /'sqs'/);
});

test('Kinesis records put through the edge are read back by every shard iterator', async (t) => {
  const edge = await startEdge(t);
  const kinesis = new KinesisClient({ endpoint: edge.url, region: 'us-east-1', credentials, requestHandler: new NodeHttpHandler() });
  await kinesis.send(new CreateStreamCommand({ StreamName: 's1', ShardCount: 2 }));
  for (;;) {
    const summary = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 's1' }));
    if (summary.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (let i = 0; i < 10; i++) await kinesis.send(new PutRecordCommand({ StreamName: 's1', PartitionKey: `k${i}`, Data: Buffer.from(`line ${i}\n`) }));
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: 's1' }));
  const lines: string[] = [];
  for (const shard of Shards) {
    const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: 's1', ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
    const { Records = [] } = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
    lines.push(...Records.map((record) => Buffer.from(record.Data ?? []).toString()));
  }
  t.deepEqual(lines.sort(), Array.from({ length: 10 }, (_, i) => `line ${i}\n`).sort());
});

test('an S3 object uploaded as a stream with SDK v3 default checksums reads back without aws-chunked framing', async (t) => {
  const edge = await startEdge(t);
  const s3 = new S3Client({ endpoint: edge.url, region: 'us-east-1', credentials, forcePathStyle: true, requestHandler: new NodeHttpHandler() });
  await s3.send(new CreateBucketCommand({ Bucket: 'bucket-one' }));
  await s3.send(new PutObjectCommand({ Bucket: 'bucket-one', Key: 'k', Body: Readable.from([Buffer.from('abc'), Buffer.from('def')]), ContentLength: 6 }));
  const object = await s3.send(new GetObjectCommand({ Bucket: 'bucket-one', Key: 'k' }));
  t.is(await object.Body?.transformToString(), 'abcdef');
});

test('the clock can be set and advanced through the admin API', async (t) => {
  const edge = await startEdge(t);
  const set = await fetch(`${edge.url}/_hosepipe/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ set: '2030-01-01T00:00:00Z' }) });
  t.regex(((await set.json()) as { now: string }).now, /^2030-01-01T00:00:0/);
  const advanced = await fetch(`${edge.url}/_hosepipe/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 3_600_000 }) });
  t.regex(((await advanced.json()) as { now: string }).now, /^2030-01-01T01:00:0/);
  const bad = await fetch(`${edge.url}/_hosepipe/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: -1 }) });
  t.is(bad.status, 400);
  t.regex(((await bad.json()) as { message: string }).message, /advanceMs.*-1/);
});

test('flushing an unknown delivery stream answers 400 ResourceNotFoundException', async (t) => {
  const edge = await startEdge(t);
  const response = await fetch(`${edge.url}/_hosepipe/firehose/nope/flush`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  t.is(((await response.json()) as { error: string }).error, 'ResourceNotFoundException');
});

// 127.0.0.2 is loopback too, but only a server bound to every interface answers there.
test('the edge binds 127.0.0.1 unless host names every interface, as the compose endpoint does inside its container', async (t) => {
  const loopback = await startEdge(t);
  // 127.0.0.2 listed, so that the Host check lets the probe through.
  const everywhere = await startEdge(t, { host: '0.0.0.0', allowedHosts: ['127.0.0.2'] });
  t.regex(everywhere.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const at = (url: string) => `${url.replace('127.0.0.1', '127.0.0.2')}/_hosepipe/health`;
  await t.throwsAsync(fetch(at(loopback.url)));
  t.is((await fetch(at(everywhere.url))).status, 200);
});
