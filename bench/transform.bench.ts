/**
 * Benchmarks the transform handler on a ~6 MB Firehose event of combined lines against the
 * Python baseline (bench/transform-baseline.py) on the same event file, in the same run, by CPU time.
 *
 * Method. The machine is shared and its load moves from one minute to the next by more than the
 * figure's margin, so the two sides take turns: the Python baseline runs as one process that loads the
 * event once and transforms it as often as it is asked, and the bench runs Node and Python in alternating
 * rounds (Node, Python, Python, Node, Node, Python, …), ROUNDS a side after an untimed warm-up round each,
 * so both sides see the same minutes. A round is NODE_PASSES passes over the event on Node's side and
 * PYTHON_PASSES on Python's, so the two last about as long (about half a second) and each Node round
 * takes in the garbage collection its passes cause rather than a pass that happened to miss one. Short
 * rounds, many of them, give both sides more chances at a quiet moment: with 10 rounds of twice the
 * length, Node's best round moved by 25% over four runs, with 20 by 4% over three.
 * Each side's figure is its best round: the least CPU time per pass of a round (and, for the lines/s
 * column, the least wall time). Other work on the machine only ever adds to a round's CPU time (caches,
 * memory bandwidth and the core's other hyper-thread shared, time stolen by the host), never takes from
 * it, so the least round is the one nearest the work's own cost; a median or a sum over the rounds moves
 * with how many of them a busy minute covered. Both sides get the same statistic over the same number of
 * rounds taken turn about. Each round's figure and the load average are printed, and the ratio of the
 * medians beside the figure, as a check on it.
 * What a round counts: Python's process_time() around each pass and the freeing of its answer; Node's
 * process.cpuUsage() (every thread, so the GC's too) from the start of its round to the start of its
 * next one, so garbage collected after a round, while Python runs, is counted to Node as well.
 * Run: node --import tsx bench/transform.bench.ts
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createTransformHandler, readTransformConfig, type FirehoseTransformationEvent } from '../lambda/index.js';
import { generateCombinedLines } from './transform-lines.js';

const EVENT_BYTES = 6 * 1024 * 1024;
// Timed rounds a side, taken turn about, each of this many passes over the event.
const ROUNDS = 20;
const NODE_PASSES = 10;
const PYTHON_PASSES = 1;
const TIME_ZONE = 'Asia/Seoul';

/** One round: its passes' wall and CPU seconds per pass, and the load average when it started. */
interface Round {
  seconds: number;
  cpuSeconds: number;
  load: number;
}

const buildEvent = (): FirehoseTransformationEvent => {
  // base64 grows data by 4/3 and each record carries ~120 bytes of JSON around it.
  const lines = generateCombinedLines(Math.floor(EVENT_BYTES * 0.56));
  const arrival = Date.UTC(2024, 2, 10, 15);
  return {
    invocationId: 'bench',
    deliveryStreamArn: 'arn:aws:firehose:ap-northeast-2:000000000000:deliverystream/hosepipe-bench',
    region: 'ap-northeast-2',
    records: lines.map((line, index) => ({ recordId: `r${index}`, approximateArrivalTimestamp: arrival, data: Buffer.from(line).toString('base64') })),
  };
};

/** Node's side: the handler in this process. `round()` transforms the event NODE_PASSES times; `close()` ends the last round's CPU window. */
const startNode = (event: FirehoseTransformationEvent) => {
  const handler = createTransformHandler(readTransformConfig({ HOSEPIPE_TIME_ZONE: TIME_ZONE }), () => {});
  const rounds: Round[] = [];
  // The round whose CPU window is still open: it closes when the next round starts.
  let open: { started: NodeJS.CpuUsage; seconds: number; load: number } | undefined;
  const closeOpen = () => {
    if (open === undefined) return;
    const cpu = process.cpuUsage(open.started);
    rounds.push({ seconds: open.seconds / NODE_PASSES, cpuSeconds: (cpu.user + cpu.system) / 1e6 / NODE_PASSES, load: open.load });
    open = undefined;
  };
  return {
    rounds,
    /** An untimed round; answers the Ok records of a pass. */
    async warmUp(): Promise<number> {
      let ok = 0;
      for (let pass = 0; pass < NODE_PASSES; pass += 1) ok = (await handler(event, {})).records.filter((record) => record.result === 'Ok').length;
      return ok;
    },
    async round(): Promise<void> {
      closeOpen();
      const load = loadavg()[0] ?? 0;
      const startedCpu = process.cpuUsage();
      const started = process.hrtime.bigint();
      for (let pass = 0; pass < NODE_PASSES; pass += 1) await handler(event, {});
      open = { started: startedCpu, seconds: Number(process.hrtime.bigint() - started) / 1e9, load };
    },
    async close(): Promise<void> {
      // Time for collection work the last round left behind, which is counted to it.
      await sleep(500);
      closeOpen();
    },
  };
};

/** Python's side: bench/transform-baseline.py as a process of its own, PYTHON_PASSES passes a round. */
const startPython = async (eventPath: string) => {
  const script = fileURLToPath(new URL('transform-baseline.py', import.meta.url));
  const child = spawn('python3', [script, eventPath, TIME_ZONE], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the Python baseline exited before answering (code ${child.exitCode})`);
    return JSON.parse(line.value) as T;
  };
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const { lines: count, line_bytes: lineBytes } = await next<{ lines: number; line_bytes: number }>();
  const rounds: Round[] = [];
  const run = async () => {
    child.stdin.write(`run ${PYTHON_PASSES}\n`);
    return next<{ ok: number; seconds: number; cpu_seconds: number }>();
  };
  return {
    lines: count,
    lineBytes,
    rounds,
    /** An untimed round; answers the Ok records of a pass. */
    async warmUp(): Promise<number> {
      return (await run()).ok;
    },
    async round(): Promise<void> {
      const load = loadavg()[0] ?? 0;
      const { seconds, cpu_seconds: cpuSeconds } = await run();
      rounds.push({ seconds: seconds / PYTHON_PASSES, cpuSeconds: cpuSeconds / PYTHON_PASSES, load });
    },
    async close(): Promise<void> {
      child.stdin.end();
      const code = await exited;
      if (code !== 0) throw new Error(`the Python baseline exited with ${code}`);
    },
  };
};

const least = (values: readonly number[]): number => Math.min(...values);
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const row = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(18) : cell.padStart(12))).join(' | ');

const main = async (): Promise<void> => {
  const event = buildEvent();
  const eventJson = JSON.stringify(event);
  const dir = await mkdtemp(path.join(tmpdir(), 'hosepipe-bench-'));
  try {
    const eventPath = path.join(dir, 'event.json');
    await writeFile(eventPath, eventJson);
    console.log(`event: ${event.records.length} records, ${(eventJson.length / 1e6).toFixed(2)} MB JSON; zone ${TIME_ZONE}; a warm-up round a side, then ${ROUNDS} rounds a side taken turn about (N P P N …), ${NODE_PASSES} passes a Node round and ${PYTHON_PASSES} a Python round; each side's figure is its best round`);
    console.log(`machine: ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)}; ${process.version}, python3`);
    const node = startNode(event);
    const python = await startPython(eventPath);
    const nodeOk = await node.warmUp();
    const pythonOk = await python.warmUp();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const side of round % 2 === 0 ? [node, python] : [python, node]) await side.round();
    }
    await node.close();
    await python.close();

    const lines = event.records.length;
    const lineBytes = event.records.reduce((sum, record) => sum + Buffer.byteLength(record.data, 'base64'), 0);
    if (python.lines !== lines || python.lineBytes !== lineBytes) throw new Error(`the Python baseline read ${python.lines} lines of ${python.lineBytes} bytes, not ${lines} of ${lineBytes}`);
    for (const [round, nodeRound] of node.rounds.entries()) {
      const pythonRound = python.rounds[round]!;
      console.log(`round ${String(round + 1).padStart(2)} (${round % 2 === 0 ? 'node first  ' : 'python first'}): lines/CPU-s node ${Math.round(lines / nodeRound.cpuSeconds).toLocaleString('en-US')} (load ${nodeRound.load.toFixed(2)}), python ${Math.round(lines / pythonRound.cpuSeconds).toLocaleString('en-US')} (load ${pythonRound.load.toFixed(2)}); ${(pythonRound.cpuSeconds / nodeRound.cpuSeconds).toFixed(1)}x`);
    }
    const figures = [
      { name: 'hosepipe (node)', rounds: node.rounds },
      { name: 'python baseline', rounds: python.rounds },
    ].map(({ name, rounds }) => ({
      name,
      seconds: least(rounds.map((one) => one.seconds)),
      cpuSeconds: least(rounds.map((one) => one.cpuSeconds)),
      medianCpuSeconds: median(rounds.map((one) => one.cpuSeconds)),
    }));
    console.log(row(['best round', 'lines/s', 'MB/s', 'lines/CPU-s']));
    console.log(row(['-'.repeat(18), '-'.repeat(12), '-'.repeat(12), '-'.repeat(12)]));
    for (const f of figures) {
      console.log(row([f.name, Math.round(lines / f.seconds).toLocaleString('en-US'), (lineBytes / f.seconds / 1e6).toFixed(1), Math.round(lines / f.cpuSeconds).toLocaleString('en-US')]));
    }
    const [nodeBest, pythonBest] = figures as [(typeof figures)[number], (typeof figures)[number]];
    console.log(`ratio: ${(pythonBest.cpuSeconds / nodeBest.cpuSeconds).toFixed(1)}x python by CPU time (goal: ≥ 12x), ${(pythonBest.seconds / nodeBest.seconds).toFixed(1)}x by wall clock; best round a side (the medians' ratio: ${(pythonBest.medianCpuSeconds / nodeBest.medianCpuSeconds).toFixed(1)}x by CPU time)`);
    console.log(`(MB/s counts raw log bytes; Ok records: node ${nodeOk}, python ${pythonOk})`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

await main();
