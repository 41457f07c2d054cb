/**
 * Requests/s of Kinesis PutRecords and S3 PutObject / GetObject through the edge (routing, credential
 * check, the Kinesis front, hosepipe's S3 store) against the baseline engines listening on a port of
 * their own (s3rver 3.7.1 alone for S3), in one run.
 * Goal: at least 2× s3rver on PutObject and GetObject.
 * Run: node --import tsx bench/edge.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createKinesisEngine } from '../emulator-shims/engines/index.js';
import { createEdgeServer } from '../emulator-shims/index.js';
import { listenOnLoopback } from '../emulator-shims/shared/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONCURRENCY = 16;
const RECORDS_PER_CALL = 100;
const OBJECT_BYTES = 16 * 1024;
const ROUNDS = 3;

async function rate(label: string, call: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 50; i++) await call();
  let done = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < deadline) {
      await call();
      done++;
    }
  }));
  const perSecond = done / ((performance.now() - start) / 1000);
  process.stderr.write(`  ${label}: ${perSecond.toFixed(0)} req/s\n`);
  return perSecond;
}

async function waitActive(kinesis: KinesisClient, stream: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`stream ${stream} not ACTIVE`);
}

const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-bench-edge-'));
const edge = await createEdgeServer({ port: 0, stateDir: join(stateDir, 'edge') });
const kinesisEngine = createKinesisEngine();
const kinesisDirect = await listenOnLoopback(kinesisEngine.engineListener);
// s3rver as it is published (a devDependency kept for this baseline alone), on a port of its own.
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: object) => { run(): Promise<AddressInfo>; close(): Promise<void> };
const s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: join(stateDir, 's3rver') });
const s3Direct = { url: `http://127.0.0.1:${(await s3rver.run()).port}`, close: () => s3rver.close() };

const handler = () => new NodeHttpHandler({ httpAgent: { keepAlive: true, maxSockets: CONCURRENCY } });
const common = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const kinesisVia = (endpoint: string) => new KinesisClient({ ...common, endpoint, requestHandler: handler() });
// s3rver checks signatures against its own account, so the direct client signs as S3RVER.
const s3Via = (endpoint: string, credentials = common.credentials) =>
  new S3Client({ ...common, credentials, endpoint, forcePathStyle: true, requestHandler: handler() });

const targets = {
  edge: { kinesis: kinesisVia(edge.url), s3: s3Via(edge.url) },
  engine: { kinesis: kinesisVia(kinesisDirect.url), s3: s3Via(s3Direct.url, { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }) },
};
for (const [name, clients] of Object.entries(targets)) {
  await clients.kinesis.send(new CreateStreamCommand({ StreamName: `bench-${name}`, ShardCount: 4 }));
  await waitActive(clients.kinesis, `bench-${name}`);
  await clients.s3.send(new CreateBucketCommand({ Bucket: `bench-${name}` }));
}

const OBJECTS = 500;
const body = Buffer.alloc(OBJECT_BYTES, 7);
// Every key GetObject reads exists before the first round.
for (const [name, { s3 }] of Object.entries(targets)) {
  for (let i = 0; i < OBJECTS; i += CONCURRENCY) {
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, j) => s3.send(new PutObjectCommand({ Bucket: `bench-${name}`, Key: `o/${i + j}`, Body: body }))));
  }
}

const records = Array.from({ length: RECORDS_PER_CALL }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.alloc(200, i) }));
let key = 0;
const best = { putRecords: { edge: 0, engine: 0 }, putObject: { edge: 0, engine: 0 }, getObject: { edge: 0, engine: 0 } };
// Edge and engine take turns, each keeping its best round, so a busy moment on the shared machine hits both.
for (let round = 0; round < ROUNDS; round++) {
  for (const name of ['engine', 'edge'] as const) {
    const { kinesis, s3 } = targets[name];
    best.putRecords[name] = Math.max(best.putRecords[name], await rate(`PutRecords via ${name}`, () => kinesis.send(new PutRecordsCommand({ StreamName: `bench-${name}`, Records: records }))));
    best.putObject[name] = Math.max(best.putObject[name], await rate(`PutObject via ${name}`, () => s3.send(new PutObjectCommand({ Bucket: `bench-${name}`, Key: `o/${key++ % OBJECTS}`, Body: body }))));
    best.getObject[name] = Math.max(best.getObject[name], await rate(`GetObject via ${name}`, async () => {
      const object = await s3.send(new GetObjectCommand({ Bucket: `bench-${name}`, Key: `o/${key++ % OBJECTS}` }));
      await object.Body!.transformToByteArray();
    }));
  }
}

const rows = [
  [`PutRecords (${RECORDS_PER_CALL} × 200 B)`, best.putRecords.engine, best.putRecords.edge],
  [`PutObject (${OBJECT_BYTES / 1024} KiB), baseline s3rver`, best.putObject.engine, best.putObject.edge],
  [`GetObject (${OBJECT_BYTES / 1024} KiB), baseline s3rver`, best.getObject.engine, best.getObject.edge],
] as const;
console.log(`\nedge vs engine, ${CONCURRENCY} requests in flight, best of ${ROUNDS} × ${SECONDS} s, load average ${loadavg()[0]!.toFixed(2)}`);
console.log('| call | engine req/s | edge req/s | edge / engine |');
console.log('|---|---:|---:|---:|');
for (const [call, engine, viaEdge] of rows) console.log(`| ${call} | ${engine.toFixed(0)} | ${viaEdge.toFixed(0)} | ${((viaEdge / engine) * 100).toFixed(0)}% |`);

for (const clients of Object.values(targets)) { clients.kinesis.destroy(); clients.s3.destroy(); }
await edge.close();
await kinesisDirect.close();
await kinesisEngine.close();
await s3Direct.close();
rmSync(stateDir, { recursive: true, force: true });
