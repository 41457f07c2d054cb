// End to end: BENCH_REQUESTS (default 200,000) HTTP requests into nginx with wrk, then drain and audit.
// The baseline's time runs from wrk's start to nginx's last line, the stack's to that line's arrival in S3: once wrk
// has stopped, the agent's flush (SIGUSR2, as Firehose's flush below, so neither last buffer waits for its age), the
// first look at the agent (every 10 ms) that finds the whole log shipped, then Firehose's flush. The waits that
// confirm the log is complete (half a second without growth, two calm looks at the agent) come after the timed part.
// The stack is started as `make up` starts it (`hosepipe up -d` from dist/: the endpoint is the supervisor
// process, nginx, the agent and the function instances its children), and its processes are measured from /proc.
// Baseline, measured in the same run: the same nginx config alone under the same wrk load, no shipping.
// Then the same again with the whole bench pinned to one core (`taskset -c 0`: endpoint, agent, function
// instances, nginx and wrk), BENCH_PINNED_REQUESTS (default half of BENCH_REQUESTS) requests, to show how
// the figure scales with cores. BENCH_PINNED_REQUESTS=0 skips that run. Each timed run follows an untimed
// warm-up of BENCH_WARMUP_REQUESTS (default 20,000) through the same stack, drained and flushed.
// Peak memory is the stack's summed RSS (VmRSS) at its highest sample, the goal's measure; beside it the same
// processes' PSS in that sample, where a page mapped by several of them (the node binary's) counts once.
// BENCH_TIMELINE=1 prints the two-core run's timeline (bench/pipeline-timeline.ts) before its figures.
// BENCH_ALLOC=<folder> keeps there what the two-core run's endpoint and agent allocated over their lives, and prints
// the bytes a line and the places that allocate most (not a run to quote CPU figures from: the sampling costs some).
// BENCH_GC=1 prints the two-core run's endpoint's and agent's garbage collections over their lives: how many of each
// kind, their time, and what the young generation's collections moved to the old one (bench/gc-sampler.mjs).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PACKAGE_ROOT } from '../cli/paths.js';
import { freePort, resolveLogFormatForBench, startNginx, upStack } from './pipeline-stack.js';
import { countNewLines, type LineCount } from '../stack/access-log.js';
import { agentHasShipped, flushFirehose, readAgentStatus, type AgentStatus } from '../stack/index.js';
import { cpuSeconds, processTree, sampleStack } from './pipeline-proc.js';
import { startTimeline } from './pipeline-timeline.js';
import { allocationSites, type HeapProfile } from './profile.js';
import { auditPassed, auditPipeline, collectAuditInput, formatAudit, predictTransform, waitForAgentShipped } from '../scenarios/index.js';
import { parsePipelineConfig } from '../provision/index.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PINNED_REQUESTS = Number(process.env.BENCH_PINNED_REQUESTS ?? Math.round(REQUESTS / 2));
// Untimed requests through each stack first, so the timed part does not pay the endpoint's compilation and
// first heap growth, which a `make up` that has run a while has behind it.
const WARMUP_REQUESTS = Number(process.env.BENCH_WARMUP_REQUESTS ?? 20_000);
const THREADS = 2;
/** The goal of issue 20: two cores give at least this many times the one-core rate. */
const SCALING_GOAL = 1.7;
const WRK = process.env.BENCH_WRK ?? '/usr/bin/wrk';
const ALLOCATION_DIR = process.env.BENCH_ALLOC ? resolve(process.env.BENCH_ALLOC) : undefined;
const GC_SUMS = Boolean(process.env.BENCH_GC);
/** Where the two-core run's processes write their garbage collections' sums with BENCH_GC, in the bench's folder. */
const gcFolder = (dir: string): string => join(dir, 'gc');

interface WrkScript {
  file: string;
  /** How many of wrk's threads have sent their share and stopped. */
  stopped(): number;
}

/**
 * wrk has no request count; this script stops each thread after its share of requests, and the thread leaves a
 * file saying so. A few requests a thread built just before it stopped may never reach nginx, so the count of
 * logged lines cannot tell when wrk is done; these files can.
 */
function wrkScript(dir: string, perThread: number, label: string): WrkScript {
  const file = join(dir, `bounded-${label}.lua`);
  const stoppedDir = join(dir, `stopped-${label}`);
  mkdirSync(stoppedDir, { recursive: true });
  writeFileSync(file, `-- Each thread sends ${perThread} requests, then stops and leaves a file saying so.
local counter = 0
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
function init(args) counter = 0 end
request = function()
  counter = counter + 1
  return wrk.format("GET", "/bench?run=${label}&n=" .. counter)
end
response = function(status, headers, body)
  if counter >= ${perThread} then
    local marker = io.open("${stoppedDir}/" .. id, "w")
    if marker then marker:close() end
    wrk.thread:stop()
  end
end
`);
  return { file, stopped: () => readdirSync(stoppedDir).length };
}

interface WrkRun {
  /** From wrk's start to the last growth of the access log seen (within WATCH_MS). */
  seconds: number;
  /** performance.now() at that last growth. */
  lastLineAt: number;
  /** wrk was stopped after STALL_MS without a logged request, before every thread had sent its share. */
  stalled: boolean;
  /** Every thread has sent its share and stopped: no request is sent after this, a few in flight may still be logged. */
  threadsStopped: Promise<void>;
  /** wrk has exited, QUIET_MS after the access log stopped growing: no line comes after this. */
  done: Promise<void>;
}

// Half a second without growth of the access log with every request logged ends the run; a stall that long
// mid-run (a loaded machine, or everything pinned to one busy core) does not, unless it lasts ten seconds.
const QUIET_MS = 500;
const STALL_MS = 10_000;
/** How often the access log's size and wrk's threads are looked at: how close to the last line the runs' ends are timed. */
const WATCH_MS = 10;

/** Counts the newlines a file gained since the last call, reading only what was appended. */
function lineCounter(file: string): () => number {
  const counted: LineCount = { bytes: 0, lines: 0 };
  return () => {
    if (!existsSync(file)) return 0;
    countNewLines(file, counted);
    return counted.lines;
  };
}

/**
 * wrk's main thread sleeps for the whole -d even after the script stopped every thread, so once every thread
 * has stopped and the access log has stopped growing it gets SIGINT, which makes it report and exit. The quiet
 * time before the SIGINT is not part of the run. Ten seconds without a logged request before that is a stall.
 */
function runWrk(url: string, script: WrkScript, accessLog: string): WrkRun {
  const started = performance.now();
  // Long enough never to be the bound: the script stops the threads after their requests.
  const child = spawn(WRK, ['-t', String(THREADS), '-c', String(CONNECTIONS), '-d', '600s', '-s', script.file, url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  let lastSize = -1;
  let quietSince = performance.now();
  let threadsStopped = false;
  let markStopped = () => {};
  const run: WrkRun = { seconds: 0, lastLineAt: started, stalled: false, threadsStopped: new Promise((resolve) => { markStopped = resolve; }), done: Promise.resolve() };
  const watcher = setInterval(() => {
    const size = existsSync(accessLog) ? statSync(accessLog).size : 0;
    const quiet = performance.now() - quietSince;
    if (!threadsStopped && script.stopped() >= THREADS) {
      threadsStopped = true;
      markStopped();
    }
    if (size !== lastSize) {
      lastSize = size;
      quietSince = performance.now();
    } else if (size > 0 && ((quiet > QUIET_MS && threadsStopped) || quiet > STALL_MS)) {
      run.stalled = !threadsStopped;
      child.kill('SIGINT');
    }
  }, WATCH_MS);
  child.once('exit', () => clearInterval(watcher));
  run.done = new Promise((resolve, reject) => child.once('exit', (code) => {
    run.seconds = (quietSince - started) / 1000;
    run.lastLineAt = quietSince;
    if (code === 0 || child.signalCode === 'SIGINT') resolve();
    else reject(new Error(`wrk exited with ${code}: ${output}`));
  }));
  return run;
}

/** Resolves once two looks at the file WATCH_MS apart find the same size: the requests in flight when wrk stopped are logged. */
async function settled(file: string): Promise<void> {
  for (let size = statSync(file).size; ; ) {
    await sleep(WATCH_MS);
    const now = statSync(file).size;
    if (now === size) return;
    size = now;
  }
}

/**
 * The agent's status at the first look, every WATCH_MS, that finds every line of the access log shipped, and the
 * log's size then. Unlike waitForAgentShipped it does not wait for a second calm look: the bench confirms that
 * afterwards, outside the timed run.
 */
async function firstShipped(statusUrl: string, accessLog: string, timeoutMs: number): Promise<{ status: AgentStatus; size: number }> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const size = statSync(accessLog).size;
    const status = await readAgentStatus(statusUrl);
    if (agentHasShipped(status, accessLog) && statSync(accessLog).size === size) return { status, size };
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for the agent to ship ${accessLog} (last status ${JSON.stringify(status)})`);
    await sleep(WATCH_MS);
  }
}

/**
 * Sets the CPU affinity of this process and all its threads; processes it starts afterwards (the agent,
 * function instances, nginx, wrk) inherit it.
 */
function pinTo(cpus: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
}

interface RunFigures {
  requests: number;
  baselineRate: number;
  baselineSeconds: number;
  /** The supervisor's (the endpoint's) and the agent's. */
  pids: { endpoint: number; agent: number };
  /** Every line the stack delivered, the warm-up's too. */
  linesCarried: number;
  lines: number;
  seconds: number;
  wrkRate: number;
  phases: number[];
  agentCpu: number;
  cpuByRole: Map<string, number>;
  peakRss: number;
  pssAtPeak: number;
  rssByRoleAtPeak: Map<string, number>;
  processes: number;
  missing: number;
  duplicated: number;
  errorCodes: Map<string, number>;
  passed: boolean;
  audit: string;
}

/** The nginx-alone baseline; then the stack as `make up` starts it, warmed up, under the same load, drained and audited. */
async function run(dir: string, requests: number, label: string): Promise<RunFigures> {
  const perThread = Math.ceil(requests / THREADS);
  const script = wrkScript(dir, perThread, label);
  const document = {
    name: `bench-${Math.random().toString(36).slice(2, 8)}`,
    endpoint: { port: await freePort() },
    nginx: { listen: `127.0.0.1:${await freePort()}` },
    stream: { shards: Number(process.env.BENCH_SHARDS ?? 10) },
    // Half the default Lambda buffer: 1 MB of short nginx lines comes back from the transform as more than
    // Lambda's 6 MB response limit (base64 JSON + partition keys), and Firehose fails the whole batch.
    firehose: { processorBuffering: { sizeMB: 0.5, intervalSeconds: 60 } },
  };
  const config = parsePipelineConfig(document, 'bench');
  // Baseline: nginx alone, same config and load, nothing tailing its log.
  const format = resolveLogFormatForBench(config);
  const alone = await startNginx({ prefix: join(dir, `nginx-alone-${label}`), port: await freePort(), logFormat: format, escape: config.nginx.logEscape });
  const baseline = runWrk(`${alone.url}/`, script, alone.accessLog);
  await baseline.done;
  await alone.stop();

  // BENCH_PROFILE=<file>.cpuprofile: the endpoint's (the supervisor's) CPU profile, two-core run.
  // BENCH_ALLOC=<folder>: the endpoint's and the agent's allocations, two-core run; BENCH_GC=1: their collections.
  const diagnostics = label === 'cores' ? { profileFile: process.env.BENCH_PROFILE, allocationDir: ALLOCATION_DIR, gcDir: GC_SUMS ? gcFolder(dir) : undefined } : {};
  const stack = await upStack(join(dir, `stack-${label}`), document, diagnostics);
  const { state } = stack;
  try {
    const drain = async () => {
      process.kill(state.agentPid!, 'SIGUSR2');
      await waitForAgentShipped(state.agentStatusUrl!, state.accessLog, 600_000);
      await flushFirehose(state.endpoint, state.deliveryStream);
    };
    // Untimed warm-up through the same stack, so the timed part finds the endpoint compiled and its heap grown,
    // as a `make up` that has been running a while does.
    let warmLines = 0;
    if (WARMUP_REQUESTS > 0) {
      const warmup = runWrk(`${state.nginxUrl}/`, wrkScript(dir, Math.ceil(WARMUP_REQUESTS / THREADS), `${label}-warmup`), state.accessLog);
      await warmup.done;
      await drain();
      warmLines = lineCounter(state.accessLog)();
    }
    const agentCpuBefore = cpuSeconds(state.agentPid);
    const sampling = sampleStack(state.pid);
    // wrk runs from this process: its CPU is sampled here.
    const load = sampleStack(process.pid);
    const started = performance.now();
    const timeline = process.env.BENCH_TIMELINE && label === 'cores'
      ? startTimeline({ logLines: lineCounter(state.accessLog), agentStatusUrl: state.agentStatusUrl!, endpoint: state.endpoint, deliveryStream: state.deliveryStream, before: warmLines }, started)
      : undefined;
    const wrk = runWrk(`${state.nginxUrl}/`, wrkScript(dir, perThread, `${label}-stack`), state.accessLog);
    // Timed to the last line in S3 (see the top of this file). The agent's last partial batch would otherwise wait
    // its maxBufferAgeMs (1 s), a fixed wait that a run whose line count is a multiple of its 500-record batch does not
    // have at all. wrk's quiet time and waitForAgentShipped's calm polls only confirm, untimed, that no line came
    // after the first look; one that did (the log or the agent's count moved) times the run to a second flush.
    await Promise.race([wrk.threadsStopped, wrk.done]);
    await settled(state.accessLog);
    process.kill(state.agentPid!, 'SIGUSR2');
    const { status: seen, size: sizeSeen } = await firstShipped(state.agentStatusUrl!, state.accessLog, 600_000);
    let shipped = performance.now();
    await flushFirehose(state.endpoint, state.deliveryStream);
    let flushed = performance.now();
    await wrk.done;
    const confirmed = await waitForAgentShipped(state.agentStatusUrl!, state.accessLog, 600_000);
    const lateLines = statSync(state.accessLog).size !== sizeSeen || confirmed.recordsSent !== seen.recordsSent;
    if (lateLines) {
      shipped = performance.now();
      await flushFirehose(state.endpoint, state.deliveryStream);
      flushed = performance.now();
    }
    const seconds = (flushed - started) / 1000;
    if (timeline) {
      const at = (instant: number) => ((instant - started) / 1000).toFixed(2);
      console.log([...await timeline.stop(), `last line logged ${at(wrk.lastLineAt)} s, agent shipped ${at(shipped)} s, flushed ${at(flushed)} s${lateLines ? ' (lines logged after the first look: timed to the confirmation)' : ''}`].join('\n'));
    }
    const { peakRss, pssAtPeak, cpuByRole, rssByRoleAtPeak } = sampling.stop();
    cpuByRole.set('wrk', load.stop().cpuByRole.get('wrk') ?? 0);
    const agentCpu = cpuSeconds(state.agentPid) - agentCpuBefore;
    const processes = processTree(state.pid).length;
    const prefixes = state.prefixes;
    const input = await collectAuditInput({ endpoint: state.endpoint, region: config.region, bucket: state.bucket, deliveryStream: state.deliveryStream, accessLog: state.accessLog, prefixes });
    const report = auditPipeline({ ...input, predict: predictTransform(config) });
    const errorCodes = new Map<string, number>();
    for (const body of input.errors) for (const line of body.toString('utf8').split('\n').filter(Boolean)) {
      const record = JSON.parse(line) as { errorCode?: string; errorMessage?: string };
      const code = `${record.errorCode} (${String(record.errorMessage).slice(0, 160)})`;
      errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
    }
    const lines = report.written - warmLines;
    return {
      requests,
      pids: { endpoint: state.pid, agent: state.agentPid! },
      linesCarried: report.written,
      baselineRate: requests / baseline.seconds,
      baselineSeconds: baseline.seconds,
      lines,
      seconds,
      wrkRate: requests / wrk.seconds,
      phases: [wrk.lastLineAt - started, shipped - wrk.lastLineAt, flushed - shipped].map((ms) => ms / 1000),
      agentCpu,
      cpuByRole,
      peakRss,
      pssAtPeak,
      rssByRoleAtPeak,
      processes,
      missing: report.outcome.missing.length,
      duplicated: report.outcome.duplicated.length,
      errorCodes,
      // nginx logs a few more or fewer than asked (requests in flight when a thread stops); a stall is a failure.
      passed: auditPassed(report) && !wrk.stalled && !baseline.stalled,
      audit: wrk.stalled || baseline.stalled ? `${formatAudit(report)}\nwrk was stopped after ${STALL_MS / 1000} s without a logged request (${lines} of the ${requests} requests asked for were logged)` : formatAudit(report),
    };
  } finally {
    await stack.stop();
  }
}

const ROLES = ['endpoint', 'Lambda', 'agent', 'nginx', 'wrk'];
const STACK_ROLES = ['endpoint', 'Lambda', 'agent'];
const STACK_ROLE_LABELS: Record<string, string> = { Lambda: 'functions' };
const row = (label: string, value: string, base: string) => console.log(`${label.padEnd(40)} ${value.padStart(16)}   ${base}`);
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const coresText = (cores: number) => `${cores} core${cores === 1 ? '' : 's'}`;
/** The CPU seconds `roles` used in a run, together. */
const cpuOf = (figures: RunFigures, roles: readonly string[]) => roles.reduce((sum, role) => sum + (figures.cpuByRole.get(role) ?? 0), 0);

function printRun(figures: RunFigures, cores: number): void {
  const rate = figures.lines / figures.seconds;
  const stackCpu = cpuOf(figures, STACK_ROLES);
  row('lines/s end to end (to S3)', thousands(rate), `nginx alone: ${thousands(figures.baselineRate)} lines/s written (${figures.baselineSeconds.toFixed(1)} s)`);
  row('  share of nginx alone', `${((rate / figures.baselineRate) * 100).toFixed(0)}%`, 'goal: ≥ 50%');
  // What the CPU this run used allows at most: every process's CPU seconds spread over every core all the time.
  const allCpu = cpuOf(figures, ROLES);
  const ceiling = figures.lines / (allCpu / cores);
  const loadCpu = cpuOf(figures, ['nginx', 'wrk']);
  const stackBudget = (cores * figures.lines) / (figures.baselineRate / 2) - loadCpu;
  row('  ceiling set by this run\'s CPU', `${((ceiling / figures.baselineRate) * 100).toFixed(0)}%`, `all ${allCpu.toFixed(1)} CPU-seconds over ${coresText(cores)} without a pause; 50% leaves the stack ${((Math.max(0, stackBudget) / figures.lines) * 1e6).toFixed(1)} µs of CPU a line beside nginx and wrk`);
  row('seconds', figures.seconds.toFixed(1), '');
  row('logging phase only (nginx + agent busy)', `${thousands(figures.wrkRate)} req/s`, '');
  row('phases: logging / agent catch-up / flush', figures.phases.map((seconds) => seconds.toFixed(1)).join(' / '), 'seconds');
  if (figures.errorCodes.size > 0) row('error output by errorCode', [...figures.errorCodes].map(([code, count]) => `${code}=${count}`).join(' '), '');
  row('µs CPU per line: agent+endpoint+functions', ((stackCpu / figures.lines) * 1e6).toFixed(1), `goal: ≤ 25 (${STACK_ROLES.map((role) => `${STACK_ROLE_LABELS[role] ?? role} ${(((figures.cpuByRole.get(role) ?? 0) / figures.lines) * 1e6).toFixed(1)}`).join(' + ')})`);
  row('agent CPU seconds per 100k lines', ((figures.agentCpu / figures.lines) * 100_000).toFixed(2), '');
  row('CPU seconds: ' + ROLES.join(' / '), ROLES.map((role) => (figures.cpuByRole.get(role) ?? 0).toFixed(1)).join(' / '), `of ${(cores * figures.seconds).toFixed(1)} available (${coresText(cores)})`);
  row('peak RSS of the stack (MiB)', mib(figures.peakRss), `goal: ≤ 400 (${[...figures.rssByRoleAtPeak].map(([role, bytes]) => `${role} ${mib(bytes)}`).join(' + ')})`);
  row('  the same processes, proportional (PSS)', mib(figures.pssAtPeak), 'each page shared between processes (the node binary\'s, mapped by every node process) counted once');
  row('missing / duplicated', `${figures.missing} / ${figures.duplicated}`, 'goal: 0 / 0');
}

/**
 * BENCH_ALLOC: the bytes the endpoint and the agent allocated a line, and where, from the profiles the two-core
 * run's processes wrote (bench/allocation-sampler.mjs). Allocation drives garbage collection, and unlike CPU
 * seconds its figure does not move with the host's speed, so a change can be judged by it in any hour.
 */
function printAllocations(folder: string, figures: RunFigures): void {
  console.log(`\nallocations (BENCH_ALLOC): sampled by V8 over each process's whole life, start, warm-up and timed run (${thousands(figures.linesCarried)} lines), freed objects included`);
  for (const [role, pid] of Object.entries(figures.pids)) {
    const file = join(folder, `${pid}.heapprofile`);
    if (!existsSync(file)) {
      row(`  ${role}`, 'no profile', `${file} was not written`);
      continue;
    }
    const { totalBytes, sites } = allocationSites(JSON.parse(readFileSync(file, 'utf8')) as HeapProfile, 6);
    row(`  ${role}: bytes allocated a line`, thousands(totalBytes / figures.linesCarried), `${mib(totalBytes)} MiB in all; ${file}`);
    for (const site of sites) row(`    ${site.name.slice(0, 36)}`, `${mib(site.bytes)} MiB ${((site.bytes / totalBytes) * 100).toFixed(0).padStart(3)}%`, site.place);
  }
}

interface CollectionSums {
  minor: { count: number; ms: number; promotedBytes: number };
  full: { count: number; ms: number };
}

/**
 * BENCH_GC: the endpoint's and the agent's garbage collections over their lives (start, warm-up and timed run),
 * from the sums their processes wrote (bench/gc-sampler.mjs). The counts and the bytes moved to the old generation
 * barely move with the host's speed, as the CPU seconds do, so a change to what the stack keeps alive, or to its
 * node flags, can be judged by them in any hour; the milliseconds are wall time and move with it.
 */
function printCollections(folder: string, figures: RunFigures): void {
  console.log(`\ngarbage collections (BENCH_GC): V8's GCProfiler over each process's whole life, start, warm-up and timed run (${thousands(figures.linesCarried)} lines)`);
  for (const [role, pid] of Object.entries(figures.pids)) {
    const file = join(folder, `${pid}.gc.json`);
    if (!existsSync(file)) {
      row(`  ${role}`, 'no sums', `${file} was not written`);
      continue;
    }
    const { minor, full } = JSON.parse(readFileSync(file, 'utf8')) as CollectionSums;
    row(`  ${role}: young-generation collections`, thousands(minor.count), `${thousands(minor.ms)} ms; ${mib(minor.promotedBytes)} MiB moved to the old generation (${thousands(minor.promotedBytes / figures.linesCarried)} bytes a line)`);
    row(`  ${role}: full collections`, thousands(full.count), `${thousands(full.ms)} ms`);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hosepipe-bench-'));
  chmodSync(dir, 0o755);
  const cores = availableParallelism();
  try {
    const wide = await run(dir, REQUESTS, 'cores');
    console.log(`pipeline bench: ${REQUESTS} requests with wrk -t${THREADS} -c${CONNECTIONS}, ${wide.processes} processes in the stack, ${cores} cores, each run after an untimed warm-up of ${WARMUP_REQUESTS} requests through the same stack (BENCH_WARMUP_REQUESTS)`);
    row('', 'hosepipe', 'baseline: nginx alone under the same wrk load');
    printRun(wide, cores);
    if (ALLOCATION_DIR) printAllocations(ALLOCATION_DIR, wide);
    if (GC_SUMS) printCollections(gcFolder(dir), wide);
    let passed = wide.passed;
    if (!wide.passed) console.log(wide.audit);
    if (PINNED_REQUESTS > 0) {
      pinTo('0');
      let pinned: RunFigures;
      try {
        pinned = await run(dir, PINNED_REQUESTS, 'core0');
      } finally {
        pinTo(`0-${cores - 1}`);
      }
      console.log(`\npinned to one core (taskset -c 0): the whole bench, i.e. endpoint, agent, function instances, nginx and wrk, and its nginx-alone baseline; ${PINNED_REQUESTS} requests (BENCH_PINNED_REQUESTS), so fixed costs such as the final flush weigh ${(REQUESTS / PINNED_REQUESTS).toFixed(1)}× as much as above`);
      printRun(pinned, 1);
      const ratio = (wide.lines / wide.seconds) / (pinned.lines / pinned.seconds);
      console.log('');
      row(`${cores} cores vs 1 core, lines/s end to end`, `${ratio.toFixed(2)}×`, `goal: ≥ ${SCALING_GOAL}× (${thousands(wide.lines / wide.seconds)} vs ${thousands(pinned.lines / pinned.seconds)}); nginx alone ${(wide.baselineRate / pinned.baselineRate).toFixed(2)}×`);
      if (!pinned.passed) console.log(pinned.audit);
      passed &&= pinned.passed;
    }
    if (!passed) process.exitCode = 1;
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
