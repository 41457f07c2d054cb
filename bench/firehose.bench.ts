/**
 * Firehose delivery throughput through the local endpoint, beside a baseline in the same run:
 *   (1) DirectPut → identity Lambda → S3, 250-byte records;
 *   (2) Kinesis stream → the real transform (buildTransformZip) → S3, combined-format access-log lines,
 *       250 bytes where a request's URI can be lengthened (bench/firehose-records.ts);
 *   baseline: the same records written straight to S3 objects with the SDK (PutObject, 64 MiB objects).
 * Each scenario runs with IAM enforced and with it off, each side an endpoint in a process of its own
 * (bench/firehose-side.ts), in 8 rounds each taken turn about (off on on off …, 2 × BENCH_RECORDS records a
 * side), and prints on against off; each side first brings its function up to as many warm instances as
 * Firehose invokes at once and then delivers a round's records untimed through its delivery stream, so both
 * sides are measured warm (until 2026-12-07, 10,000 records before the instances, and each side's first round
 * cost about half as much again as the rest). The timed rounds are not profiled (the sampling cost the
 * endpoint up to a seventh more); after them each side runs one more round under the profiler, for IAM
 * evaluation's share of the endpoint's profile only. Until 2026-12-06 both sides shared this process's heap and every round began with a forced
 * full collection, which shrank the heap V8 then grew again inside the round (2026-12-05: about a quarter more
 * CPU a record than rounds on a grown heap); an endpoint of its own is what `hosepipe up` runs. Turn about with
 * the shared-heap bench (2026-12-06 23:31, two pairs): (2) 31 / 31 against 35 / 35 µs a record, (1) 12 / 14
 * against 13 / 14.
 * The sides (and the baselines' endpoint, in this process) run with the node flags `hosepipe up` starts the
 * real endpoint with (its small young generation; stack/process.ts's nodeFlags): the bench runs itself again
 * with them when not given, and its sides inherit them.
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
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { fork, spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { nodeFlags } from '../stack/process.js';
import { assertDelivered, LAMBDA_BUFFER_MB, PUT_BATCH, PUTTERS, S3_BUFFER_MB, TIME_ZONE, timed, type Figures, type ScenarioName, type SideAnswer, type SideRequest } from './firehose-side.js';
import { fixedRecords, logRecords, RECORD_BYTES, totalBytes } from './firehose-records.js';
import { countRecords, createBucket, inParallel, startStack, type BenchStack } from './firehose-stack.js';

const DEFAULT_RECORDS = 100_000;
// Timed rounds per IAM side and scenario, taken turn about with the other side's.
const ROUNDS = 8;

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

/** A side of a scenario in its own process (bench/firehose-side.ts), with this process's node flags: the endpoint's. */
interface SideProcess {
  round(count: number, label: string, profiled: boolean): Promise<Figures>;
  verify(): Promise<void>;
  close(): Promise<void>;
}

async function startSide(scenario: ScenarioName, iam: boolean, warmUp: number): Promise<SideProcess> {
  const child = fork(path.join(import.meta.dirname, 'firehose-side.ts'), [], { execArgv: process.execArgv, stdio: 'inherit' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ask = (request: SideRequest) => new Promise<SideAnswer>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the ${scenario} side (IAM ${iam ? 'on' : 'off'}) exited with ${code} before answering ${JSON.stringify(request)}`));
    child.once('exit', onExit);
    child.once('message', (answer: SideAnswer) => {
      child.off('exit', onExit);
      if ('error' in answer) reject(new Error(`the ${scenario} side (IAM ${iam ? 'on' : 'off'}): ${answer.error}`));
      else resolve(answer);
    });
    child.send(request);
  });
  await ask({ scenario, iam, warmUp });
  return {
    async round(count, label, profiled) {
      return ((await ask({ round: count, label, profiled })) as { figures: Figures }).figures;
    },
    async verify() {
      await ask({ verify: true });
    },
    async close() {
      if (child.connected) child.send({ close: true } satisfies SideRequest);
      await exited;
    },
  };
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

/** One scenario's timed rounds as one: records, bytes, seconds and CPU seconds added up, with its profiled round's profile. */
function sumOf(figures: Figures[], profiled: Figures['profiled']): Figures {
  const add = (pick: (one: Figures) => number): number => figures.reduce((sum, one) => sum + pick(one), 0);
  return {
    scenario: figures[0]!.scenario, records: add((one) => one.records), bytes: add((one) => one.bytes), seconds: add((one) => one.seconds),
    cpu: { endpoint: add((one) => one.cpu!.endpoint), instances: add((one) => one.cpu!.instances), producer: add((one) => one.cpu!.producer) },
    coldStarts: add((one) => one.coldStarts ?? 0),
    profiled,
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
  const scenarios = (['direct', 'kinesis'] as const).filter((name) => scenarioNames.includes(name));
  for (const [place, name] of scenarios.entries()) {
    // The first round in a process pays more (its heap still growing): each scenario gives it to the other side,
    // and the side that goes first in a scenario has its endpoint made and warmed first too.
    const order = (index: number) => ((index + place) % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)).filter((iam) => iamSides.includes(iam));
    const sides: Partial<Record<'on' | 'off', SideProcess>> = {};
    try {
      for (const iam of order(0)) sides[iam] = await startSide(name, iam === 'on', perRound);
      const rounds: Record<'on' | 'off', Figures[]> = { on: [], off: [] };
      for (let index = 0; index < ROUNDS; index++) {
        for (const iam of order(index)) {
          rounds[iam].push(await sides[iam]!.round(perRound, `${name}-iam-${iam}-${index}`, false));
        }
      }
      for (const iam of order(ROUNDS)) {
        const profiled = await sides[iam]!.round(perRound, `${name}-iam-${iam}-profiled`, true);
        await sides[iam]!.verify();
        runs[iam].push(sumOf(rounds[iam], profiled.profiled));
      }
      const perRoundFigures = (iam: 'on' | 'off') => rounds[iam].map((one) => Math.round(((one.cpu!.endpoint + one.cpu!.instances) / one.records) * 1e6)).join(' ');
      console.log(`rounds ${runs[iamSides[0]!].at(-1)!.scenario.slice(0, 3)}, µs CPU per record: ${iamSides.map((iam) => `IAM ${iam} ${perRoundFigures(iam)}`).join('; ')}`);
    } finally {
      for (const side of Object.values(sides)) await side.close();
    }
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
    console.log(`IAM evaluation in the endpoint's profile of a round, ${runs.on[index]!.scenario.slice(0, 3)}: ${on.iamMs.toFixed(1)} ms of ${on.totalMs.toFixed(0)} ms sampled with IAM on = ${share.toFixed(2)}% (${off.iamMs.toFixed(1)} ms with it off) (target: within 5%: ${share <= 5 ? 'met' : 'not met'})`);
  }
};

/**
 * The sides' endpoints run with the node flags `hosepipe up` starts the real endpoint with (stack/process.ts's
 * nodeFlags: its small young generation, unless the flag was given), so the figures are the product's: V8 sizes
 * its heap when a process starts, so without them this process runs itself again with them, and its sides
 * (and the baselines' endpoint here) inherit them.
 */
const productFlags = nodeFlags(process.execArgv, process.env.NODE_OPTIONS);
if (productFlags.length > process.execArgv.length) {
  const child = spawn(process.execPath, [...productFlags, ...process.argv.slice(1)], { stdio: 'inherit' });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (...ended) => resolve(ended)));
  process.exitCode = code ?? (signal ? 1 : 0);
} else {
  await main();
}
