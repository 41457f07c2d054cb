import type { PipelineConfig } from './config.js';
import { desiredPipeline, type DesiredPipeline, type TransformArtifact } from './desired.js';
import { readLivePipeline } from './live.js';
import { applyPlan } from './apply.js';
import { hasChanges, planChanges, type Change } from './plan.js';
import type { Target } from './target.js';

export interface ProvisionResult {
  desired: DesiredPipeline;
  plan: Change[];
  changed: boolean;
}

/** Plan, then apply what differs. A second run finds nothing to do and changes nothing. */
export async function provision(target: Target, config: PipelineConfig, artifact: TransformArtifact, log: (line: string) => void = () => {}): Promise<ProvisionResult> {
  const desired = desiredPipeline(config, target.placement, artifact);
  const plan = planChanges(desired, await readLivePipeline(target, desired), { manageIam: target.manageIam });
  const changed = hasChanges(plan);
  if (changed) await applyPlan(target, desired, plan, log);
  return { desired, plan, changed };
}
