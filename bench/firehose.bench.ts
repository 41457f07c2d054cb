/**
 * Firehose delivery throughput through an in-process local endpoint, beside a baseline in the same run:
 *   (1) DirectPut → identity Lambda → S3, 250-byte records;
 *   (2) Kinesis stream → the real transform (buildTransformZip) → S3, combined-format access-log lines,
 *       250 bytes where a request's URI can be lengthened (bench/firehose-records.ts);
 *   baseline: the same records written straight to S3 objects with the SDK (PutObject, 64 MiB objects).
 * Each scenario runs with IAM enforced and with it off, on two endpoints side by side, in 8 rounds each
 * taken turn about (off on on off …, 2 × BENCH_RECORDS records a side), and prints on against off; each side
 * first delivers 10,000 untimed records through its delivery stream and brings its function up to as many
 * warm instances as Firehose invokes at once, so both sides are measured warm. A full garbage collection,
 * untimed, starts each round: the two endpoints share this process's heap, and without it a major GC of
 * either side's garbage fell into whichever round was running. It steadies the comparison (on a quiet
 * machine each side's rounds spread ±10% instead of ±25%) but raises CPU per record by about a quarter
 * against rounds on a grown heap (2026-12-05: (1) 24–27 µs against 16–21, (2) 46–52 against 35–42), as V8
 * grows the collected heap again inside the round.
 * This process is the endpoint's, started with the node flags `hosepipe up` starts the real endpoint with (its
 * small young generation; stack/process.ts's nodeFlags): the bench runs itself again with them when not given.
 * The records are sent by a producer process of their own (bench/firehose-producer.ts), as real producers
 * are, so the SDK's serialising and signing does not run on the endpoint's thread.
 * Every scenario counts the records that landed in S3 and fails when one is missing. The CPU seconds of
 * the endpoint process and of the Lambda instances are printed too: on a shared machine they move less
 * with other people's load than wall time does.
 * Run: node --import tsx bench/firehose.bench.ts   (BENCH_RECORDS=50000 to shrink)
 * For quicker iteration on one cost: BENCH_IAM=off (or on) runs only that side, BENCH_SCENARIO=direct (or
 * kinesis) only that scenario, and BENCH_BASELINE=skip leaves out the baselines; the closing comparisons are
 * then not printed, only each scenario's rounds and CPU per record.
 */
import { CreateDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { availableParallelism, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { PACKAGE_ROOT } from '../cli/paths.js';
import { LAMBDA_CONCURRENCY } from '../emulator-shims/firehose/delivery/engine.js';
import { nodeFlags } from '../stack/process.js';
import type { ProducerOptions } from './firehose-producer.js';
import { inclusiveMs, startProfiler } from './profile.js';
import { fixedRecords, logRecords, RECORD_BYTES } from './firehose-records.js';
import {
  ACCOUNT, countRecords, cpuSeconds, createBucket, createIdentityFunction, createKinesisStream, createTransformFunction, inParallel, lambdaInstances, REGION, ROLE,
  startStack, uniqueName, waitForDeliveryStream, warmInstances, type BenchStack,
} from './firehose-stack.js';

const PUT_BATCH = 500;
// Puts in flight at once, like a few agents sending side by side.
const PUTTERS = 4;
// 64 MiB / 60 s to S3 (hosepipe.yaml's default) and Firehose's default 1 MiB / 60 s to the Lambda.
const S3_BUFFER_MB = 64;
const LAMBDA_BUFFER_MB = 1;
const TIME_ZONE = 'Asia/Seoul';
const DEFAULT_RECORDS = 100_000;
// Sent and delivered before the timed rounds, through the same delivery stream and function.
const WARM_UP_RECORDS = 10_000;
// Timed rounds per IAM side and scenario, taken turn about with the other side's.
const ROUNDS = 8;

// A full collection on demand, as `node --expose-gc` gives, without asking make bench for the flag.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface Figures {
  scenario: string; records: number; bytes: number; seconds: number;
  cpu?: { endpoint: number; instances: number; producer: number };
  /** Lambda instances that started inside the timed part (their start-up is in `cpu.instances`); 0 when warm-up brought them all up. */
  coldStarts?: number;
  /** The endpoint process's profile of the timed part: milliseconds sampled, and those inside IAM evaluation. */
  profiled?: { totalMs: number; iamMs: number };
}

/** IAM evaluation: the evaluator package, hosepipe's authorisation code around it, and the edge's IAM step. */
const IAM_CODE = (url: string): boolean => url.includes('/@cloud-copilot/') || url.includes('/emulator-shims/iam/') || url.endsWith('/emulator-shims/edge/authorize-call.ts');

/** BENCH_IAM and BENCH_SCENARIO: one side or one scenario only, for iterating on a cost. */
const onlyOneOf = <T extends string>(name: string, choices: readonly T[]): readonly T[] => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return choices;
  if (!(choices as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${choices.join(', ')}, got '${raw}'`);
  return [raw as T];
};

const readRecordCount = (): number => {
  const raw = process.env.BENCH_RECORDS;
  if (raw === undefined || raw === '') return DEFAULT_RECORDS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < PUT_BATCH) throw new Error(`BENCH_RECORDS must be an integer of at least ${PUT_BATCH}, got '${raw}'`);
  return value;
};

const totalBytes = (records: readonly Buffer[]): number => records.reduce((sum, record) => sum + record.length, 0);

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

async function timed(run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

interface Producer { pid: number; ready: Promise<void>; go(): Promise<number> }

/** Starts bench/firehose-producer.ts with its records built and waiting; go() sends them and resolves with its CPU seconds. */
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
      const { cpuSeconds } = JSON.parse(await next()) as { cpuSeconds: number };
      const code = await exited;
      if (code !== 0) throw new Error(`the producer exited with ${code}`);
      return cpuSeconds;
    },
  };
}

/**
 * Untimed: sends a first batch through the scenario's delivery stream and delivers it, then brings its
 * function up to as many warm instances as Firehose invokes at once, so the figures that follow are steady
 * state. Without it, whichever of IAM on and off ran a code path first paid its compilation, and each
 * endpoint its functions' cold starts and its first IAM evaluations' data loads.
 */
async function warmUp(stack: BenchStack, producer: Producer, finish: () => Promise<void>, lambdaArn: string, deliveryStream: string): Promise<void> {
  await producer.ready;
  await producer.go();
  await finish();
  await warmInstances(stack, lambdaArn, LAMBDA_CONCURRENCY, `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/${deliveryStream}`);
}

/**
 * Wall seconds of sending through `producer` and then `finish`, the CPU seconds of the endpoint process, the
 * Lambda instances and the producer meanwhile, and the endpoint's CPU profile of it (both IAM sides are
 * profiled, so the sampling costs them alike): how much of it was IAM evaluation.
 */
async function timedWithCpu(label: string, producer: Producer, finish: () => Promise<void>): Promise<Pick<Figures, 'seconds' | 'cpu' | 'coldStarts' | 'profiled'>> {
  await producer.ready;
  // Both endpoints run in this process and share its heap: without a collection first, a major GC of garbage
  // either side made lands in whichever round is running, tenths of a second in a half-second round.
  collectGarbage();
  const profiler = await startProfiler();
  const before = cpuSeconds([producer.pid]);
  const warm = new Set(lambdaInstances());
  let producerCpu = 0;
  const seconds = await timed(async () => {
    producerCpu = await producer.go();
    await finish();
  });
  const after = cpuSeconds([producer.pid]);
  const coldStarts = lambdaInstances().filter((pid) => !warm.has(pid)).length;
  const profile = await profiler.stop();
  // BENCH_PROFILE=<prefix>: the profile of each scenario's timed part in <prefix>-<label>.cpuprofile.
  if (process.env.BENCH_PROFILE) writeFileSync(`${process.env.BENCH_PROFILE}-${label}.cpuprofile`, JSON.stringify(profile));
  const { totalMs, insideMs } = inclusiveMs(profile, IAM_CODE);
  return { seconds, cpu: { endpoint: after.endpoint - before.endpoint, instances: after.instances - before.instances, producer: producerCpu }, coldStarts, profiled: { totalMs, iamMs: insideMs } };
}

function assertDelivered(scenario: string, sent: number, found: number): void {
  if (found !== sent) throw new Error(`${scenario}: ${sent} records sent, ${found} found in S3`);
}

/** The baseline: the records concatenated into objects of the destination's buffer size, written with PutObject. */
async function baseline(stack: BenchStack, scenario: string, records: Buffer[]): Promise<Figures> {
  const bucket = await createBucket(stack);
  const objects: Buffer[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for (const record of records) {
    if (pendingBytes + record.length > S3_BUFFER_MB * 1024 * 1024) {
      objects.push(Buffer.concat(pending));
      pending = [];
      pendingBytes = 0;
    }
    pending.push(record);
    pendingBytes += record.length;
  }
  if (pending.length > 0) objects.push(Buffer.concat(pending));
  const seconds = await timed(async () => {
    await inParallel(objects.map((body, index) => ({ body, index })), PUTTERS, async ({ body, index }) => {
      await stack.s3.send(new PutObjectCommand({ Bucket: bucket, Key: `baseline/part-${index}`, Body: body }));
    });
  });
  assertDelivered(scenario, records.length, (await countRecords(stack, bucket)).records);
  return { scenario, records: records.length, bytes: totalBytes(records), seconds };
}

/** One side (IAM on or off) of a scenario: its own endpoint, delivery stream and warm function, timed a round at a time. */
interface Side {
  /** Sends `count` records and delivers them, timed. */
  round(count: number, label: string): Promise<Figures>;
  /** Fails unless every record sent (warm-up included) is in S3. */
  verify(): Promise<void>;
}

async function directPutThroughIdentity(stack: BenchStack): Promise<Side> {
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
  await warmUp(stack, send(WARM_UP_RECORDS), finish, lambdaArn, name);
  let sent = WARM_UP_RECORDS;
  return {
    async round(count, label) {
      const timing = await timedWithCpu(label, send(count), finish);
      sent += count;
      return { scenario, records: count, bytes: count * RECORD_BYTES, ...timing };
    },
    async verify() {
      assertDelivered(scenario, sent, (await countRecords(stack, bucket, 'out/')).records);
    },
  };
}

async function kinesisThroughTransform(stack: BenchStack): Promise<Side> {
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
  await warmUp(stack, send(WARM_UP_RECORDS), finish, lambdaArn, name);
  let sent = WARM_UP_RECORDS;
  return {
    async round(count, label) {
      // The producer builds the same lines.
      const bytes = totalBytes(logRecords(count));
      const timing = await timedWithCpu(label, send(count), finish);
      sent += count;
      return { scenario, records: count, bytes, ...timing };
    },
    async verify() {
      if (dropped > 0) throw new Error(`${scenario}: the transform dropped ${dropped} records; the bench expects none`);
      const found = (await countRecords(stack, bucket, 'migration/')).records + (await countRecords(stack, bucket, 'error/')).records;
      assertDelivered(scenario, sent, found);
    },
  };
}

/** One scenario's runs as one: records, bytes, seconds and CPU seconds added up. */
function sumOf(figures: Figures[]): Figures {
  const add = (pick: (one: Figures) => number): number => figures.reduce((sum, one) => sum + pick(one), 0);
  return {
    scenario: figures[0]!.scenario, records: add((one) => one.records), bytes: add((one) => one.bytes), seconds: add((one) => one.seconds),
    cpu: { endpoint: add((one) => one.cpu!.endpoint), instances: add((one) => one.cpu!.instances), producer: add((one) => one.cpu!.producer) },
    coldStarts: add((one) => one.coldStarts ?? 0),
    profiled: { totalMs: add((one) => one.profiled!.totalMs), iamMs: add((one) => one.profiled!.iamMs) },
  };
}

const row = (cells: string[]): string => cells.map((cell, index) => (index === 0 ? cell.padEnd(40) : cell.padStart(10))).join(' | ');

function printTable(rows: Array<Figures & { ratioTo?: Figures }>): void {
  console.log(row(['scenario', 'records', 'seconds', 'records/s', 'MB/s']));
  console.log(row(['-'.repeat(40), ...Array(4).fill('-'.repeat(10))]));
  for (const figures of rows) {
    console.log(row([
      figures.scenario,
      figures.records.toLocaleString('en-US'),
      figures.seconds.toFixed(2),
      Math.round(figures.records / figures.seconds).toLocaleString('en-US'),
      (figures.bytes / figures.seconds / 1e6).toFixed(1),
    ]));
  }
}

const main = async (): Promise<void> => {
  const count = readRecordCount();
  const direct = fixedRecords(count);
  const lines = logRecords(count);
  console.log(`records: ${count.toLocaleString('en-US')} per scenario; (1) ${RECORD_BYTES}-byte records, (2) access-log lines averaging ${Math.round(totalBytes(lines) / count)} bytes`);
  console.log(`buffers: S3 ${S3_BUFFER_MB} MiB, Lambda ${LAMBDA_BUFFER_MB} MiB; ${PUTTERS} puts of ${PUT_BATCH} in flight; transform zone ${TIME_ZONE}`);
  console.log(`machine: ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)}; ${process.version}; the endpoint's node flags: ${[...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim()}`);
  // The baselines first, on an endpoint of their own: their garbage is then collected before either timed
  // run of a scenario, instead of inside the first one.
  const baselines: Figures[] = [];
  const iamSides = onlyOneOf('BENCH_IAM', ['off', 'on'] as const);
  const scenarioNames = onlyOneOf('BENCH_SCENARIO', ['direct', 'kinesis'] as const);
  const complete = iamSides.length === 2 && scenarioNames.length === 2 && process.env.BENCH_BASELINE !== 'skip';
  if (process.env.BENCH_BASELINE !== 'skip') {
    await using stack = await startStack();
    baselines.push(await baseline(stack, 'baseline: PutObject, records of (1)', direct));
    baselines.push(await baseline(stack, 'baseline: PutObject, records of (2)', lines));
  }
  // Each scenario runs with IAM enforced (the default: Firehose and the functions act as the bench role) and
  // with it off, on two endpoints side by side, in ROUNDS alternating rounds each (off on on off … for (1), on off off on … for (2)):
  // the load on a shared machine drifts by more than IAM costs from one minute to the next, and rounds
  // taken turn about see the same drift. Each side's figures are its rounds' sums.
  const runs: Record<'on' | 'off', Figures[]> = { on: [], off: [] };
  const perRound = Math.ceil((2 * count) / ROUNDS);
  const scenarios = [
    { name: 'direct', prepare: directPutThroughIdentity },
    { name: 'kinesis', prepare: kinesisThroughTransform },
  ].filter(({ name }) => scenarioNames.includes(name as 'direct' | 'kinesis'));
  for (const [place, { name, prepare }] of scenarios.entries()) {
    // The first round in a process pays more (its heap still growing): each scenario gives it to the other side,
    // and the side that goes first in a scenario has its endpoint made and warmed first too.
    const order = (index: number) => ((index + place) % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)).filter((iam) => iamSides.includes(iam));
    const [first, second] = order(0);
    await using firstStack = await startStack({ iam: first === 'on' });
    await using secondStack = second === undefined ? undefined : await startStack({ iam: second === 'on' });
    const sides: Partial<Record<'on' | 'off', Side>> = { [first!]: await prepare(firstStack) };
    if (second !== undefined) sides[second] = await prepare(secondStack!);
    const rounds: Record<'on' | 'off', Figures[]> = { on: [], off: [] };
    for (let index = 0; index < ROUNDS; index++) {
      for (const iam of order(index)) {
        rounds[iam].push(await sides[iam]!.round(perRound, `${name}-iam-${iam}-${index}`));
      }
    }
    for (const iam of iamSides) {
      await sides[iam]!.verify();
      runs[iam].push(sumOf(rounds[iam]));
    }
    const perRoundFigures = (iam: 'on' | 'off') => rounds[iam].map((one) => Math.round(((one.cpu!.endpoint + one.cpu!.instances) / one.records) * 1e6)).join(' ');
    console.log(`rounds ${runs[iamSides[0]!].at(-1)!.scenario.slice(0, 3)}, µs CPU per record: ${iamSides.map((iam) => `IAM ${iam} ${perRoundFigures(iam)}`).join('; ')}`);
  }
  if (!complete) {
    for (const iam of iamSides) {
      for (const figures of runs[iam]) {
        const { endpoint, instances } = figures.cpu!;
        console.log(`CPU ${figures.scenario.slice(0, 3)} IAM ${iam}: endpoint process ${endpoint.toFixed(2)} s, Lambda instances ${instances.toFixed(2)} s = ${Math.round(((endpoint + instances) / figures.records) * 1e6)} µs per record; ${figures.records.toLocaleString('en-US')} records in ${figures.seconds.toFixed(2)} s`);
      }
    }
    return;
  }
  const label = (figures: Figures, iam: string): Figures => ({ ...figures, scenario: `${figures.scenario}, IAM ${iam}` });
  printTable([baselines[0]!, label(runs.off[0]!, 'off'), label(runs.on[0]!, 'on'), baselines[1]!, label(runs.off[1]!, 'off'), label(runs.on[1]!, 'on')]);
  // The machine is shared: CPU time per record moves less with other people's load than wall time does.
  const perRecord = (figures: Figures): number => ((figures.cpu!.endpoint + figures.cpu!.instances) / figures.records) * 1e6;
  for (const iam of ['off', 'on'] as const) {
    for (const figures of runs[iam]) {
      const { endpoint, instances, producer } = figures.cpu!;
      console.log(`CPU ${figures.scenario.slice(0, 3)} IAM ${iam}: endpoint process ${endpoint.toFixed(2)} s, Lambda instances ${instances.toFixed(2)} s = ${Math.round(perRecord(figures))} µs per record; the producer process ${producer.toFixed(2)} s; ${figures.coldStarts} Lambda instances started during the timed runs`);
    }
  }
  const [first, second] = runs.on as [Figures, Figures];
  console.log(`ratio: (1) is ${(first.seconds / first.records / (baselines[0]!.seconds / baselines[0]!.records)).toFixed(1)}× the baseline's time; (2) is ${(second.seconds / second.records / (baselines[1]!.seconds / baselines[1]!.records)).toFixed(1)}×; nothing lost (every record counted in S3)`);
  const change = (on: number, off: number): string => `${on >= off ? '+' : ''}${(((on - off) / off) * 100).toFixed(1)}%`;
  for (const index of [0, 1]) {
    const on = runs.on[index]!;
    const off = runs.off[index]!;
    console.log(`IAM on vs off, ${on.scenario.slice(0, 3)}: time ${change(on.seconds, off.seconds)}, CPU per record ${change(perRecord(on), perRecord(off))} (target: within 5%)`);
  }
  // The two sides' CPU differs by more than IAM costs from one minute to the next on a shared machine; the
  // profile of the IAM-on runs says what the evaluation itself took, which the load moves far less.
  for (const index of [0, 1]) {
    const on = runs.on[index]!.profiled!;
    const off = runs.off[index]!.profiled!;
    const share = (on.iamMs / on.totalMs) * 100;
    console.log(`IAM evaluation in the endpoint's profile, ${runs.on[index]!.scenario.slice(0, 3)}: ${on.iamMs.toFixed(1)} ms of ${on.totalMs.toFixed(0)} ms sampled with IAM on = ${share.toFixed(2)}% (${off.iamMs.toFixed(1)} ms with it off) (target: within 5%: ${share <= 5 ? 'met' : 'not met'})`);
  }
};

/**
 * The endpoint runs in this process: it gets the node flags `hosepipe up` starts the real endpoint with
 * (stack/process.ts's nodeFlags: its small young generation, unless the flag was given), so the figures are the
 * product's. V8 sizes its heap when the process starts, so without them this process runs itself again with them.
 */
const productFlags = nodeFlags(process.execArgv, process.env.NODE_OPTIONS);
if (productFlags.length > process.execArgv.length) {
  const child = spawn(process.execPath, [...productFlags, ...process.argv.slice(1)], { stdio: 'inherit' });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (...ended) => resolve(ended)));
  process.exitCode = code ?? (signal ? 1 : 0);
} else {
  await main();
}
