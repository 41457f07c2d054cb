import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminJson } from './admin.js';

export interface AgentStatus {
  linesRead: number;
  recordsSent: number;
  bytesBehind: number;
  /** Records read and waiting for (or in) a PutRecords call. */
  recordsQueued: number;
  [key: string]: unknown;
}

export async function readAgentStatus(statusUrl: string): Promise<AgentStatus> {
  const response = await fetch(statusUrl);
  if (!response.ok) throw new Error(`agent status ${statusUrl} answered HTTP ${response.status}`);
  return (await response.json()) as AgentStatus;
}

const DRAIN_TIMEOUT_MS = 90_000;
const POLL_MS = 100;
const FLUSH_TIMEOUT_MS = 10_000;

/**
 * Asks the agent to send what it has read now (`POST /flush` beside its `/status`), so its last partial batch does
 * not wait for its age (maxBufferAgeMs); resolves once Kinesis took it. Best effort: an agent that cannot flush
 * (busy with retries, or one without the route) still ships by itself, and the caller waits for that anyway.
 */
export async function flushAgent(statusUrl: string): Promise<void> {
  const url = statusUrl.replace(/\/status$/, '/flush');
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(FLUSH_TIMEOUT_MS) }).catch(() => undefined);
  await response?.body?.cancel();
}

/**
 * Waits until the agent has had every complete line of the live access log accepted by Kinesis: it
 * follows the file at its current size, its checkpoint covers the last newline, nothing is queued, in
 * any file it follows nothing is behind but a line still waiting for its newline, and that holds for
 * two polls in a row. Counting lines would not do: the agent's counters start again after a restart. It asks the
 * agent to flush first (flushAgent): what nginx logged last is then sent at once, not after maxBufferAgeMs.
 */
export async function waitForAgentShipped(statusUrl: string, accessLog: string, timeoutMs = DRAIN_TIMEOUT_MS, onHost: HostPath = (path) => path): Promise<AgentStatus> {
  const deadline = Date.now() + timeoutMs;
  await flushAgent(statusUrl);
  let stableFor = 0;
  let previous = '';
  for (;;) {
    const status = await readAgentStatus(statusUrl);
    const done = agentHasShipped(status, accessLog, onHost);
    const fingerprint = JSON.stringify([status.linesRead, status.recordsSent]);
    stableFor = done && fingerprint === previous ? stableFor + 1 : 0;
    previous = fingerprint;
    if (stableFor >= 2) return status;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for the agent to ship ${accessLog} (last status ${JSON.stringify(status)})`);
    }
    await sleep(POLL_MS);
  }
}

interface FileStatus { path: string; size: number; checkpointOffset: number; bytesBehind: number }

/** Where a file the agent names is on this machine: the same path, unless the agent runs in a container. */
export type HostPath = (agentPath: string) => string;

/**
 * One look at what waitForAgentShipped waits for: in this status the agent follows the live access log at its current
 * size, its checkpoint covers the last newline, nothing is queued and nothing is behind in any file but a line still
 * waiting for its newline.
 */
export function agentHasShipped(status: AgentStatus, accessLog: string, onHost: HostPath = (path) => path): boolean {
  if (Number(status.recordsQueued ?? 0) !== 0) return false;
  const files = (status.files ?? []) as FileStatus[];
  let size: number;
  try {
    size = statSync(accessLog).size;
  } catch {
    return false;
  }
  const live = files.find((file) => onHost(file.path) === accessLog);
  if (!live || live.size !== size || live.checkpointOffset < size - unterminatedBytes(accessLog)) return false;
  return files.every((file) => file.bytesBehind <= unterminatedBytes(onHost(file.path)));
}

const TAIL_CHUNK = 64 * 1024;

/** Bytes after a file's last newline (a line still waiting for its end), read from the end only. */
export function unterminatedBytes(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 0;
  }
  try {
    const size = statSync(path).size;
    const chunk = Buffer.alloc(TAIL_CHUNK);
    for (let end = size; end > 0; end -= TAIL_CHUNK) {
      const start = Math.max(0, end - TAIL_CHUNK);
      const read = readSync(fd, chunk, 0, end - start, start);
      const newline = chunk.subarray(0, read).lastIndexOf(10);
      if (newline >= 0) return size - (start + newline + 1);
    }
    return size;
  } finally {
    closeSync(fd);
  }
}

/** `POST /_hosepipe/firehose/{name}/flush` on the endpoint. */
export async function flushFirehose(endpoint: string, deliveryStream: string): Promise<Record<string, unknown>> {
  return adminJson(endpoint, `/_hosepipe/firehose/${encodeURIComponent(deliveryStream)}/flush`, { method: 'POST', purpose: `flushing delivery stream ${deliveryStream}` });
}
