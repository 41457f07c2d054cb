import { flushFirehose, waitForAgentShipped, type RunningPipeline } from '../stack/index.js';
import { readAccessLogs } from './collect.js';
import { splitLogContent } from './raw-records.js';

export { waitForAgentShipped };

/** Ships everything nginx logged and delivers every Firehose buffer; resolves when it is in S3. */
export async function drainStack(stack: RunningPipeline): Promise<unknown> {
  if (stack.agent.statusUrl) await waitForAgentShipped(stack.agent.statusUrl, stack.nginx.accessLog, undefined, stack.onHost);
  return flushFirehose(stack.endpoint.url, stack.names.deliveryStream);
}

/** The lines nginx (and append steps) wrote to the access log and its rotations, without their newlines. */
export function accessLogLines(stack: RunningPipeline): string[] {
  return readAccessLogs(stack.nginx.accessLog).flatMap(({ content }) => splitLogContent(content).lines);
}
