import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { localS3Client } from '../../provision/index.js';
import { stateDir as resolveStateDir } from '../paths.js';
import { isAlive, readRunState, type RunState } from '../run-state.js';
import { adminJson } from '../../stack/admin.js';
import { countNewLines, type LineCount } from '../../stack/access-log.js';
import { readAgentStatus } from '../../stack/drain.js';

/** `hosepipe status`: each stage, whether it runs, and what it has counted. */
export async function status(flags: Record<string, string | boolean>): Promise<number> {
  const state = resolveStateDir(flags);
  const running = readRunState(state);
  const containers = running?.compose ? await composeStates(running, state) : undefined;
  if (!running || (containers ? !containers.endpoint?.startsWith('running') : !isAlive(running.pid))) {
    console.log('hosepipe is not running (start it with `make up`)');
    return running ? 1 : 0;
  }
  const alive = (service: 'nginx' | 'agent', pid: number) => (containers ? (containers[service] ?? 'stopped') : isAlive(pid) ? 'running' : 'stopped');
  const health = await adminJson(running.endpoint, '/_hosepipe/health', { purpose: 'hosepipe status' });
  const metrics = await adminJson<{ deliveryStreams?: Record<string, Record<string, number>>; iam?: IamMetrics }>(running.endpoint, '/_hosepipe/metrics', { purpose: 'hosepipe status' });
  const agent = running.agentStatusUrl ? await readAgentStatus(running.agentStatusUrl).catch(() => undefined) : undefined;
  const objects = await countObjects(running);
  const rows: [string, string, string][] = [
    ['nginx', alive('nginx', running.nginxPid), `${countLines(running.accessLog)} lines in ${running.accessLog}`],
    ['agent', alive('agent', running.agentPid), agent ? `${agent.linesRead} lines read, ${agent.recordsSent} records sent, ${agent.bytesBehind} bytes behind` : 'no status'],
    ['endpoint', containers?.endpoint ?? 'running', Object.entries((health as { services?: Record<string, string> }).services ?? {}).map(([k, v]) => `${k}:${v}`).join(' ')],
    // A row for each delivery stream reading the stream (a Terraform root may define several).
    ...(running.deliveryStreams ?? [running.deliveryStream]).map((name): [string, string, string] => ['firehose', name, metricLine(metrics.deliveryStreams?.[name] ?? {})]),
    ['s3', running.bucket, `success ${objects.success} objects, errors ${objects.error}, raw ${objects.backup}`],
  ];
  if (metrics.iam) rows.push(['iam', metrics.iam.enforce ? 'enforced' : 'off', `${metrics.iam.denials} calls denied`]);
  for (const [stage, state, detail] of rows) console.log(`${stage.padEnd(9)} ${state.padEnd(22)} ${detail}`);
  // Which calls IAM denied, latest last: what a role is missing.
  for (const denial of metrics.iam?.recentDenials.slice(-5) ?? []) console.log(`  denied ${denial.action} on ${denial.resource} to ${denial.principal} (${denial.reason})`);
  return 0;
}

/** Each compose service's container state (`running/healthy`, `paused`, …). */
async function composeStates(running: RunState, state: string): Promise<Record<string, string>> {
  const { openComposeProject } = await import('../../stack/compose-stack.js');
  const project = await openComposeProject({ project: running.compose?.project, configFile: running.compose?.configFile ?? '', stateDir: state });
  return project.states();
}

interface IamMetrics {
  enforce: boolean;
  denials: number;
  recentDenials: { principal: string; action: string; resource: string; reason: string }[];
}

function metricLine(metrics: Record<string, number>): string {
  const pick = ['DataReadFromKinesisStream.Records', 'SucceedProcessing.Records', 'DeliveryToS3.Records', 'BackupToS3.Records', 'DeliveryToS3.ProcessingFailed.Records', 'Dropped.Records'];
  const parts = pick.filter((name) => name in metrics).map((name) => `${name}=${metrics[name]}`);
  return parts.length > 0 ? parts.join(' ') : JSON.stringify(metrics);
}

async function countObjects(running: NonNullable<ReturnType<typeof readRunState>>): Promise<Record<'success' | 'error' | 'backup', number>> {
  const s3 = localS3Client(running.endpoint, running.region ?? 'us-east-1');
  const count = async (prefix: string | null): Promise<number> => {
    if (prefix === null) return 0;
    let total = 0;
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: running.bucket, Prefix: prefix, ContinuationToken: token }));
      total += page.KeyCount ?? 0;
      token = page.NextContinuationToken;
    } while (token);
    return total;
  };
  return { success: await count(running.prefixes.success), error: await count(running.prefixes.error), backup: await count(running.prefixes.backup) };
}

export function countLines(file: string): number {
  const counted: LineCount = { bytes: 0, lines: 0 };
  try {
    countNewLines(file, counted);
  } catch {
    return 0;
  }
  return counted.lines;
}
