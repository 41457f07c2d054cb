/** Reads the agent's `GET /status` for the view: a short timeout, no redirects, a bounded body. */

/** What the view reads of the agent's status (agent/agent.ts AgentStats). */
export interface AgentFigures {
  linesRead: number;
  recordsSent: number;
  bytesSent: number;
  bytesBehind: number;
  recordsQueued: number;
  throttles: number;
  retries: number;
  failedRecords: number;
}

// Long enough for an agent on a busy machine; a view polls once a second and waits for it.
export const AGENT_STATUS_TIMEOUT_MS = 2_000;
export const AGENT_STATUS_MAX_BYTES = 1024 * 1024;

/** The figures, or a short reason they could not be read; never throws. */
export async function readAgentFigures(statusUrl: string): Promise<AgentFigures | { problem: string }> {
  try {
    const response = await fetch(statusUrl, { redirect: 'manual', signal: AbortSignal.timeout(AGENT_STATUS_TIMEOUT_MS) });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      return { problem: `HTTP ${response.status}` };
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.length;
      if (size > AGENT_STATUS_MAX_BYTES) return { problem: `status larger than ${AGENT_STATUS_MAX_BYTES} bytes` };
      chunks.push(chunk);
    }
    return figuresOf(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    return { problem: name === 'TimeoutError' ? `no answer within ${AGENT_STATUS_TIMEOUT_MS} ms` : name === 'SyntaxError' ? 'status is not JSON' : 'not reachable' };
  }
}

/** Pure: the numeric fields, each 0 when missing or not a number. */
export function figuresOf(status: unknown): AgentFigures {
  const body = status && typeof status === 'object' ? (status as Record<string, unknown>) : {};
  const number = (name: string): number => (typeof body[name] === 'number' && Number.isFinite(body[name]) ? (body[name] as number) : 0);
  return {
    linesRead: number('linesRead'), recordsSent: number('recordsSent'), bytesSent: number('bytesSent'), bytesBehind: number('bytesBehind'),
    recordsQueued: number('recordsQueued'), throttles: number('throttles'), retries: number('retries'), failedRecords: number('failedRecords'),
  };
}
