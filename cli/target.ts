import { awsTarget, localTarget, REGION_PATTERN, type Target } from '../provision/index.js';
import { UsageError } from './flags.js';
import { stateDir as resolveStateDir } from './paths.js';
import { NotRunningError, readRunState } from './run-state.js';

type Flags = Record<string, string | boolean>;

/** No region anywhere: the message is the whole story. */
export class NoRegionError extends Error {
  constructor(source: string) {
    super(`no AWS region (${source} is empty): pass --region, set AWS_REGION, or set region in hosepipe.yaml`);
    this.name = 'NoRegionError';
  }
}

/** The target named by --target: the running local endpoint, or AWS through the SDK's credential chain. */
export async function resolveTarget(flags: Flags, configRegion: string, purpose: string): Promise<Target> {
  const kind = flags.target ?? 'local';
  if (kind === 'aws') return awsTarget({ region: awsRegion(flags, configRegion), ...(typeof flags.profile === 'string' ? { profile: flags.profile } : {}) });
  if (kind !== 'local') throw new UsageError(`--target must be local or aws (got ${JSON.stringify(kind)})`);
  const running = readRunState(resolveStateDir(flags));
  if (!running) throw new NotRunningError(`${purpose}, or pass --target aws`);
  return localTarget(running.endpoint, configRegion);
}

/** --region, then AWS_REGION, then AWS_DEFAULT_REGION, then hosepipe.yaml; an empty or malformed one is refused here. */
export function awsRegion(flags: Flags, configRegion: string): string {
  const [source, region] =
    typeof flags.region === 'string' ? ['--region', flags.region]
    : process.env.AWS_REGION !== undefined ? ['AWS_REGION', process.env.AWS_REGION]
    : process.env.AWS_DEFAULT_REGION !== undefined ? ['AWS_DEFAULT_REGION', process.env.AWS_DEFAULT_REGION]
    : ['hosepipe.yaml', configRegion];
  if (region.trim() === '') throw new NoRegionError(source);
  if (!REGION_PATTERN.test(region)) throw new UsageError(`${source} must be an AWS region such as eu-west-1 (got ${JSON.stringify(region)})`);
  return region;
}
