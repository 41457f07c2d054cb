import { readFileSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { readAgentStatus, type AgentStatus, type Stack } from '../cli/index.js';
import { readAccessLogs } from './collect.js';
import { splitLogContent } from './raw-records.js';

const DRAIN_TIMEOUT_MS = 90_000;
const POLL_MS = 100;

/** Ships everything nginx logged and delivers every Firehose buffer; resolves when it is in S3. */
export async function drainStack(stack: Stack): Promise<unknown> {
  if (stack.agent.statusUrl) await waitForAgentShipped(stack.agent.statusUrl, stack.nginx.accessLog);
  return stack.endpoint.firehose.flush(stack.names.deliveryStream);
}

/**
 * Waits until the agent has had every complete line of the live access log accepted by Kinesis: it
 * follows the file at its current size, its checkpoint covers the last newline, nothing is queued, in
 * any file it follows nothing is behind but a line still waiting for its newline, and that holds for
 * two polls in a row. Counting lines would not do: the agent's counters start again after a restart.
 */
export async function waitForAgentShipped(statusUrl: string, accessLog: string, timeoutMs = DRAIN_TIMEOUT_MS): Promise<AgentStatus> {
  const deadline = Date.now() + timeoutMs;
  let stableFor = 0;
  let previous = '';
  for (;;) {
    const status = await readAgentStatus(statusUrl);
    const done = isShipped(status, accessLog);
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

function isShipped(status: AgentStatus, accessLog: string): boolean {
  if (Number(status.recordsQueued ?? 0) !== 0) return false;
  const files = (status.files ?? []) as FileStatus[];
  const pendingOf = (path: string): number => {
    try {
      return splitLogContent(readFileSync(path)).tail.length;
    } catch {
      return 0;
    }
  };
  let size: number;
  try {
    size = statSync(accessLog).size;
  } catch {
    return false;
  }
  const live = files.find((file) => file.path === accessLog);
  if (!live || live.size !== size || live.checkpointOffset < size - pendingOf(accessLog)) return false;
  return files.every((file) => file.bytesBehind <= pendingOf(file.path));
}

/** The lines nginx (and append steps) wrote to the access log and its rotations, without their newlines. */
export function accessLogLines(stack: Stack): string[] {
  return readAccessLogs(stack.nginx.accessLog).flatMap(({ content }) => splitLogContent(content).lines);
}
