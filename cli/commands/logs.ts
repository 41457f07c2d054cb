import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { awsTarget, loadPipelineConfig, localTarget, resourceNames, type Target } from '../../provision/index.js';
import { UsageError } from '../flags.js';
import { configPath, stateDir as resolveStateDir } from '../paths.js';
import { readRunState } from '../run-state.js';

type Flags = Record<string, string | boolean>;

/**
 * `hosepipe logs <transform|firehose|name>`: the function's or the delivery stream's CloudWatch log
 * events, read the same way from the local endpoint and from AWS.
 */
export async function logs(flags: Flags, positionals: string[]): Promise<number> {
  const [which] = positionals;
  if (!which) throw new UsageError('logs: say whose logs: transform, firehose, or a function / delivery stream name');
  const config = loadPipelineConfig(configPath(flags));
  const target = await resolve(flags, config.region);
  const names = resourceNames(config, target.placement);
  const group =
    which === 'transform' || which === names.functionName ? names.functionLogGroup
    : which === 'firehose' || which === names.deliveryStream ? names.firehoseLogGroup
    : which.startsWith('/') ? which
    : `/aws/lambda/${which}`;
  const since = Date.now() - Number(flags.minutes ?? 60) * 60_000;
  let token: string | undefined;
  let count = 0;
  do {
    const page = await target.clients.logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: since, nextToken: token }));
    for (const event of page.events ?? []) {
      count++;
      process.stdout.write(`${new Date(event.timestamp ?? 0).toISOString()} ${event.logStreamName ?? ''} ${(event.message ?? '').replace(/\n$/, '')}\n`);
    }
    token = page.nextToken;
  } while (token);
  if (count === 0) console.error(`no events in ${group} in the last ${Number(flags.minutes ?? 60)} minutes`);
  return 0;
}

async function resolve(flags: Flags, region: string): Promise<Target> {
  if (flags.target === 'aws') return awsTarget({ region: typeof flags.region === 'string' ? flags.region : process.env.AWS_REGION ?? region, ...(typeof flags.profile === 'string' ? { profile: flags.profile } : {}) });
  const running = readRunState(resolveStateDir(flags));
  if (!running) throw new Error('hosepipe is not running: `make up` first, or pass --target aws');
  return localTarget(running.endpoint, region);
}
