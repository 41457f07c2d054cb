import { spawn } from 'node:child_process';
import { fstatSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { configPath, PACKAGE_ROOT, stateDir as resolveStateDir } from '../paths.js';
import { clearRunState, isAlive, readRunState, writeRunState, type RunState } from '../run-state.js';
import { modeOf, upCompose } from './compose.js';

const DETACHED_READY_TIMEOUT_MS = 60_000;

/** `hosepipe up`: runs the pipeline in the foreground, or with -d in a background supervisor. */
export async function up(flags: Record<string, string | boolean>): Promise<number> {
  const state = resolveStateDir(flags);
  const running = readRunState(state);
  if (running?.compose) {
    console.log(`hosepipe is already running (compose project ${running.compose.project}; \`make down MODE=compose\` stops it)`);
    printSummary(running);
    return 0;
  }
  if (modeOf(flags) === 'compose') return upCompose(flags, printSummary);
  if (running && isAlive(running.pid)) {
    console.log(`hosepipe is already running (pid ${running.pid})`);
    printSummary(running);
    return 0;
  }
  return flags.detach ? upDetached(flags, state) : upForeground(flags, state);
}

async function upForeground(flags: Record<string, string | boolean>, state: string): Promise<number> {
  const started = performance.now();
  // Loaded here, not at the top: `up -d` only spawns this path and should start fast.
  const [{ loadPipelineConfig }, { startStack }] = await Promise.all([import('../../provision/index.js'), import('../../stack/stack.js')]);
  const config = loadPipelineConfig(configPath(flags));
  const stack = await startStack({
    config,
    root: PACKAGE_ROOT,
    stateDir: state,
    persist: true,
    log: (line) => console.error(`hosepipe: ${line}`),
  });
  const runState: RunState = {
    pid: process.pid,
    endpoint: stack.endpoint.url,
    nginxUrl: stack.nginx.url,
    nginxPid: stack.nginx.pid,
    accessLog: stack.nginx.accessLog,
    agentPid: stack.agent.pid,
    agentStatusUrl: stack.agent.statusUrl,
    bucket: stack.names.bucket,
    deliveryStream: stack.names.deliveryStream,
    stream: stack.names.stream,
    prefixes: stack.prefixes,
    startedAt: new Date().toISOString(),
    readyMs: Math.round(performance.now() - started),
  };
  writeRunState(state, runState);
  printSummary(runState);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
  });
  console.error('hosepipe: stopping (draining the agent and nginx)');
  await stack.stop();
  clearRunState(state);
  return 0;
}

async function upDetached(flags: Record<string, string | boolean>, state: string): Promise<number> {
  // The supervisor validates hosepipe.yaml; if it fails, its log's last lines are printed here.
  mkdirSync(join(state, 'logs'), { recursive: true });
  clearRunState(state);
  const logFile = join(state, 'logs', 'hosepipe.log');
  const out = openSync(logFile, 'a');
  const logStart = fstatSync(out).size;
  const args = [process.argv[1] ?? join(PACKAGE_ROOT, 'cli', 'bin.js'), 'up', '--state', state, '--config', configPath(flags), ...(flags.debug === true ? ['--debug'] : [])];
  const child = spawn(process.execPath, [...process.execArgv, ...args], { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  const deadline = Date.now() + DETACHED_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const runState = readRunState(state);
    if (runState && runState.pid === child.pid) {
      printSummary(runState);
      return 0;
    }
    if (child.exitCode !== null || !isAlive(child.pid ?? 0)) {
      // The supervisor's own one-line error is this run's last `hosepipe:` line; --debug shows all it wrote.
      const written = readFrom(logFile, logStart);
      const line = written.split('\n').filter((text) => text.startsWith('hosepipe: ')).at(-1);
      console.error(flags.debug === true || !line ? `hosepipe up failed; ${logFile} says:\n${written.trimEnd()}` : `${line} (log: ${logFile})`);
      return 1;
    }
    await sleep(25);
  }
  console.error(`hosepipe up: not ready after ${DETACHED_READY_TIMEOUT_MS} ms; see ${logFile}`);
  return 1;
}

/** A prefix's folder for display: `…/migration/year=` reads better as `…/migration/`. */
function folder(prefix: string): string {
  return prefix.slice(0, prefix.lastIndexOf('/') + 1);
}

function printSummary(state: RunState): void {
  const how = state.compose ? `compose project ${state.compose.project}` : `pid ${state.pid}`;
  console.log(`hosepipe is up (ready in ${(state.readyMs / 1000).toFixed(2)} s, ${how})
  endpoint   ${state.endpoint}   (AWS_ENDPOINT_URL for SDKs, --endpoint-url for the CLI)
  nginx      ${state.nginxUrl}   (try: curl ${state.nginxUrl}/hello)
  bucket     s3://${state.bucket}/
    success  ${folder(state.prefixes.success)}
    errors   ${folder(state.prefixes.error)}
    raw      ${state.prefixes.backup === null ? '(backup disabled)' : folder(state.prefixes.backup)}
  next: make flush (deliver now) · make status · aws --endpoint-url ${state.endpoint} s3 ls --recursive s3://${state.bucket}/ · make down`);
}

function readFrom(file: string, offset: number): string {
  try {
    return readFileSync(file).subarray(offset).toString('utf8');
  } catch {
    return '(no log)';
  }
}
