import { stateDir as resolveStateDir } from '../paths.js';
import { readRunningState } from '../run-state.js';
import { agentPathOnHost } from './compose.js';
import { flushFirehose, waitForAgentShipped } from '../../stack/drain.js';

/** `hosepipe flush`: the agent ships what nginx logged, then Firehose writes every buffer to S3. */
export async function flush(flags: Record<string, string | boolean>): Promise<number> {
  const running = readRunningState(resolveStateDir(flags));
  if (running.agentStatusUrl) await waitForAgentShipped(running.agentStatusUrl, running.accessLog, undefined, agentPathOnHost(running));
  // A Terraform root may have several delivery streams reading the stream: each is flushed.
  for (const name of running.deliveryStreams ?? [running.deliveryStream]) {
    const report = await flushFirehose(running.endpoint, name);
    console.log(`flushed ${name}: ${JSON.stringify(report)}`);
  }
  return 0;
}
