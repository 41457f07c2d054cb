import test, { type ExecutionContext } from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ROLE, uniqueName } from './harness.js';
import { createFixtureRoles } from '../edge/fixture-roles.js';
import { eventually } from '../../fixtures/eventually.js';

// Records put straight into Firehose exist nowhere else once the put is answered: a kill -9 of the
// endpoint while they wait in a buffer must not lose them.

const FIXTURE = fileURLToPath(new URL('./fixtures/edge-process.ts', import.meta.url));

interface Endpoint { url: string; child: ChildProcess; s3: S3Client; firehose: FirehoseClient }

async function startEndpoint(t: ExecutionContext, stateDir: string): Promise<Endpoint> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, stateDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const [url] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const common = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler(), maxAttempts: 1 };
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  const firehose = new FirehoseClient(common);
  t.teardown(() => { s3.destroy(); firehose.destroy(); });
  return { url, child, s3, firehose };
}

async function killHard(endpoint: Endpoint): Promise<void> {
  const exited = once(endpoint.child, 'exit');
  endpoint.child.kill('SIGKILL');
  await exited;
}

async function flush(endpoint: Endpoint, name: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${endpoint.url}/_hosepipe/firehose/${name}/flush`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  return (await response.json()) as Record<string, unknown>;
}

async function deliveredLines(endpoint: Endpoint, bucket: string): Promise<string[]> {
  const listing = await endpoint.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'out/' }));
  const lines: string[] = [];
  for (const item of listing.Contents ?? []) {
    const text = await (await endpoint.s3.send(new GetObjectCommand({ Bucket: bucket, Key: item.Key }))).Body!.transformToString();
    lines.push(...text.split('\n').filter((line) => line.length > 0));
  }
  return lines.sort();
}

/** A bucket and a DirectPut delivery stream into it that buffers for up to 15 minutes: nothing is written until a flush or a stop. */
async function createBufferedDirectPut(endpoint: Endpoint): Promise<{ bucket: string; name: string }> {
  const bucket = uniqueName('bucket');
  const name = uniqueName('direct');
  await endpoint.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await createFixtureRoles(endpoint.url, { names: [ROLE.split('/').pop()!] });
  await endpoint.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'DirectPut',
    ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: `arn:aws:s3:::${bucket}`, Prefix: 'out/', BufferingHints: { SizeInMBs: 128, IntervalInSeconds: 900 } },
  }));
  await eventually(`${name} ACTIVE`, async () => (await endpoint.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription?.DeliveryStreamStatus === 'ACTIVE');
  return { bucket, name };
}

const batch = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => ({ Data: Buffer.from(`${prefix}-${String(index).padStart(3, '0')}\n`) }));
const expected = (prefix: string, count: number) => batch(prefix, count).map((record) => record.Data.toString().trim());

test('DirectPut records acknowledged before a kill -9 of the endpoint are delivered after it starts again, once', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-dp-kill-'));
  t.teardown(() => rmSync(stateDir, { recursive: true, force: true }));
  const first = await startEndpoint(t, stateDir);
  const { bucket, name } = await createBufferedDirectPut(first);
  for (const prefix of ['a', 'b', 'c']) {
    const answer = await first.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: batch(prefix, 200) }));
    t.is(answer.FailedPutCount, 0);
  }
  t.deepEqual(await deliveredLines(first, bucket), []);
  await killHard(first);

  const second = await startEndpoint(t, stateDir);
  t.like(await flush(second, name), { recordsDelivered: 600 });
  t.deepEqual(await deliveredLines(second, bucket), [...expected('a', 200), ...expected('b', 200), ...expected('c', 200)]);

  // Delivered records are behind the checkpoint: a second kill -9 replays nothing of them.
  await second.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: batch('d', 10) }));
  await killHard(second);
  const third = await startEndpoint(t, stateDir);
  t.like(await flush(third, name), { recordsDelivered: 10 });
  t.deepEqual(await deliveredLines(third, bucket), [...expected('a', 200), ...expected('b', 200), ...expected('c', 200), ...expected('d', 10)]);
});

async function metrics(endpoint: Endpoint, name: string): Promise<Record<string, number>> {
  const body = (await (await fetch(`${endpoint.url}/_hosepipe/metrics`)).json()) as { deliveryStreams?: Record<string, Record<string, number>> };
  return body.deliveryStreams?.[name] ?? {};
}

async function stopGracefully(endpoint: Endpoint): Promise<void> {
  const exited = once(endpoint.child, 'exit');
  endpoint.child.kill('SIGTERM');
  await exited;
}

test('a delivery stream\'s metrics run on across a clean restart of the endpoint, so an audit that counts by them misses nothing after down and up', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-dp-metrics-'));
  t.teardown(() => rmSync(stateDir, { recursive: true, force: true }));
  const first = await startEndpoint(t, stateDir);
  const { bucket, name } = await createBufferedDirectPut(first);
  await first.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: batch('a', 30) }));
  t.like(await flush(first, name), { recordsDelivered: 30 });
  t.like(await metrics(first, name), { IncomingRecords: 30, 'DeliveryToS3.Records': 30 });
  // Buffered, not delivered, at the stop: the drain delivers it, so it is counted once.
  await first.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: batch('b', 5) }));
  await stopGracefully(first);

  const second = await startEndpoint(t, stateDir);
  t.like(await metrics(second, name), { IncomingRecords: 35, 'DeliveryToS3.Records': 35 });
  await second.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: batch('c', 10) }));
  t.like(await flush(second, name), { recordsDelivered: 10 });
  t.like(await metrics(second, name), { IncomingRecords: 45, 'DeliveryToS3.Records': 45 });
  t.is((await deliveredLines(second, bucket)).length, 45);
});
