import { readFileSync } from 'node:fs';
import { waitForAgentCaughtUp, type Stack } from '../cli/index.js';

/** Ships everything nginx logged and delivers every Firehose buffer; resolves when it is in S3. */
export async function drainStack(stack: Stack): Promise<unknown> {
  if (stack.agent.statusUrl) {
    await waitForAgentCaughtUp(stack.agent.statusUrl, { accessLogLines: () => accessLogLines(stack).length, timeoutMs: 60_000 });
  }
  return stack.endpoint.firehose.flush(stack.names.deliveryStream);
}

/** The lines nginx (and append steps) wrote, without their newlines. */
export function accessLogLines(stack: Stack): string[] {
  const text = readFileSync(stack.nginx.accessLog, 'utf8');
  return text.split('\n').filter((line) => line.length > 0);
}
