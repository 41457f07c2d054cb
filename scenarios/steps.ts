import { appendFileSync, copyFileSync, existsSync, renameSync, truncateSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { countNewLines, newLinesIn, type LineCount } from '../stack/access-log.js';
import type { RunningPipeline as Stack } from '../stack/index.js';
import type { ScenarioStep } from './schema.js';
import { drainStack, type DrainOptions } from './drain.js';
import { pauseProcessTree } from './pause.js';

const HTTP_CONCURRENCY = 16;
const KEPT_ROTATIONS = 9;

/** What steps share during one run: the request counter, the loads still running, faults fired so far. */
export interface StepContext {
  sequence: { next: number };
  background: Promise<void>[];
  /** Times injected faults fired, counted from rules already cleared. */
  faultHits: number;
  /** How drains wait without the admin API (the scenario's budget). */
  drain: DrainOptions;
  /** Lines the access log holds at least since its last rotation: a line per request an http step was answered, and the appended ones. */
  loggedLines: number;
}

export function newStepContext(drain: DrainOptions = {}): StepContext {
  return { sequence: { next: 1 }, background: [], faultHits: 0, drain, loggedLines: 0 };
}

/** Carries out one scenario step against a running stack. */
export async function runStep(stack: Stack, step: ScenarioStep, context: StepContext): Promise<void> {
  if ('http' in step) {
    await sendHttp(stack, { ...step.http, concurrency: HTTP_CONCURRENCY }, context.sequence);
    context.loggedLines += step.http.count;
    return;
  }
  if ('tcp' in step) return sendTcp(stack, step.tcp.base64 !== undefined ? Buffer.from(step.tcp.base64, 'base64') : Buffer.from(step.tcp.text ?? '', 'latin1'));
  if ('append' in step || 'appendRaw' in step) {
    const text = 'append' in step ? Buffer.from(step.append.lines.map((line) => `${line}\n`).join('')) : Buffer.from(step.appendRaw.text.repeat(step.appendRaw.repeat), 'latin1');
    await untilLogged(stack.nginx.accessLog, context.loggedLines);
    appendFileSync(stack.nginx.accessLog, text);
    context.loggedLines += newLinesIn(text);
    return;
  }
  if ('drain' in step) return void (await drainWithLoads(stack, context));
  if ('restartAgent' in step) return stack.restartAgent();
  if ('killAgent' in step) return stack.killAgent();
  if ('startAgent' in step) return stack.startAgent();
  if ('rotate' in step) {
    context.loggedLines = 0;
    return rotate(stack, step.rotate.mode);
  }
  if ('fault' in step) return postFault(stack, step.fault);
  if ('clearFaults' in step) {
    context.faultHits += await countFaultHits(stack);
    return clearFaults(stack);
  }
  if ('restartEndpoint' in step) context.faultHits += await countFaultHits(stack);
  if ('restartEndpoint' in step) return stack.restartEndpoint(step.restartEndpoint?.downMs ?? 0);
  if ('load' in step) {
    const { path, count, concurrency, rate } = step.load;
    context.background.push(sendHttp(stack, { path, count, concurrency, method: 'GET', headers: {}, unique: true, ...(rate ? { rate } : {}) }, context.sequence));
    return;
  }
  if ('wait' in step) {
    if ('ms' in step.wait) return void (await sleep(step.wait.ms));
    return waitForFaultHits(stack, step.wait.faultHits, step.wait.timeoutMs);
  }
}

/**
 * Waits until the access log holds `lines` lines: nginx writes a request's line after it has sent the answer,
 * so text appended right after an http step could otherwise land before (or inside) the step's last lines.
 * Gives up after 10 s without failing: the append then lands where it lands, as before.
 */
async function untilLogged(log: string, lines: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  const counted: LineCount = { bytes: 0, lines: 0 };
  for (;;) {
    try {
      countNewLines(log, counted);
    } catch {
      return;
    }
    if (counted.lines >= lines || Date.now() > deadline) return;
    await sleep(10);
  }
}

/** Waits for the loads started so far, then drains. */
export async function drainWithLoads(stack: Stack, context: StepContext): Promise<unknown> {
  const loads = context.background.splice(0);
  await Promise.all(loads);
  return drainStack(stack, context.drain);
}

interface HttpLoad {
  path: string;
  method: string;
  count: number;
  headers: Record<string, string>;
  unique: boolean;
  concurrency: number;
  rate?: number;
}

async function sendHttp(stack: Stack, http: HttpLoad, sequence: { next: number }): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: http.concurrency });
  const url = new URL(stack.nginx.url);
  const started = performance.now();
  let issued = 0;
  const worker = async (): Promise<void> => {
    while (issued < http.count) {
      const index = issued++;
      // Paced: request i leaves no earlier than i / rate seconds after the start.
      if (http.rate) {
        const due = started + (index * 1000) / http.rate - performance.now();
        if (due > 0) await sleep(due);
      }
      const id = sequence.next++;
      const path = http.unique ? `${http.path}${http.path.includes('?') ? '&' : '?'}hp=${id}` : http.path;
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest({ host: url.hostname, port: url.port, path, method: http.method, headers: http.headers, agent }, (res) => {
          res.resume();
          res.once('end', () => resolve());
        });
        req.once('error', reject);
        req.end();
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(http.concurrency, http.count) }, worker));
  } finally {
    agent.destroy();
  }
}

/**
 * logrotate's two ways. rename: shift access.log.N up, move access.log to access.log.1, then tell nginx
 * to reopen (its postrotate). copytruncate: copy access.log to access.log.1, then truncate it; nginx is
 * paused (SIGSTOP) meanwhile, because lines written between the copy and the truncate are lost by
 * logrotate itself, and the scenario tests the agent, not that documented window.
 */
async function rotate(stack: Stack, mode: 'rename' | 'copytruncate'): Promise<void> {
  const log = stack.nginx.accessLog;
  for (let index = KEPT_ROTATIONS - 1; index >= 1; index--) {
    if (existsSync(`${log}.${index}`)) renameSync(`${log}.${index}`, `${log}.${index + 1}`);
  }
  if (mode === 'rename') {
    renameSync(log, `${log}.1`);
    await stack.nginx.reopen();
    return;
  }
  const { pause, pid } = stack.nginx;
  let resume: () => void | Promise<void>;
  if (pause) resume = await pause();
  else if (pid) resume = await pauseProcessTree(pid);
  else throw new Error('rotate copytruncate: this stack\'s nginx can be neither paused nor stopped (no process id), so lines written between the copy and the truncate could be lost');
  try {
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
  } finally {
    await resume();
  }
}

async function postFault(stack: Stack, fault: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${stack.endpoint.url}/_hosepipe/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (!response.ok) throw new Error(`POST /_hosepipe/faults ${JSON.stringify(fault)} answered HTTP ${response.status}: ${await response.text()}`);
}

/** Hits of the rules the endpoint holds now (GET /_hosepipe/faults); 0 when it cannot say. */
export async function countFaultHits(stack: Stack): Promise<number> {
  try {
    const response = await fetch(`${stack.endpoint.url}/_hosepipe/faults`);
    const body = (await response.json()) as { rules?: { hits?: number }[] };
    return (body.rules ?? []).reduce((sum, rule) => sum + (rule.hits ?? 0), 0);
  } catch {
    return 0;
  }
}

async function waitForFaultHits(stack: Stack, hits: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fired = await countFaultHits(stack);
    if (fired >= hits) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for injected faults to fire ${hits} time(s); they fired ${fired}`);
    await sleep(50);
  }
}

async function clearFaults(stack: Stack): Promise<void> {
  const response = await fetch(`${stack.endpoint.url}/_hosepipe/faults`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`DELETE /_hosepipe/faults answered HTTP ${response.status}: ${await response.text()}`);
}

/** Writes raw bytes to nginx's port and waits until nginx closes the connection (it logs then). */
function sendTcp(stack: Stack, bytes: Buffer): Promise<void> {
  const url = new URL(stack.nginx.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const timer = setTimeout(() => socket.destroy(), 10_000);
    socket.once('connect', () => socket.end(bytes));
    socket.on('data', () => {});
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
  });
}
