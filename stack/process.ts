import type { ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * V8's young generation for the agent: at most 4 MiB per semi-space instead of the default 16. Start-up keeps
 * nearly all it allocates, so the default young generation grows to its largest and stays that size, tens of MiB
 * of an idle process, until V8's memory reducer shrinks it minutes later; under load the agent keeps at most two
 * batches of lines, and the default young generation was a fifth of its peak RSS in bench/pipeline (104 → 83 MiB
 * at 2 MiB). 4 MiB holds what the agent keeps under load, 2 MiB did not: bench/pipeline with BENCH_GC, three runs
 * each taken turn about (2026-12-06 17:29 UTC), its scavenges 330 / 336 / 330 → 189 / 188 / 195 ms, what they moved
 * to the old generation 137 → 13-14 bytes a line, its full collections 11 → 1, its CPU 5.8 / 7.0 / 6.0 → 5.8 / 4.8
 * / 4.8 µs a line, its peak RSS 69-70 → 69-72 MiB, idle 49.2 MiB either way. 8 MiB cost no less CPU than 4 and
 * peaked at 81-84 MiB.
 */
const SMALL_YOUNG_GENERATION = ['--max-semi-space-size=4'];

/**
 * The agent's old generation grows by a fifth past what a full collection left live, instead of V8's factor of
 * up to 4: its live heap is small (8 MiB in a heap snapshot at 80 MiB RSS under bench/pipeline's load), so a full
 * collection is cheap, and what made its RSS grow was garbage waiting for one. bench/pipeline, three runs each:
 * the agent's peak RSS 91/87/81 → 73/73/76 MiB.
 */
export const AGENT_FLAGS = [...SMALL_YOUNG_GENERATION, '--heap-growing-percent=20'];

/**
 * The endpoint collects its garbage on its own thread, without V8's helper threads for parallel scavenges and
 * concurrent marking and sweeping. Under a load test the machine's cores are busy with nginx, the load generator,
 * the agent and the function instances, and the helpers only added their own coordination to the endpoint's CPU.
 * bench/pipeline with BENCH_GC, six runs each taken turn about (2026-12-06 17:40-17:55 UTC): the endpoint's CPU
 * 16.5 / 17.4 / 15.4 / 12.3 / 13.0 / 13.5 against 16.8 / 20.2 / 17.5 / 13.7 / 14.2 / 17.7 µs a line (less in every
 * pair), its full collections 14-15 against 20-21 a run, its peak RSS 177-204 against 180-193 MiB.
 */
const SINGLE_THREADED_GC = ['--single-threaded-gc'];

/**
 * The endpoint's (the background supervisor's) flags. Its old generation grows to twice what a full collection
 * left live, instead of V8's factor of up to 4: under bench/pipeline's load its old space reached ~100 MiB between
 * full collections that left 20-40 MiB, and that garbage, and the buffers it kept alive, were most of its peak RSS
 * (the endpoint's peak 279/279/258 → 189/218/194 MiB for about 1.7 µs more of its CPU a line). Its young
 * generation is at most 4 MiB per semi-space: what a scavenge copies is mostly the batches in flight, about the
 * same at any size, so the scavenges' CPU goes with their number. bench/pipeline, two runs each taken turn about:
 * 2 MiB made 525/535 scavenges costing 990/853 ms, 4 MiB 261/268 costing 602/610 ms, the endpoint's peak RSS
 * within the runs' noise (187/191 against 195/193 MiB); idle, the endpoint keeps about 4.5 MiB more (16 MiB
 * kept 10 MiB more than 2 MiB did, 100.5 against 91 MiB).
 */
export const ENDPOINT_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=100', ...SINGLE_THREADED_GC];

/**
 * Pure: the node flags to start one of hosepipe's processes with: `defaults` (the endpoint's unless given), each
 * unless the user already gave that flag (`node --max-semi-space-size=N hosepipe up -d`, or in NODE_OPTIONS),
 * whose choice wins; then the user's own flags.
 */
export function nodeFlags(given: readonly string[] = [], nodeOptions = '', defaults: readonly string[] = ENDPOINT_FLAGS): string[] {
  // A boolean flag's negation (`--no-single-threaded-gc`) names it too.
  const named = new Set([...given, ...nodeOptions.split(/\s+/)].map((flag) => flag.split('=')[0]!.replaceAll('_', '-').replace(/^--no-/, '--')));
  return [...defaults.filter((flag) => !named.has(flag.split('=')[0]!)), ...given];
}

/**
 * glibc's allocator settings for hosepipe's own long-running processes (the background supervisor, which is the
 * endpoint, and the agent): at most two arenas, and a fixed mmap threshold of 128 KiB, so a freed buffer that large
 * goes back to the system at once. By default glibc raises the threshold to the size of each large buffer freed,
 * and the request bodies, answers and slabs of 64 KiB-1 MiB that the endpoint frees by the thousand under load
 * then stayed in its heap as resident holes (bench/pipeline: the endpoint's RSS at its peak was ~90 MiB above its
 * V8 heap and buffers, ~45 of them free memory); each thread of Node's pool and of V8 had its own arena too.
 */
const MALLOC_DEFAULTS: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };

/**
 * Pure: the environment to start one of hosepipe's own processes with: `env` with MALLOC_DEFAULTS added, each
 * unless `env` names it; nothing added when `env` sets GLIBC_TUNABLES (the user tunes glibc their own way).
 * Other allocators (musl, macOS) ignore these names.
 */
export function processEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (env.GLIBC_TUNABLES !== undefined) return env;
  return { ...MALLOC_DEFAULTS, ...env };
}

/** Sends `signal`, then SIGKILL after `graceMs`; resolves when the process is gone. Idempotent. */
export async function stopChild(child: ChildProcess, options: { signal?: NodeJS.Signals; graceMs?: number } = {}): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(options.signal ?? 'SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.graceMs ?? 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Polls `ready` every 20 ms until it holds; fails early, naming `what`, if `child` exits first, and after
 * `timeoutMs`.
 */
export async function waitUntil(ready: () => boolean | Promise<boolean>, options: { child?: ChildProcess; what: string; timeoutMs: number }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.child && (options.child.exitCode !== null || options.child.signalCode !== null)) {
      throw new Error(`${options.what}: the process exited (code ${options.child.exitCode ?? options.child.signalCode}) before it was ready`);
    }
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    await sleep(20);
  }
}

/** Waits until something accepts TCP connections on 127.0.0.1:port; fails early if `child` exits. */
export function waitForPort(port: number, options: { child?: ChildProcess; what: string; timeoutMs: number }): Promise<void> {
  return waitUntil(() => canConnect(port), options);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/**
 * The start of the ports the kernel hands out for port 0 and for outgoing connections. A port drawn from below them
 * cannot be taken, between freePort() and the bind it was drawn for, by some other program's bind to port 0, which
 * is what a port the kernel chose would risk: the kernel gives recently freed ports out again.
 */
async function readLowestEphemeralPort(): Promise<number> {
  try {
    const low = Number((await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')).trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > 0) return low;
  } catch {
    // Not Linux: the range IANA reserves for dynamic ports is the default of macOS and Windows.
  }
  return 49152;
}

// Read once a process: the range is the machine's setting, which nothing here changes (a test suite draws hundreds).
let lowestEphemeral: Promise<number> | undefined;
const lowestEphemeralPort = (): Promise<number> => (lowestEphemeral ??= readLowestEphemeralPort());

const LOWEST_DRAWN_PORT = 10000;
// Ports this process handed out lately: two draws in a row (an endpoint's port, then nginx's) never give the same one.
const recentlyDrawn: number[] = [];
const RECENT_PORTS = 64;

function tryListen(port: number, failed?: (error: Error) => void): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error) => {
      failed?.(error);
      resolve(undefined);
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A port that was free a moment ago, for programs (nginx) that cannot report the port they bound. It is drawn at
 * random from the ports below the kernel's ephemeral range, so only another such draw can take it before it is
 * used; the kernel's choice is the fallback where that range is too small or every draw was taken.
 */
export async function freePort(): Promise<number> {
  const low = await lowestEphemeralPort();
  if (low - LOWEST_DRAWN_PORT >= 1000) {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const drawn = LOWEST_DRAWN_PORT + randomInt(low - LOWEST_DRAWN_PORT);
      if (recentlyDrawn.includes(drawn)) continue;
      const port = await tryListen(drawn);
      if (port === undefined) continue;
      recentlyDrawn.push(port);
      if (recentlyDrawn.length > RECENT_PORTS) recentlyDrawn.shift();
      return port;
    }
  }
  let cause: Error | undefined;
  const port = await tryListen(0, (error) => { cause = error; });
  if (port === undefined) throw new Error('the kernel gave no free port on 127.0.0.1', { cause });
  return port;
}

/** A port hosepipe must listen on is taken; `setting` names where hosepipe.yaml chooses it. */
export class PortInUseError extends Error {
  readonly port: number;
  readonly setting: string;
  constructor(port: number, setting: string, options?: { cause?: unknown }) {
    super(`port ${port} on 127.0.0.1 is in use (another \`hosepipe up\`? LocalStack?): stop what holds it (\`make down\`, or find it with \`ss -ltnp\`), or choose another port with ${setting} in hosepipe.yaml`, options);
    this.name = 'PortInUseError';
    this.port = port;
    this.setting = setting;
  }
}

/**
 * Throws PortInUseError when 127.0.0.1:port cannot be bound. For programs (nginx) whose readiness is seen by
 * connecting: with the port taken, that connect would reach whatever holds it and look like success.
 */
export async function assertPortFree(port: number, setting: string): Promise<void> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(port, setting, { cause: error });
    throw error;
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
