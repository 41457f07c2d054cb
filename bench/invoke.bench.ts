/**
 * Warm Invoke latency through the Lambda shim for a 1 MB Firehose event and the real transform, beside
 * the handler's own time on the same event measured in the same run (the handler called in this
 * process). The difference is what the shim adds: HTTP, the channel to the instance, and the runtime's
 * parse of the event and serialisation of the result.
 * Two more rows show the floor under that difference, measured in the same run: the SDK client's own
 * round trip to a server that answers the same answer at once (after the other measures, so its
 * garbage does not land on them), and JSON.parse plus JSON.stringify of the event and the answer in
 * this process, which any runtime in a process of its own pays.
 * Run: node --import tsx bench/invoke.bench.ts   (BENCH_INVOCATIONS=50 to shorten)
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { createTransformHandler, readTransformConfig, type FirehoseTransformationEvent } from '../lambda/index.js';
import { LOCAL_CREDENTIALS } from '../emulator-shims/index.js';
import { createTransformFunction, REGION, startStack } from './firehose-stack.js';
import { generateCombinedLines } from './transform-lines.js';

const EVENT_BYTES = 1024 * 1024;
const TIME_ZONE = 'Asia/Seoul';
const WARMUP = 10;
const DEFAULT_INVOCATIONS = 100;

const readInvocations = (): number => {
  const raw = process.env.BENCH_INVOCATIONS;
  if (raw === undefined || raw === '') return DEFAULT_INVOCATIONS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 50) throw new Error(`BENCH_INVOCATIONS must be an integer of at least 50, got '${raw}'`);
  return value;
};

/** A Firehose event of combined-format lines whose JSON is just under `bytes`. */
const buildEvent = (bytes: number): { event: FirehoseTransformationEvent; json: Buffer } => {
  const arrival = Date.UTC(2024, 2, 10, 15);
  const records: FirehoseTransformationEvent['records'] = [];
  let size = 200;
  for (const line of generateCombinedLines(bytes)) {
    const record = { recordId: String(records.length).padStart(56, '0') + '000000', approximateArrivalTimestamp: arrival, data: Buffer.from(line).toString('base64') };
    size += JSON.stringify(record).length + 1;
    if (size > bytes) break;
    records.push(record);
  }
  const event: FirehoseTransformationEvent = {
    invocationId: '00000000-0000-4000-8000-000000000000',
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/hosepipe-bench',
    region: 'us-east-1',
    records,
  };
  return { event, json: Buffer.from(JSON.stringify(event)) };
};

const percentile = (sorted: readonly number[], fraction: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;

interface Timing { name: string; samples: number[] }

const summarise = ({ name, samples }: Timing) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { name, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), mean: samples.reduce((sum, value) => sum + value, 0) / samples.length };
};

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** A loopback server that reads each request to its end and answers `answer()` at once, as a Lambda endpoint with a zero-cost function would. */
async function startInstantServer(answer: () => Buffer): Promise<Server & AsyncDisposable> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const body = answer();
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(server, { [Symbol.asyncDispose]: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

const main = async (): Promise<void> => {
  const invocations = readInvocations();
  const { event, json } = buildEvent(EVENT_BYTES);
  console.log(`event: ${event.records.length} records, ${(json.length / 1e6).toFixed(2)} MB JSON; ${WARMUP} warm-up then ${invocations} invocations, one at a time`);
  console.log(`machine: ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)}; ${process.version}`);

  await using stack = await startStack();
  const functionArn = await createTransformFunction(stack, { Variables: { HOSEPIPE_TIME_ZONE: TIME_ZONE } });
  const handler = createTransformHandler(readTransformConfig({ HOSEPIPE_TIME_ZONE: TIME_ZONE }), () => {});

  // The instant server answers the transform's own answer, once the first invocation has given it.
  let answerBytes = Buffer.from('{"records":[]}');
  await using instant = await startInstantServer(() => answerBytes);
  const instantClient = new LambdaClient({
    endpoint: `http://127.0.0.1:${(instant.address() as AddressInfo).port}`, region: REGION, credentials: LOCAL_CREDENTIALS, requestHandler: new NodeHttpHandler({ requestTimeout: 120_000 }), maxAttempts: 1,
  });

  const shim: Timing = { name: 'Invoke through the shim', samples: [] };
  const own: Timing = { name: 'handler in-process', samples: [] };
  const ownWithJson: Timing = { name: 'handler + JSON parse/stringify', samples: [] };
  const sdkFloor: Timing = { name: 'floor: SDK to an instant server', samples: [] };
  // Taking turns, so a busy moment on the machine lands on all three measures alike.
  for (let run = 0; run < WARMUP + invocations; run += 1) {
    let started = nowMs();
    const answer = await stack.lambda.send(new InvokeCommand({ FunctionName: functionArn, Payload: json }));
    const shimMs = nowMs() - started;
    if (answer.FunctionError) throw new Error(`the transform failed: ${Buffer.from(answer.Payload ?? []).toString('utf8')}`);

    started = nowMs();
    await handler(event, {});
    const ownMs = nowMs() - started;

    started = nowMs();
    JSON.stringify(await handler(JSON.parse(json.toString('utf8')) as FirehoseTransformationEvent, {}));
    const ownWithJsonMs = nowMs() - started;

    if (run < WARMUP) {
      const result = JSON.parse(Buffer.from(answer.Payload!).toString('utf8')) as { records: unknown[] };
      if (result.records.length !== event.records.length) throw new Error(`the transform answered ${result.records.length} records for ${event.records.length}`);
      answerBytes = Buffer.from(answer.Payload!);
      continue;
    }
    shim.samples.push(shimMs);
    own.samples.push(ownMs);
    ownWithJson.samples.push(ownWithJsonMs);
  }
  // Measured after the others rather than between them, so its garbage does not land on their timings.
  for (let run = 0; run < WARMUP + invocations; run += 1) {
    const started = nowMs();
    await instantClient.send(new InvokeCommand({ FunctionName: functionArn, Payload: json }));
    if (run >= WARMUP) sdkFloor.samples.push(nowMs() - started);
  }
  instantClient.destroy();

  const rows = [own, ownWithJson, shim, sdkFloor].map(summarise);
  const row = (cells: string[]): string => cells.map((cell, index) => (index === 0 ? cell.padEnd(32) : cell.padStart(9))).join(' | ');
  console.log(row(['measure', 'p50 ms', 'p99 ms', 'mean ms']));
  console.log(row(['-'.repeat(32), '-'.repeat(9), '-'.repeat(9), '-'.repeat(9)]));
  for (const figures of rows) console.log(row([figures.name, figures.p50.toFixed(2), figures.p99.toFixed(2), figures.mean.toFixed(2)]));
  const [handlerOnly, withJson, invoke, floor] = rows as Array<ReturnType<typeof summarise>> as [ReturnType<typeof summarise>, ReturnType<typeof summarise>, ReturnType<typeof summarise>, ReturnType<typeof summarise>];
  console.log(`overhead above the handler's own time: p50 ${(invoke.p50 - handlerOnly.p50).toFixed(2)} ms, p99 ${(invoke.p99 - handlerOnly.p99).toFixed(2)} ms (goal: p50 ≤ 10 ms)`);
  const jsonMs = withJson.p50 - handlerOnly.p50;
  console.log(`floor under it: the SDK's own round trip p50 ${floor.p50.toFixed(2)} ms + JSON parse/stringify p50 ${jsonMs.toFixed(2)} ms = ${(floor.p50 + jsonMs).toFixed(2)} ms; the shim's own share: ${(invoke.p50 - handlerOnly.p50 - floor.p50 - jsonMs).toFixed(2)} ms`);
};

await main();
