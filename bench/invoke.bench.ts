/**
 * Warm Invoke latency through the Lambda shim for a 1 MB Firehose event and the real transform, beside
 * the handler's own time on the same event measured in the same run (the handler called in this
 * process). The difference is what the shim adds: HTTP, the channel to the instance, and the runtime's
 * parse of the event and serialisation of the result.
 * Two more rows show the floor under that difference, measured in the same run: the SDK client's own
 * round trip to a server that answers the same answer at once, and JSON.parse plus JSON.stringify of the
 * event and the answer in this process, which any runtime in a process of its own pays.
 *
 * Method. The machine is shared and its load moves from one minute to the next by more than the shim's
 * share, so the floor is taken in the same minutes as the rest: after an untimed warm-up of each, the
 * invocations run in ROUNDS rounds, each a block of shim invocations (each followed by the handler alone
 * and the handler with JSON, taking turns as before) and a block of as many round trips to the instant
 * server, in alternating order (shim, floor, floor, shim, …). A full garbage collection runs, untimed,
 * before every block, so neither block's garbage is collected inside the other's timings: the floor's must
 * not land on the handler's (it would shrink the overhead), nor the shim's, larger since the endpoint runs
 * in this process, on the floor's (it would swell the floor and shrink the share). Every p50 is over all
 * the rounds' samples; each round's p50s and the load average are printed too.
 * Run: node --import tsx bench/invoke.bench.ts   (BENCH_INVOCATIONS=50 to shorten)
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createTransformHandler, readTransformConfig, type FirehoseTransformationEvent } from '../lambda/index.js';
import { LOCAL_CREDENTIALS } from '../emulator-shims/index.js';
import { createTransformFunction, REGION, startStack } from './firehose-stack.js';
import { generateCombinedLines } from './transform-lines.js';

const EVENT_BYTES = 1024 * 1024;
const TIME_ZONE = 'Asia/Seoul';
const WARMUP = 10;
const DEFAULT_INVOCATIONS = 100;
// Blocks a measure, taken turn about with the other's.
const ROUNDS = 10;

// A full collection on demand, as `node --expose-gc` gives, without asking make bench for the flag.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

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
  console.log(`event: ${event.records.length} records, ${(json.length / 1e6).toFixed(2)} MB JSON; ${WARMUP} warm-up then ${invocations} invocations, one at a time, and as many floor round trips, in ${ROUNDS} rounds of blocks taken turn about`);
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

  /** One shim invocation, then the handler alone and with JSON, taking turns so a busy moment lands on all three alike; `record` false for warm-up. */
  const shimTurn = async (record: boolean): Promise<void> => {
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

    if (!record) {
      const result = JSON.parse(Buffer.from(answer.Payload!).toString('utf8')) as { records: unknown[] };
      if (result.records.length !== event.records.length) throw new Error(`the transform answered ${result.records.length} records for ${event.records.length}`);
      answerBytes = Buffer.from(answer.Payload!);
      return;
    }
    shim.samples.push(shimMs);
    own.samples.push(ownMs);
    ownWithJson.samples.push(ownWithJsonMs);
  };
  const floorTurn = async (record: boolean): Promise<void> => {
    const started = nowMs();
    await instantClient.send(new InvokeCommand({ FunctionName: functionArn, Payload: json }));
    if (record) sdkFloor.samples.push(nowMs() - started);
  };

  // Warm-up: the shim first, since the instant server answers with the shim's answer.
  for (let run = 0; run < WARMUP; run += 1) await shimTurn(false);
  for (let run = 0; run < WARMUP; run += 1) await floorTurn(false);

  const perRound = Math.ceil(invocations / ROUNDS);
  const rounds: Array<{ shimFirst: boolean; load: number; from: Record<'shim' | 'floor', number> }> = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const shimFirst = round % 2 === 0;
    rounds.push({ shimFirst, load: loadavg()[0] ?? 0, from: { shim: shim.samples.length, floor: sdkFloor.samples.length } });
    for (const block of shimFirst ? [shimTurn, floorTurn] : [floorTurn, shimTurn]) {
      // Untimed: the previous block's garbage is collected here rather than inside this block's timings.
      collectGarbage();
      for (let run = 0; run < perRound; run += 1) await block(true);
    }
  }
  instantClient.destroy();

  const p50 = (samples: readonly number[]): number => percentile([...samples].sort((a, b) => a - b), 0.5);
  for (const [index, { shimFirst, load, from }] of rounds.entries()) {
    const slice = (timing: Timing, key: 'shim' | 'floor') => timing.samples.slice(from[key], from[key] + perRound);
    const overhead = p50(slice(shim, 'shim')) - p50(slice(own, 'shim'));
    const floorMs = p50(slice(sdkFloor, 'floor'));
    const jsonMs = p50(slice(ownWithJson, 'shim')) - p50(slice(own, 'shim'));
    console.log(`round ${String(index + 1).padStart(2)} (${shimFirst ? 'shim first ' : 'floor first'}, load ${load.toFixed(2)}): overhead p50 ${overhead.toFixed(2)} ms, floor p50 ${floorMs.toFixed(2)} + JSON ${jsonMs.toFixed(2)} ms, shim's own share ${(overhead - floorMs - jsonMs).toFixed(2)} ms`);
  }

  const rows = [own, ownWithJson, shim, sdkFloor].map(summarise);
  const row = (cells: string[]): string => cells.map((cell, index) => (index === 0 ? cell.padEnd(32) : cell.padStart(9))).join(' | ');
  console.log(row(['measure', 'p50 ms', 'p99 ms', 'mean ms']));
  console.log(row(['-'.repeat(32), '-'.repeat(9), '-'.repeat(9), '-'.repeat(9)]));
  for (const figures of rows) console.log(row([figures.name, figures.p50.toFixed(2), figures.p99.toFixed(2), figures.mean.toFixed(2)]));
  const [handlerOnly, withJson, invoke, floor] = rows as Array<ReturnType<typeof summarise>> as [ReturnType<typeof summarise>, ReturnType<typeof summarise>, ReturnType<typeof summarise>, ReturnType<typeof summarise>];
  console.log(`overhead above the handler's own time: p50 ${(invoke.p50 - handlerOnly.p50).toFixed(2)} ms, p99 ${(invoke.p99 - handlerOnly.p99).toFixed(2)} ms`);
  const jsonMs = withJson.p50 - handlerOnly.p50;
  console.log(`floor under it: the SDK's own round trip p50 ${floor.p50.toFixed(2)} ms + JSON parse/stringify p50 ${jsonMs.toFixed(2)} ms = ${(floor.p50 + jsonMs).toFixed(2)} ms; the shim's own share: ${(invoke.p50 - handlerOnly.p50 - floor.p50 - jsonMs).toFixed(2)} ms (goal: ≤ 3 ms); load average now ${loadavg()[0]?.toFixed(2)}`);
};

await main();
