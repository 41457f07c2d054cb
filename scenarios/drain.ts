import { waitForAgentShipped, type Stack } from '../cli/index.js';
import { readAccessLogs } from './collect.js';
import { splitLogContent } from './raw-records.js';

export { waitForAgentShipped };

/** Ships everything nginx logged and delivers every Firehose buffer; resolves when it is in S3. */
export async function drainStack(stack: Stack): Promise<unknown> {
  if (stack.agent.statusUrl) await waitForAgentShipped(stack.agent.statusUrl, stack.nginx.accessLog);
  return stack.endpoint.firehose.flush(stack.names.deliveryStream);
}

/** The lines nginx (and append steps) wrote to the access log and its rotations, without their newlines. */
export function accessLogLines(stack: Stack): string[] {
  return readAccessLogs(stack.nginx.accessLog).flatMap(({ content }) => splitLogContent(content).lines);
}
