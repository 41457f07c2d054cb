/** Real servers for Firehose integration tests: hosepipe's Kinesis and S3 stores, the Lambda shim and the Firehose server, all on port 0. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ExecutionContext } from 'ava';
import { strToU8, zipSync } from 'fflate';
import { createFirehoseServer, type FirehoseService } from '../../../emulator-shims/firehose/index.js';
import { createKinesisServer } from '../../../emulator-shims/kinesis/index.js';
import { createLambdaServer } from '../../../emulator-shims/lambda/index.js';
import { createS3Server } from '../../../emulator-shims/s3/index.js';
import { createClock, type Clock } from '../../../emulator-shims/shared/index.js';

export const SCOPE = { accountId: '000000000000', region: 'us-east-1' };
export const ROLE = 'arn:aws:iam::000000000000:role/firehose-role';

export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

export interface Backends {
  stateDir: string;
  kinesisUrl: string;
  s3Url: string;
  lambdaUrl: string;
  kinesis: KinesisClient;
  s3: S3Client;
  lambda: LambdaClient;
}

export interface Harness extends Backends {
  firehose: FirehoseClient;
  service: FirehoseService;
  clock: Clock;
  url: string;
  close(): Promise<void>;
}

export interface HarnessOptions { clock?: Clock; pollIntervalMs?: number; createDelayMs?: number; deleteDelayMs?: number }

const common = (endpoint: string) => ({ endpoint, region: SCOPE.region, requestHandler: new NodeHttpHandler(), maxAttempts: 1 });

/** The Kinesis and S3 stores and the Lambda shim, closed after the test. */
export async function startBackends(t: ExecutionContext): Promise<Backends> {
  const stateDir = await mkdtemp(join(tmpdir(), 'hosepipe-firehose-'));
  t.teardown(() => rm(stateDir, { recursive: true, force: true }));

  const kinesisServer = await createKinesisServer({ transitionMs: 0, scope: SCOPE });
  t.teardown(() => kinesisServer.close());
  const kinesisUrl = kinesisServer.url;

  const s3Server = await createS3Server({ stateDir, scope: SCOPE });
  t.teardown(() => s3Server.close());
  const s3Url = s3Server.url;

  const lambdaServer = await createLambdaServer({ stateDir: join(stateDir, 'lambda-shim'), scope: SCOPE });
  t.teardown(() => lambdaServer.close());

  const kinesis = new KinesisClient({ ...common(kinesisUrl), credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const s3 = new S3Client({ ...common(s3Url), forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  const lambda = new LambdaClient({ ...common(lambdaServer.url), credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  t.teardown(() => { kinesis.destroy(); s3.destroy(); lambda.destroy(); });
  return { stateDir, kinesisUrl, s3Url, lambdaUrl: lambdaServer.url, kinesis, s3, lambda };
}

/** A Firehose server over the given backends; `close` is idempotent and also runs at teardown. */
export async function startFirehose(t: ExecutionContext, backends: Backends, options: HarnessOptions = {}): Promise<Harness> {
  const clock = options.clock ?? createClock();
  const server = await createFirehoseServer({
    stateDir: backends.stateDir, scope: SCOPE, clock, createDelayMs: options.createDelayMs ?? 20, deleteDelayMs: options.deleteDelayMs ?? 20, pollIntervalMs: options.pollIntervalMs ?? 60_000,
    clients: { s3: backends.s3, kinesis: backends.kinesis, lambda: backends.lambda },
  });
  t.teardown(() => server.close());
  const firehose = new FirehoseClient({ ...common(server.url), credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  t.teardown(() => firehose.destroy());
  return { ...backends, firehose, service: server.service, clock, url: server.url, close: () => server.close() };
}

export async function startHarness(t: ExecutionContext, options: HarnessOptions = {}): Promise<Harness> {
  return startFirehose(t, await startBackends(t), options);
}

export async function createBucket(harness: Backends, name = uniqueName('bucket')): Promise<string> {
  await harness.s3.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

export async function createKinesisStream(harness: Backends, shards = 1, name = uniqueName('src')): Promise<string> {
  await harness.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  // Generous, so a busy machine does not fail the wait; tests never assert on how long it took.
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    const summary = await harness.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (summary.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return `arn:aws:kinesis:${SCOPE.region}:${SCOPE.accountId}:stream/${name}`;
}

/** A Node.js 20 Lambda from handler source; returns its ARN. */
export async function createFunction(harness: Backends, source: string, name = uniqueName('fn')): Promise<string> {
  const answer = await harness.lambda.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'nodejs20.x', Role: 'arn:aws:iam::000000000000:role/lambda-role', Handler: 'index.handler',
    Code: { ZipFile: zipSync({ 'index.mjs': strToU8(source) }) }, Timeout: 30,
  }));
  return answer.FunctionArn as string;
}

export interface StoredObject { key: string; body: Buffer }

/** Every object of a bucket with its body, sorted by key. */
export async function listObjects(harness: Backends, bucket: string, prefix = ''): Promise<StoredObject[]> {
  const listing = await harness.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const objects: StoredObject[] = [];
  for (const item of listing.Contents ?? []) {
    const answer = await harness.s3.send(new GetObjectCommand({ Bucket: bucket, Key: item.Key }));
    objects.push({ key: item.Key as string, body: Buffer.from(await (answer.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()) });
  }
  return objects.sort((a, b) => a.key.localeCompare(b.key));
}

/** Polls Describe until the status is reached (the clock never decides this, the server's delay does). */
export async function waitForStatus(harness: Harness, name: string, status: string): Promise<void> {
  const { DescribeDeliveryStreamCommand } = await import('@aws-sdk/client-firehose');
  // Generous, so a busy machine does not fail the wait; tests never assert on how long it took.
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    try {
      const answer = await harness.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
      if (answer.DeliveryStreamDescription?.DeliveryStreamStatus === status) return;
    } catch (error) {
      if (status === 'GONE' && (error as Error).name === 'ResourceNotFoundException') return;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`delivery stream ${name} did not reach ${status} within 30 s`);
}

export const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;
