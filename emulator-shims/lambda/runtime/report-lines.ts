/** CloudWatch-style lines Lambda writes around each invocation. */
export function startLine(requestId: string): string {
  return `START RequestId: ${requestId} Version: $LATEST\n`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}\n`;
}

export interface ReportFacts {
  requestId: string;
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  status?: 'timeout' | 'error';
}

/** The REPORT line: tab-separated, durations to two decimals, billed duration rounded up to the millisecond. */
export function reportLine(facts: ReportFacts): string {
  const parts = [
    `REPORT RequestId: ${facts.requestId}`,
    `Duration: ${facts.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.max(1, Math.ceil(facts.durationMs + (facts.initDurationMs ?? 0)))} ms`,
    `Memory Size: ${facts.memorySizeMb} MB`,
    `Max Memory Used: ${facts.maxMemoryUsedMb} MB`,
  ];
  if (facts.initDurationMs !== undefined) parts.push(`Init Duration: ${facts.initDurationMs.toFixed(2)} ms`);
  if (facts.status !== undefined) parts.push(`Status: ${facts.status}`);
  return `${parts.join('\t')}\t\n`;
}

/** The line Lambda logs after the REPORT of a timed-out invocation. */
export function timedOutLine(requestId: string, timeoutSeconds: number, nowMs: number): string {
  return `${new Date(nowMs).toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds\n`;
}

/** What X-Amz-Log-Result carries: the last 4 KB of the invocation's log, base64. */
export function logTail(text: string, limitBytes = 4096): string {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - limitBytes)).toString('base64');
}

/** A log stream name in Lambda's shape: `YYYY/MM/DD/[$LATEST]<32 hex>`. */
export function logStreamName(nowMs: number, randomHex: string): string {
  const date = new Date(nowMs).toISOString().slice(0, 10).replaceAll('-', '/');
  return `${date}/[$LATEST]${randomHex}`;
}
