import { applyPlan, desiredPipeline, destroyPipeline, formatPlan, hasChanges, loadPipelineConfig, localTarget, planChanges, readLivePipeline } from '../../provision/index.js';
import { configPath, stateDir as resolveStateDir } from '../paths.js';
import { readRunState } from '../run-state.js';
import { transformArtifact } from '../stack/artifact.js';

async function prepare(flags: Record<string, string | boolean>) {
  const config = loadPipelineConfig(configPath(flags));
  const running = readRunState(resolveStateDir(flags));
  if (!running) throw new Error('hosepipe is not running: `make up` first (the local target is the running endpoint)');
  const target = localTarget(running.endpoint, config.region);
  const desired = desiredPipeline(config, target.placement, await transformArtifact(config));
  const live = await readLivePipeline(target, desired);
  return { config, target, desired, live };
}

/** `hosepipe plan`: prints the diff; exits 2 when there are changes (for CI), 0 when none. */
export async function plan(flags: Record<string, string | boolean>): Promise<number> {
  const { desired, live } = await prepare(flags);
  const changes = planChanges(desired, live);
  console.log(formatPlan(changes));
  return hasChanges(changes) ? 2 : 0;
}

/** `hosepipe apply`: creates or updates what differs; a second run changes nothing and says so. */
export async function apply(flags: Record<string, string | boolean>): Promise<number> {
  const { target, desired, live } = await prepare(flags);
  const changes = planChanges(desired, live);
  console.log(formatPlan(changes));
  if (hasChanges(changes)) {
    await applyPlan(target, desired, changes, (line) => console.log(line));
    console.log('applied');
  }
  return 0;
}

/** `hosepipe destroy`: removes the pipeline in reverse order; keeps a non-empty bucket unless asked. */
export async function destroy(flags: Record<string, string | boolean>): Promise<number> {
  const { target, desired, live } = await prepare(flags);
  const report = await destroyPipeline(target, desired, live, { emptyBucket: flags['empty-bucket'] === true, log: (line) => console.log(line) });
  if (report.kept.length > 0) console.log(`kept: ${report.kept.join(', ')}`);
  return 0;
}
