/**
 * Requests/s of Kinesis PutRecords / GetRecords and S3 PutObject / GetObject through the edge (routing,
 * credential check, hosepipe's Kinesis and S3 stores) against the emulators they replaced, in one run.
 * Kinesis: the edge and kinesalite 3.3.3 as it is published (in memory, a devDependency kept for this
 * baseline alone), each on a port of its own in this process, driven by SDK v3 clients (PutRecords of
 * 100 × 200 B; GetRecords of 100 records following iterators). Goal: at least 2× kinesalite on each.
 * S3: the endpoint and s3rver 3.7.1 (the baseline) each run in a process of their own
 * (bench/s3-server.ts) and get the same raw keep-alive HTTP requests from wrk (bench/wrk-rate.ts:
 * 16 KiB PutObject to new keys, GetObject of 500 keys, 16 connections), so the figures are the
 * servers', not a client's (a Node client in this process saturated first, and both servers then
 * measured nearly alike); besides requests/s, each server's CPU time per request is printed, which
 * the other work on a shared machine disturbs less. Goal: at least 2× s3rver on PutObject and GetObject.
 * Needs wrk (`make setup` installs it). Run: node --import tsx bench/edge.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { fork } from 'node:child_process';
import { Agent, request, type RequestListener, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { createEdgeServer } from '../emulator-shims/index.js';
import { wrkRate } from './wrk-rate.js';
import { listenOnLoopback } from '../emulator-shims/shared/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONCURRENCY = 16;
const RECORDS_PER_CALL = 100;
const SHARDS = 4;
const GET_RECORDS_LIMIT = 100;
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

/** An S3 server in a child process, driven by raw keep-alive HTTP requests (credentials in form only, as the endpoint requires; s3rver takes them anonymously). */
async function startS3Server(kind: 'edge' | 's3rver') {
  const child = fork(new URL('./s3-server.ts', import.meta.url), [kind], { execArgv: ['--import', 'tsx'] });
  const ask = <T>(message: string, field: string) => new Promise<T>((resolve) => {
    child.once('message', (answer) => resolve((answer as Record<string, T>)[field]!));
    if (message) child.send(message);
  });
  const url = new URL(await ask<string>('', 'url'));
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const headers: Record<string, string> = kind === 'edge' ? { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } : {};
  return {
    url: url.origin,
    headers,
    send: (method: string, path: string, payload?: Buffer) => new Promise<void>((resolve, reject) => {
      const call = request({ host: url.hostname, port: url.port, method, path, agent, headers: { ...headers, ...(payload ? { 'content-length': payload.length } : {}) } }, (response) => {
        if ((response.statusCode ?? 500) >= 300) reject(new Error(`${method} ${path} answered ${response.statusCode}`));
        response.on('data', () => {});
        response.on('end', () => resolve());
      });
      call.on('error', reject);
      call.end(payload);
    }),
    cpuMicros: () => ask<number>('cpu', 'cpuMicros'),
    close: async () => {
      agent.destroy();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('close');
      await exited;
    },
  };
}

const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-bench-edge-'));
const edge = await createEdgeServer({ port: 0, stateDir: join(stateDir, 'edge') });
const kinesalite = (createRequire(import.meta.url)('kinesalite') as (options: object) => Server)({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 });
const kinesisDirect = await listenOnLoopback(kinesalite.listeners('request')[0] as RequestListener);

const handler = () => new NodeHttpHandler({ httpAgent: { keepAlive: true, maxSockets: CONCURRENCY } });
const common = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const kinesisVia = (endpoint: string) => new KinesisClient({ ...common, endpoint, requestHandler: handler() });

const targets = {
  edge: { kinesis: kinesisVia(edge.url), s3: await startS3Server('edge') },
  engine: { kinesis: kinesisVia(kinesisDirect.url), s3: await startS3Server('s3rver') },
};
for (const [name, clients] of Object.entries(targets)) {
  await clients.kinesis.send(new CreateStreamCommand({ StreamName: `bench-${name}`, ShardCount: SHARDS }));
  await waitActive(clients.kinesis, `bench-${name}`);
  await clients.s3.send('PUT', `/bench-${name}`);
}

const OBJECTS = 500;
const body = Buffer.alloc(OBJECT_BYTES, 7);
// Every key GetObject reads exists before the first round.
for (const [name, { s3 }] of Object.entries(targets)) {
  for (let i = 0; i < OBJECTS; i += CONCURRENCY) {
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, j) => s3.send('PUT', `/bench-${name}/o/${i + j}`, body)));
  }
}

const records = Array.from({ length: RECORDS_PER_CALL }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.alloc(200, i) }));
const best = { putRecords: { edge: 0, engine: 0 }, getRecords: { edge: 0, engine: 0 }, putObject: { edge: 0, engine: 0 }, getObject: { edge: 0, engine: 0 } };

/** One GetRecords of GET_RECORDS_LIMIT records: each caller follows its own iterator, from TRIM_HORIZON again at the tip. */
function getRecordsCall(kinesis: KinesisClient, stream: string): () => Promise<unknown> {
  let shard = 0;
  const iterators: (string | undefined)[] = [];
  return async () => {
    const slot = shard++ % SHARDS;
    iterators[slot] ??= (await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: `shardId-${String(slot).padStart(12, '0')}`, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    const answer = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterators[slot], Limit: GET_RECORDS_LIMIT }));
    iterators[slot] = (answer.Records?.length ?? 0) < GET_RECORDS_LIMIT ? undefined : answer.NextShardIterator;
  };
}
// Server CPU microseconds per request, the lowest of the rounds.
const cpu = { putObject: { edge: Infinity, engine: Infinity }, getObject: { edge: Infinity, engine: Infinity } };
// Edge and engine take turns, each keeping its best round, so a busy moment on the shared machine hits both.
for (let round = 0; round < ROUNDS; round++) {
  for (const name of ['engine', 'edge'] as const) {
    const { kinesis, s3 } = targets[name];
    best.putRecords[name] = Math.max(best.putRecords[name], await rate(`PutRecords via ${name === 'engine' ? 'kinesalite' : name}`, () => kinesis.send(new PutRecordsCommand({ StreamName: `bench-${name}`, Records: records }))));
    const readers = Array.from({ length: CONCURRENCY }, () => getRecordsCall(kinesis, `bench-${name}`));
    let reader = 0;
    best.getRecords[name] = Math.max(best.getRecords[name], await rate(`GetRecords via ${name === 'engine' ? 'kinesalite' : name}`, () => readers[reader++ % CONCURRENCY]!()));
    for (const [call, method, prefix, bodyBytes] of [
      ['putObject', 'PUT', `/bench-${name}/new/${round}/`, OBJECT_BYTES],
      ['getObject', 'GET', `/bench-${name}/o/`, 0],
    ] as const) {
      const before = await s3.cpuMicros();
      const run = await wrkRate({ url: s3.url, method, prefix, keys: OBJECTS, bodyBytes, headers: s3.headers, seconds: SECONDS, connections: CONCURRENCY, dir: stateDir });
      process.stderr.write(`  ${call} via ${name === 'engine' ? 's3rver' : name}: ${run.perSecond.toFixed(0)} req/s (wrk)\n`);
      best[call][name] = Math.max(best[call][name], run.perSecond);
      cpu[call][name] = Math.min(cpu[call][name], ((await s3.cpuMicros()) - before) / run.requests);
    }
  }
}

const rows = [
  [`PutRecords (${RECORDS_PER_CALL} × 200 B), baseline kinesalite`, best.putRecords.engine, best.putRecords.edge],
  [`GetRecords (Limit ${GET_RECORDS_LIMIT}, 200 B records), baseline kinesalite`, best.getRecords.engine, best.getRecords.edge],
  [`PutObject (${OBJECT_BYTES / 1024} KiB), baseline s3rver`, best.putObject.engine, best.putObject.edge],
  [`GetObject (${OBJECT_BYTES / 1024} KiB), baseline s3rver`, best.getObject.engine, best.getObject.edge],
] as const;
console.log(`\nedge vs engine, ${CONCURRENCY} requests in flight, best of ${ROUNDS} × ${SECONDS} s, load average ${loadavg()[0]!.toFixed(2)}`);
console.log('| call | engine req/s | edge req/s | edge / engine |');
console.log('|---|---:|---:|---:|');
for (const [call, engine, viaEdge] of rows) console.log(`| ${call} | ${engine.toFixed(0)} | ${viaEdge.toFixed(0)} | ${((viaEdge / engine) * 100).toFixed(0)}% |`);
console.log('\n| S3 server CPU per request | s3rver µs | edge µs | s3rver / edge |');
console.log('|---|---:|---:|---:|');
for (const call of ['putObject', 'getObject'] as const) {
  console.log(`| ${call === 'putObject' ? 'PutObject' : 'GetObject'} | ${cpu[call].engine.toFixed(0)} | ${cpu[call].edge.toFixed(0)} | ${(cpu[call].engine / cpu[call].edge).toFixed(2)}× |`);
}

for (const clients of Object.values(targets)) { clients.kinesis.destroy(); await clients.s3.close(); }
await edge.close();
await kinesisDirect.close();
await new Promise((resolve) => kinesalite.close(resolve));
rmSync(stateDir, { recursive: true, force: true });
