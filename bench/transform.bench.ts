/**
 * Benchmarks the transform handler on a ~6 MB Firehose event of combined lines against the
 * Python baseline (bench/transform-baseline.py) on the same event file, in the same run.
 * Run: node --import tsx bench/transform.ts
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTransformHandler, readTransformConfig, type FirehoseTransformationEvent } from '../lambda/index.js';
import { generateCombinedLines } from './transform-lines.js';

const EVENT_BYTES = 6 * 1024 * 1024;
const RUNS = 7;
// Node and Python take turns, each keeping its best run, so a busy moment on the machine hits both.
const ROUNDS = 2;
const WARMUP_RUNS = 2;
const TIME_ZONE = 'Asia/Seoul';

interface Figures {
  name: string;
  lines: number;
  ok: number;
  lineBytes: number;
  /** Best wall-clock time of one run over the event. */
  seconds: number;
  /** Best CPU time (all threads) of one run: less moved by other processes competing for the CPUs. */
  cpuSeconds: number;
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

const measureNode = async (event: FirehoseTransformationEvent): Promise<Figures> => {
  const handler = createTransformHandler(readTransformConfig({ HOSEPIPE_TIME_ZONE: TIME_ZONE }), () => {});
  let best = Number.POSITIVE_INFINITY;
  let bestCpu = Number.POSITIVE_INFINITY;
  let ok = 0;
  for (let run = 0; run < WARMUP_RUNS + RUNS; run += 1) {
    const started = process.hrtime.bigint();
    const startedCpu = process.cpuUsage();
    const result = await handler(event, {});
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(startedCpu);
    if (run >= WARMUP_RUNS) {
      best = Math.min(best, seconds);
      bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1e6);
    }
    ok = result.records.filter((record) => record.result === 'Ok').length;
  }
  const lineBytes = event.records.reduce((sum, record) => sum + Buffer.byteLength(record.data, 'base64'), 0);
  return { name: 'hosepipe (node)', lines: event.records.length, ok, lineBytes, seconds: best, cpuSeconds: bestCpu };
};

const measurePython = async (eventPath: string): Promise<Figures> => {
  const script = fileURLToPath(new URL('transform-baseline.py', import.meta.url));
  const { stdout } = await promisify(execFile)('python3', [script, eventPath, String(RUNS), TIME_ZONE], { maxBuffer: 1 << 20 });
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { lines: number; ok: number; line_bytes: number; seconds: number; cpu_seconds: number };
  return { name: 'python baseline', lines: result.lines, ok: result.ok, lineBytes: result.line_bytes, seconds: result.seconds, cpuSeconds: result.cpu_seconds };
};

const row = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(18) : cell.padStart(12))).join(' | ');

const main = async (): Promise<void> => {
  const event = buildEvent();
  const eventJson = JSON.stringify(event);
  const dir = await mkdtemp(path.join(tmpdir(), 'hosepipe-bench-'));
  try {
    const eventPath = path.join(dir, 'event.json');
    await writeFile(eventPath, eventJson);
    console.log(`event: ${event.records.length} records, ${(eventJson.length / 1e6).toFixed(2)} MB JSON; best of ${ROUNDS}×${RUNS} runs each; zone ${TIME_ZONE}`);
    // Other work on the machine moves both figures; the ratio, measured in the same run, moves less.
    console.log(`machine: ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)}; ${process.version}, python3`);
    let node: Figures | undefined;
    let python: Figures | undefined;
    for (let round = 0; round < ROUNDS; round += 1) {
      const nodeRound = await measureNode(event);
      const pythonRound = await measurePython(eventPath);
      node = node === undefined ? nodeRound : { ...node, seconds: Math.min(node.seconds, nodeRound.seconds), cpuSeconds: Math.min(node.cpuSeconds, nodeRound.cpuSeconds) };
      python = python === undefined ? pythonRound : { ...python, seconds: Math.min(python.seconds, pythonRound.seconds), cpuSeconds: Math.min(python.cpuSeconds, pythonRound.cpuSeconds) };
    }
    if (node === undefined || python === undefined) throw new Error('no rounds ran');
    console.log(row(['name', 'lines/s', 'MB/s', 'lines/CPU-s']));
    console.log(row(['-'.repeat(18), '-'.repeat(12), '-'.repeat(12), '-'.repeat(12)]));
    for (const f of [node, python]) {
      const perCpu = Math.round(f.lines / f.cpuSeconds).toLocaleString('en-US');
      console.log(row([f.name, Math.round(f.lines / f.seconds).toLocaleString('en-US'), (f.lineBytes / f.seconds / 1e6).toFixed(1), perCpu]));
    }
    console.log(`ratio: ${(python.seconds / node.seconds).toFixed(1)}x python by wall clock, ${(python.cpuSeconds / node.cpuSeconds).toFixed(1)}x by CPU time`);
    console.log(`(MB/s counts raw log bytes; Ok records: node ${node.ok}, python ${python.ok})`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

await main();
