/**
 * One side of a bench/firehose scenario (IAM on or off) in a process of its own, as `hosepipe up` runs the
 * endpoint: its own endpoint, delivery stream and warm function, timed a round at a time at the bench's
 * word. Each side had shared the bench's process and heap with the other, so every round began with a full
 * collection (else a major GC of either side's garbage fell into whichever round ran); that collection
 * shrank the heap V8 then grew again inside the round (figures in bench/firehose.bench.ts's header). Here each
 * side's collections fall in its own rounds, and none is forced.
 * Run by bench/firehose.bench.ts through fork(), with the endpoint's node flags; it answers on the IPC
 * channel: { scenario, iam, warmUp } → { ready }, { round: count, label, profiled } → { figures },
 * { verify } → { verified }, { close } → exits; an error is answered as { error } and the process exits 1.
 */
import { CreateDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { PACKAGE_ROOT } from '../cli/paths.js';
import { LAMBDA_CONCURRENCY } from '../emulator-shims/firehose/delivery/engine.js';
import type { ProducerOptions } from './firehose-producer.js';
import { inclusiveMs, startProfiler } from './profile.js';
import {
  ACCOUNT, countRecords, cpuSeconds, createBucket, createIdentityFunction, createKinesisStream, createTransformFunction, lambdaInstances, REGION, ROLE,
  startStack, uniqueName, waitForDeliveryStream, warmInstances, type BenchStack,
} from './firehose-stack.js';

export const PUT_BATCH = 500;
// Puts in flight at once, like a few agents sending side by side.
export const PUTTERS = 4;
// 64 MiB / 60 s to S3 (hosepipe.yaml's default) and Firehose's default 1 MiB / 60 s to the Lambda.
export const S3_BUFFER_MB = 64;
export const LAMBDA_BUFFER_MB = 1;
export const TIME_ZONE = 'Asia/Seoul';

export type ScenarioName = 'direct' | 'kinesis';

export interface Figures {
  scenario: string; records: number; bytes: number; seconds: number;
  cpu?: { endpoint: number; instances: number; producer: number };
  /** Lambda instances that started inside the timed part (their start-up is in `cpu.instances`); 0 when warm-up brought them all up. */
  coldStarts?: number;
  /** A profiled round's: the endpoint process's profile of it, milliseconds sampled and those inside IAM evaluation. */
  profiled?: { totalMs: number; iamMs: number };
}

export type SideRequest =
  | { scenario: ScenarioName; iam: boolean; warmUp: number }
  | { round: number; label: string; profiled: boolean }
  | { verify: true }
  | { close: true };
export type SideAnswer = { ready: true } | { figures: Figures } | { verified: true } | { error: string };

/** IAM evaluation: the evaluator package, hosepipe's authorisation code around it, and the edge's IAM step. */
const IAM_CODE = (url: string): boolean => url.includes('/@cloud-copilot/') || url.includes('/emulator-shims/iam/') || url.endsWith('/emulator-shims/edge/authorize-call.ts');

const lambdaProcessor = (lambdaArn: string) => ({
  Enabled: true,
  Processors: [{
    Type: 'Lambda' as const,
    Parameters: [
      { ParameterName: 'LambdaArn' as const, ParameterValue: lambdaArn },
      { ParameterName: 'BufferSizeInMBs' as const, ParameterValue: String(LAMBDA_BUFFER_MB) },
      { ParameterName: 'BufferIntervalInSeconds' as const, ParameterValue: '60' },
    ],
  }],
});

export async function timed(run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export function assertDelivered(scenario: string, sent: number, found: number): void {
  if (found !== sent) throw new Error(`${scenario}: ${sent} records sent, ${found} found in S3`);
}

interface Producer { pid: number; ready: Promise<void>; go(): Promise<{ cpuSeconds: number; bytes: number }> }

/**
 * Starts bench/firehose-producer.ts with its records built and waiting; go() sends them and resolves with its CPU
 * seconds and the records' bytes (counted there: lines built in this process to count them were the endpoint's garbage).
 */
function startProducer(options: ProducerOptions): Producer {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/firehose-producer.ts', JSON.stringify(options)], {
    cwd: PACKAGE_ROOT, stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the producer exited before answering (code ${child.exitCode})`);
    return line.value;
  };
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid!,
    ready: next().then((line) => {
      if (line !== 'ready') throw new Error(`the producer said '${line}' instead of 'ready'`);
    }),
    async go() {
      child.stdin!.end('go\n');
      const answer = JSON.parse(await next()) as { cpuSeconds: number; bytes: number };
      const code = await exited;
      if (code !== 0) throw new Error(`the producer exited with ${code}`);
      return answer;
    },
  };
}

/**
 * Untimed: brings the scenario's function up to as many warm instances as Firehose invokes at once, then
 * sends a round's worth of records through its delivery stream and delivers them, with the profiler started
 * and stopped once, so the figures that follow are steady state. Without it, whichever of IAM on and off ran a
 * code path first paid its compilation, and each endpoint its functions' cold starts and its first IAM
 * evaluations' data loads. The order and the size are measured (2026-12-07, IAM off, one side at a time):
 * with 10,000 records sent before the instances were brought up, each side's first timed round still cost
 * 13–21 µs a record in (1) and 38–46 in (2) against 8–12 and 20–25 for the rest, the endpoint's CPU and the
 * instances' both higher (the instances started last met their first real events in it; the endpoint's heap growing
 * to a round's size there may be the rest, not confirmed); in this order, with a round's records, 10 and 24–25.
 */
async function warmUp(stack: BenchStack, producer: Producer, finish: () => Promise<void>, lambdaArn: string, deliveryStream: string): Promise<void> {
  await warmInstances(stack, lambdaArn, LAMBDA_CONCURRENCY, `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/${deliveryStream}`);
  await producer.ready;
  // Started once here so that the profiled round after the timed ones does not pay the profiler's first start.
  const profiler = await startProfiler();
  await producer.go();
  await finish();
  await profiler.stop();
}

/**
 * Wall seconds of sending through `producer` and then `finish`, the CPU seconds of this process (the
 * endpoint), its Lambda instances and the producer meanwhile, and when `profiled`, the endpoint's CPU profile
 * of it: how much of it was IAM evaluation. The timed rounds are not profiled: the sampling added up to a
 * seventh to the endpoint's CPU seconds (2026-12-07, (1) IAM off, 1.45–1.47 s against 1.47–1.70 profiled).
 */
async function timedWithCpu(label: string, producer: Producer, finish: () => Promise<void>, profiled: boolean): Promise<Pick<Figures, 'bytes' | 'seconds' | 'cpu' | 'coldStarts' | 'profiled'>> {
  await producer.ready;
  const profiler = profiled ? await startProfiler() : undefined;
  const before = cpuSeconds([producer.pid]);
  const warm = new Set(lambdaInstances());
  let sent = { cpuSeconds: 0, bytes: 0 };
  const seconds = await timed(async () => {
    sent = await producer.go();
    await finish();
  });
  const after = cpuSeconds([producer.pid]);
  const coldStarts = lambdaInstances().filter((pid) => !warm.has(pid)).length;
  const figures = { bytes: sent.bytes, seconds, cpu: { endpoint: after.endpoint - before.endpoint, instances: after.instances - before.instances, producer: sent.cpuSeconds }, coldStarts };
  if (profiler === undefined) return figures;
  const profile = await profiler.stop();
  // BENCH_PROFILE=<prefix>: the profile of each side's profiled round in <prefix>-<label>.cpuprofile.
  if (process.env.BENCH_PROFILE) writeFileSync(`${process.env.BENCH_PROFILE}-${label}.cpuprofile`, JSON.stringify(profile));
  const { totalMs, insideMs } = inclusiveMs(profile, IAM_CODE);
  return { ...figures, profiled: { totalMs, iamMs: insideMs } };
}

/** A side's scenario: sends `count` records and delivers them, timed; verify fails unless every record sent (warm-up included) is in S3. */
interface Side {
  round(count: number, label: string, profiled: boolean): Promise<Figures>;
  verify(): Promise<void>;
}

async function directPutThroughIdentity(stack: BenchStack, warmUpRecords: number): Promise<Side> {
  const scenario = '(1) DirectPut → identity Lambda → S3';
  const bucket = await createBucket(stack);
  const lambdaArn = await createIdentityFunction(stack);
  const name = uniqueName('direct');
  await stack.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'DirectPut',
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE, BucketARN: `arn:aws:s3:::${bucket}`, Prefix: 'out/', ErrorOutputPrefix: 'error/',
      BufferingHints: { SizeInMBs: S3_BUFFER_MB, IntervalInSeconds: 60 }, ProcessingConfiguration: lambdaProcessor(lambdaArn),
    },
  }));
  await waitForDeliveryStream(stack, name);
  const send = (count: number) => startProducer({ endpoint: stack.edge.url, region: REGION, target: { kind: 'firehose', deliveryStream: name }, records: { kind: 'fixed', count }, batch: PUT_BATCH, putters: PUTTERS });
  const finish = async () => {
    await stack.edge.firehose.flush(name);
  };
  await warmUp(stack, send(warmUpRecords), finish, lambdaArn, name);
  let sent = warmUpRecords;
  return {
    async round(count, label, profiled) {
      const timing = await timedWithCpu(label, send(count), finish, profiled);
      sent += count;
      return { scenario, records: count, ...timing };
    },
    async verify() {
      assertDelivered(scenario, sent, (await countRecords(stack, bucket, 'out/')).records);
    },
  };
}

async function kinesisThroughTransform(stack: BenchStack, warmUpRecords: number): Promise<Side> {
  const scenario = '(2) Kinesis → transform → S3';
  const bucket = await createBucket(stack);
  const lambdaArn = await createTransformFunction(stack, { Variables: { HOSEPIPE_TIME_ZONE: TIME_ZONE } });
  const streamName = await createKinesisStream(stack, 1);
  const name = uniqueName('kinesis');
  await stack.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'KinesisStreamAsSource',
    KinesisStreamSourceConfiguration: { KinesisStreamARN: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${streamName}`, RoleARN: ROLE },
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE, BucketARN: `arn:aws:s3:::${bucket}`,
      Prefix: 'migration/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/',
      ErrorOutputPrefix: 'error/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/',
      BufferingHints: { SizeInMBs: S3_BUFFER_MB, IntervalInSeconds: 60 }, DynamicPartitioningConfiguration: { Enabled: true },
      ProcessingConfiguration: lambdaProcessor(lambdaArn),
    },
  }));
  await waitForDeliveryStream(stack, name);
  const send = (count: number) => startProducer({ endpoint: stack.edge.url, region: REGION, target: { kind: 'kinesis', stream: streamName }, records: { kind: 'log', count }, batch: PUT_BATCH, putters: PUTTERS });
  let dropped = 0;
  const finish = async () => {
    dropped += (await stack.edge.firehose.flush(name)).recordsDropped;
  };
  await warmUp(stack, send(warmUpRecords), finish, lambdaArn, name);
  let sent = warmUpRecords;
  return {
    async round(count, label, profiled) {
      const timing = await timedWithCpu(label, send(count), finish, profiled);
      sent += count;
      return { scenario, records: count, ...timing };
    },
    async verify() {
      if (dropped > 0) throw new Error(`${scenario}: the transform dropped ${dropped} records; the bench expects none`);
      const found = (await countRecords(stack, bucket, 'migration/')).records + (await countRecords(stack, bucket, 'error/')).records;
      assertDelivered(scenario, sent, found);
    },
  };
}

const SCENARIOS: Record<ScenarioName, (stack: BenchStack, warmUpRecords: number) => Promise<Side>> = { direct: directPutThroughIdentity, kinesis: kinesisThroughTransform };

/** The child's side of the channel: one scenario on one endpoint, until the bench says close. */
async function serve(): Promise<void> {
  let stack: BenchStack | undefined;
  let side: Side | undefined;
  const answer = (message: SideAnswer) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  const handle = async (request: SideRequest): Promise<SideAnswer | undefined> => {
    if ('scenario' in request) {
      stack = await startStack({ iam: request.iam });
      side = await SCENARIOS[request.scenario](stack, request.warmUp);
      return { ready: true };
    }
    if ('round' in request) return { figures: await side!.round(request.round, request.label, request.profiled) };
    if ('verify' in request) {
      await side!.verify();
      return { verified: true };
    }
    await stack?.[Symbol.asyncDispose]();
    process.disconnect();
    return undefined;
  };
  process.on('message', (request: SideRequest) => {
    handle(request).then(
      (reply) => (reply ? answer(reply) : undefined),
      async (error: unknown) => {
        await answer({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        process.exit(1);
      },
    );
  });
}

if (process.send && process.argv[1]?.endsWith('firehose-side.ts')) await serve();
