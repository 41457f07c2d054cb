import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { loadPipelineConfig, resourceNames } from '../../provision/index.js';
import { UsageError } from '../flags.js';
import { configPath } from '../paths.js';
import { resolveTarget } from '../target.js';

type Flags = Record<string, string | boolean>;

/**
 * `hosepipe logs <transform|firehose|name>`: the function's or the delivery stream's CloudWatch log
 * events, read the same way from the local endpoint and from AWS.
 */
export async function logs(flags: Flags, positionals: string[]): Promise<number> {
  const [which] = positionals;
  if (!which) throw new UsageError('logs: say whose logs: transform, firehose, or a function / delivery stream name');
  const config = loadPipelineConfig(configPath(flags));
  const target = await resolveTarget(flags, config.region, 'the local logs are in the running endpoint');
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

