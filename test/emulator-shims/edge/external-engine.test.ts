import test from 'ava';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { forwardedRequest, virtualHostBucket } from '../../../emulator-shims/edge/external-engine.js';
import { freePort } from '../../../stack/index.js';
import { startEndpointProcess } from './endpoint-process-helper.js';
import { clientConfig, startEdge, uniqueName } from './helpers.js';

test('a request is forwarded with the engine\'s Host and without hop-by-hop headers', (t) => {
  const { path, headers } = forwardedRequest(
    { url: '/bucket/key?x=1', headers: { host: '127.0.0.1:4566', connection: 'keep-alive', authorization: 'AWS4-HMAC-SHA256 Credential=a/20260101/us-east-1/s3/aws4_request', 'content-length': '3' } },
    'localstack:4566',
    true,
  );
  t.is(path, '/bucket/key?x=1');
  t.deepEqual(headers, { host: 'localstack:4566', authorization: 'AWS4-HMAC-SHA256 Credential=a/20260101/us-east-1/s3/aws4_request', 'content-length': '3' });
});

test('a virtual-hosted S3 request on the local endpoint is forwarded path-style', (t) => {
  t.is(forwardedRequest({ url: '/key', headers: { host: 'logs.localhost:4566' } }, 'localstack:4566', true).path, '/logs/key');
  t.is(forwardedRequest({ url: '/', headers: { host: 'logs.localhost:4566' } }, 'localstack:4566', false).path, '/');
  t.is(virtualHostBucket('127.0.0.1:4566'), undefined);
  t.is(virtualHostBucket('localhost'), undefined);
  t.is(virtualHostBucket('My.Logs.localhost'), 'my.logs');
  t.is(virtualHostBucket('logs.localhost.localstack.cloud:4566'), 'logs');
  t.is(virtualHostBucket('localhost.localstack.cloud:4566'), undefined);
});

test('Kinesis and S3 calls to the edge are answered by the external engines that engines names, and nothing is stored locally', async (t) => {
  const external = await startEndpointProcess(t);
  const frontState = mkdtempSync(join(tmpdir(), 'hosepipe-front-'));
  const front = await startEdge(t, { stateDir: frontState, engines: { kinesis: external.url, s3: external.url } });
  const stream = uniqueName('ext');
  const bucket = uniqueName('ext').toLowerCase();

  const kinesis = new KinesisClient(clientConfig(front));
  await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
  const direct = new KinesisClient({ ...clientConfig(front), endpoint: external.url });
  const summary = await direct.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
  t.is(summary.StreamDescriptionSummary?.StreamName, stream);

  const s3 = new S3Client(clientConfig(front, { forcePathStyle: true }));
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a/b.txt', Body: 'through the edge' }));
  const fromExternal = await new S3Client({ ...clientConfig(front, { forcePathStyle: true }), endpoint: external.url }).send(new GetObjectCommand({ Bucket: bucket, Key: 'a/b.txt' }));
  t.is(await fromExternal.Body?.transformToString(), 'through the edge');

  const health = (await (await fetch(`${front.url}/_hosepipe/health`)).json()) as { external?: Record<string, string> };
  t.deepEqual(health.external, { kinesis: external.url, s3: external.url });
  t.true(existsSync(join(external.stateDir, 's3', bucket)));
  t.false(existsSync(join(frontState, 's3')));
  kinesis.destroy();
  direct.destroy();
  s3.destroy();
});

test('an external engine that cannot be reached is answered with an AWS-shaped 503 naming the setting, and the edge keeps serving', async (t) => {
  const port = await freePort();
  const front = await startEdge(t, { engines: { kinesis: `http://127.0.0.1:${port}` } });
  const response = await fetch(front.url, {
    method: 'POST',
    headers: {
      'x-amz-target': 'Kinesis_20131202.ListStreams',
      'content-type': 'application/x-amz-json-1.1',
      authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=x',
    },
    body: '{}',
  });
  t.is(response.status, 503);
  const body = (await response.json()) as { __type: string; message: string };
  t.is(body.__type, 'ServiceUnavailable');
  t.regex(body.message, /could not reach the external kinesis engine at http:\/\/127\.0\.0\.1:\d+ \(engines\.kinesis\.url\)/);
  t.is((await fetch(`${front.url}/_hosepipe/health`)).status, 200);
});

test('without engines, the edge keeps Kinesis and S3 itself', async (t) => {
  const front = await startEdge(t);
  const health = (await (await fetch(`${front.url}/_hosepipe/health`)).json()) as { external?: unknown; services: Record<string, string> };
  t.is(health.external, undefined);
  t.is(health.services.s3, 'running');
});
