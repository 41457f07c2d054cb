import { loadPipelineConfig } from '../../provision/index.js';
import { auditPassed, auditPipeline, collectAuditInput, formatAudit, predictTransform, waitForAgentShipped } from '../../scenarios/index.js';
import { configPath, stateDir as resolveStateDir } from '../paths.js';
import { startProgress } from '../progress.js';
import { readRunningState } from '../run-state.js';
import { agentPathOnHost } from './compose.js';
import { flushFirehose } from '../../stack/drain.js';

/**
 * `hosepipe audit`: every line in the access logs (rotated ones too) against the bucket. Unless
 * --no-drain, first waits for the agent to ship what nginx wrote and flushes Firehose, so a line
 * reported missing is really missing. Exit 1 when any line is missing.
 */
export async function audit(flags: Record<string, string | boolean>): Promise<number> {
  const running = readRunningState(resolveStateDir(flags));
  // A Terraform root's function is the team's own: nothing predicts it, and hosepipe.yaml does not describe the pipeline.
  const config = running.kind === 'terraform' ? undefined : loadPipelineConfig(configPath(flags));
  if (flags['no-drain'] !== true) {
    if (running.agentStatusUrl) await waitForAgentShipped(running.agentStatusUrl, running.accessLog, undefined, agentPathOnHost(running));
    for (const name of running.deliveryStreams ?? [running.deliveryStream]) await flushFirehose(running.endpoint, name);
  }
  const progress = startProgress('audit', 0, { noun: 'objects read' });
  let read = 0;
  const input = await collectAuditInput({
    endpoint: running.endpoint,
    region: running.region ?? config?.region ?? 'us-east-1',
    bucket: running.bucket,
    deliveryStream: running.deliveryStream,
    accessLog: running.accessLog,
    prefixes: running.prefixes,
  }, (done, total) => {
    progress.setTotal(total);
    progress.tick(done - read);
    read = done;
  });
  progress.done();
  const predict = config === undefined ? undefined : predictTransform(config);
  const report = auditPipeline({ ...input, ...(predict === undefined ? {} : { predict }) });
  console.log(formatAudit(report));
  return auditPassed(report) ? 0 : 1;
}
