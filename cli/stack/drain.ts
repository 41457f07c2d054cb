import { setTimeout as sleep } from 'node:timers/promises';

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

/**
 * Waits until the agent has shipped every byte nginx wrote: nothing behind, and the counters have
 * stopped moving for a couple of polls (a batch may still be in flight right after the read).
 */
export async function waitForAgentCaughtUp(statusUrl: string, options: { timeoutMs?: number; accessLogLines?: () => number } = {}): Promise<AgentStatus> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let previous = '';
  let stableFor = 0;
  for (;;) {
    const status = await readAgentStatus(statusUrl);
    const inFlight = Number(status.recordsQueued ?? 0);
    const settled = status.bytesBehind === 0 && inFlight === 0 && (options.accessLogLines ? status.linesRead >= options.accessLogLines() : true);
    const fingerprint = `${status.linesRead}/${status.recordsSent}`;
    stableFor = settled && fingerprint === previous ? stableFor + 1 : 0;
    previous = fingerprint;
    if (stableFor >= 2) return status;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for the agent to ship everything (last status ${JSON.stringify(status)})`);
    await sleep(100);
  }
}

/** `POST /_hosepipe/firehose/{name}/flush` on the endpoint. */
export async function flushFirehose(endpoint: string, deliveryStream: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${endpoint}/_hosepipe/firehose/${encodeURIComponent(deliveryStream)}/flush`, { method: 'POST' });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`flush of ${deliveryStream} failed: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body;
}
