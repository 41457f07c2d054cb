/**
 * What the local pipeline costs while it waits: `make up`'s ready time and the idle memory (RSS) of each
 * process it starts, beside baselines measured in the same run.
 *   - ready: the wall time of `node dist/cli/bin.js up -d` (what `make up` runs) until it returns ready, and
 *     the readyMs the supervisor records (its own start until its run-state file is written);
 *     baselines: a bare `node` process's start (spawn until its first line) and nginx alone started the way
 *     `up` starts it (spawn until it accepts connections).
 *   - idle RSS (VmRSS) of the endpoint (the supervisor process), the agent, nginx (master + workers) and a
 *     function instance (the Lambda runtime process the transform ran in), read after a few requests to
 *     nginx, a `flush` (which invokes the transform) and a wait until the processes stop using CPU;
 *     then again after BENCH_IDLE_SETTLE_S more seconds (default 45) without requests, when V8's memory reducer
 *     has shrunk the heaps of processes that stay idle;
 *     baselines: a bare `node` process's idle RSS, and one that formatted a date in a time zone (Intl loads
 *     ICU's locale data; the transform's partition keys no longer do in a canonical zone);
 *   - the agent's anonymous memory (RssAnon) beside a bare node's: most of a node process's RSS is the node
 *     binary's pages it maps (VmRSS counts them in every process), which no flag of node's lowers.
 * The pipeline is started BENCH_IDLE_RUNS times (default 3) in a temporary project folder on free ports,
 * with `down` after each; each row prints the median and every run. Builds nothing: `make bench` builds dist/.
 * Run: make build && node --import tsx bench/idle.bench.ts
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../cli/paths.js';
import type { RunState } from '../cli/run-state.js';
import { freePort, startNginx } from '../stack/index.js';

const run = promisify(execFile);
const CLI = join(PACKAGE_ROOT, 'dist', 'cli', 'bin.js');
const REQUESTS = 20;
const MiB = 1024 * 1024;
// The goals of issue 20.
const GOALS = { readyMs: 1000, endpoint: 100 * MiB, agent: 40 * MiB, instance: 45 * MiB } as const;

const readSettleSeconds = (): number => {
  const raw = process.env.BENCH_IDLE_SETTLE_S;
  if (raw === undefined || raw === '') return 45;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`BENCH_IDLE_SETTLE_S must be a whole number of seconds, got '${raw}'`);
  return value;
};

const readRuns = (): number => {
  const raw = process.env.BENCH_IDLE_RUNS;
  if (raw === undefined || raw === '') return 3;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`BENCH_IDLE_RUNS must be a positive integer, got '${raw}'`);
  return value;
};

const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' ');

/**
 * A process's resident memory in bytes (VmRSS; `field` RssAnon: only its own anonymous memory, without the
 * pages of the node binary and libraries it maps, which every node process shares), or undefined when it is gone.
 */
function rss(pid: number, field: 'VmRSS' | 'RssAnon' = 'VmRSS'): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((text) => text.startsWith(`${field}:`));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface ProcInfo { pid: number; ppid: number; ticks: number; cmdline: string }

/** Every process on the machine with its parent, CPU ticks (user + system) and command line. */
function processes(): ProcInfo[] {
  const found: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      found.push({ pid: Number(name), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), cmdline });
    } catch {
      // Gone between readdir and read.
    }
  }
  return found;
}

const ticksOf = (pids: readonly number[]): number => processes().filter((proc) => pids.includes(proc.pid)).reduce((sum, proc) => sum + proc.ticks, 0);

/** Waits until the processes together use under 2 CPU ticks (20 ms) in a second, at most `timeoutMs`. */
async function waitForIdle(pids: readonly number[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let before = ticksOf(pids);
  while (Date.now() < deadline) {
    await sleep(1000);
    const now = ticksOf(pids);
    if (now - before < 2) return;
    before = now;
  }
}

/** Spawns `command` and resolves when it writes its first stdout line: [ms from spawn, the child]. */
async function startUntilLine(command: string, args: string[]): Promise<{ ms: number; pid: number; stop: () => void }> {
  const started = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code} before its first line`)));
  });
  return { ms: performance.now() - started, pid: child.pid ?? 0, stop: () => child.kill('SIGKILL') };
}

interface Sample {
  wallMs: number;
  readyMs: number;
  endpoint: number;
  agent: number;
  nginx: number;
  instance: number;
  endpointSettled: number;
  agentSettled: number;
  instanceSettled: number;
  nodeStartMs: number;
  nodeIdle: number;
  nodeIdleAnon: number;
  agentAnon: number;
  nodeIntlIdle: number;
  nginxStartMs: number;
}

const IDLE_NODE = "process.stdout.write('ready\\n'); setInterval(() => {}, 1e9);";
const INTL_NODE = "new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Seoul', hour: '2-digit' }).format(Date.now()); process.stdout.write('ready\\n'); setInterval(() => {}, 1e9);";

async function baselines(dir: string): Promise<Pick<Sample, 'nodeStartMs' | 'nodeIdle' | 'nodeIdleAnon' | 'nodeIntlIdle' | 'nginxStartMs'>> {
  const bare = await startUntilLine(process.execPath, ['-e', IDLE_NODE]);
  const intl = await startUntilLine(process.execPath, ['-e', INTL_NODE]);
  await waitForIdle([bare.pid, intl.pid], 5000);
  const nodeIdle = rss(bare.pid) ?? 0;
  const nodeIdleAnon = rss(bare.pid, 'RssAnon') ?? 0;
  const nodeIntlIdle = rss(intl.pid) ?? 0;
  bare.stop();
  intl.stop();
  const started = performance.now();
  const nginx = await startNginx({ prefix: join(dir, 'nginx-alone'), port: await freePort(), logFormat: 'combined', escape: 'default' });
  const nginxStartMs = performance.now() - started;
  await nginx.stop();
  return { nodeStartMs: bare.ms, nodeIdle, nodeIdleAnon, nodeIntlIdle, nginxStartMs };
}

async function measureOnce(dir: string, settleSeconds: number): Promise<Sample> {
  const env = { ...process.env, HOSEPIPE_STATE_DIR: join(dir, '.hosepipe') };
  const hosepipe = (args: string[]) => run(process.execPath, [CLI, ...args], { cwd: dir, env });
  const endpointPort = await freePort();
  const nginxPort = await freePort();
  writeFileSync(join(dir, 'hosepipe.yaml'), `name: idlebench\nendpoint: { port: ${endpointPort} }\nnginx: { listen: 127.0.0.1:${nginxPort} }\n`);
  const base = await baselines(dir);
  const started = performance.now();
  await hosepipe(['up', '-d']);
  const wallMs = performance.now() - started;
  try {
    const state = JSON.parse(readFileSync(join(dir, '.hosepipe', 'run', 'hosepipe.json'), 'utf8')) as RunState;
    for (let i = 0; i < REQUESTS; i++) await (await fetch(`${state.nginxUrl}/idle-bench/${i}`)).arrayBuffer();
    await hosepipe(['flush']);
    const all = processes();
    const instance = all.find((proc) => proc.ppid === state.pid && /(node-bootstrap\.mjs|python-bootstrap\.py)/.test(proc.cmdline));
    if (!instance) throw new Error('no function instance under the supervisor after flush');
    const workers = all.filter((proc) => proc.ppid === state.nginxPid).map((proc) => proc.pid);
    await waitForIdle([state.pid, state.agentPid, state.nginxPid, instance.pid, ...workers]);
    const sum = (pids: number[]) => pids.reduce((total, pid) => total + (rss(pid) ?? 0), 0);
    const idle = { endpoint: rss(state.pid) ?? 0, agent: rss(state.agentPid) ?? 0, agentAnon: rss(state.agentPid, 'RssAnon') ?? 0, nginx: sum([state.nginxPid, ...workers]), instance: rss(instance.pid) ?? 0 };
    await sleep(settleSeconds * 1000);
    return {
      ...base,
      ...idle,
      wallMs,
      readyMs: state.readyMs,
      endpointSettled: rss(state.pid) ?? 0,
      agentSettled: rss(state.agentPid) ?? 0,
      instanceSettled: rss(instance.pid) ?? 0,
    };
  } finally {
    await hosepipe(['down']);
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function main(): Promise<void> {
  const runs = readRuns();
  const settleSeconds = readSettleSeconds();
  console.log(`idle: ${runs} starts of \`up -d\` on ${availableParallelism()} cores, load ${load()} (1/5/15 min)`);
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'hosepipe-idle-'));
    try {
      samples.push(await measureOnce(dir, settleSeconds));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
  const sec = (value: number) => `${(value / 1000).toFixed(2)} s`;
  const middle = (key: keyof Sample) => median(samples.map((sample) => sample[key]));
  const row = (label: string, key: keyof Sample, unit: (value: number) => string, goal: string, baseline: string) => {
    const values = samples.map((sample) => sample[key]);
    console.log(`  ${label.padEnd(40)} ${unit(median(values)).padStart(10)}  ${goal.padEnd(16)} ${`[${values.map(unit).join(', ')}]`.padEnd(36)} ${baseline}`);
  };
  const starts = `bare node start ${sec(middle('nodeStartMs'))}, nginx alone start ${sec(middle('nginxStartMs'))}`;
  const bareIdle = `bare node idle ${mib(middle('nodeIdle'))}`;
  const intlIdle = `${bareIdle}, with Intl ${mib(middle('nodeIntlIdle'))}`;
  const settled = `after ${settleSeconds} s more`;
  console.log(`  ${'figure'.padEnd(40)} ${'median'.padStart(10)}  ${'goal'.padEnd(16)} ${'[each run]'.padEnd(36)} baseline (median, same runs)`);
  row('up -d wall time (the CLI until ready)', 'wallMs', sec, '', starts);
  row('readyMs (the supervisor until ready)', 'readyMs', sec, `≤ ${sec(GOALS.readyMs)}`, starts);
  row('endpoint idle RSS (supervisor)', 'endpoint', mib, `≤ ${mib(GOALS.endpoint)}`, bareIdle);
  row(`  ${settled}`, 'endpointSettled', mib, `≤ ${mib(GOALS.endpoint)}`, bareIdle);
  row('agent idle RSS', 'agent', mib, `≤ ${mib(GOALS.agent)}`, bareIdle);
  row(`  ${settled}`, 'agentSettled', mib, `≤ ${mib(GOALS.agent)}`, bareIdle);
  row('  of it anonymous (RssAnon)', 'agentAnon', mib, '', `bare node ${mib(middle('nodeIdleAnon'))} (the rest is mapped files, the node binary's pages first)`);
  row('function instance idle RSS', 'instance', mib, `≤ ${mib(GOALS.instance)}`, intlIdle);
  row(`  ${settled}`, 'instanceSettled', mib, `≤ ${mib(GOALS.instance)}`, intlIdle);
  row('nginx idle RSS (master + workers)', 'nginx', mib, '', '');
  const goals = (['readyMs', 'endpoint', 'agent', 'instance'] as const).map((key) => {
    const met = samples.filter((sample) => sample[key] <= GOALS[key]).length;
    return `${key} ${met === runs ? 'met' : 'not met'} (${met}/${runs} runs)`;
  });
  console.log(`  goals at first idle: ${goals.join(', ')}`);
  console.log(`  load after: ${load()}`);
}

await main();
