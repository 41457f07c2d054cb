import { createInterface } from 'node:readline/promises';
import {
  applyPlan, desiredPipeline, destroyPipeline, formatPlan, hasChanges, loadPipelineConfig, planChanges, readLivePipeline, type Target,
} from '../../provision/index.js';
import { UsageError } from '../flags.js';
import { configPath } from '../paths.js';
import { resolveTarget } from '../target.js';
import { transformArtifact } from '../../stack/artifact.js';

type Flags = Record<string, string | boolean>;

async function prepare(flags: Flags) {
  const config = loadPipelineConfig(configPath(flags));
  const target = await resolveTarget(flags, config.region, 'the local target is the running endpoint');
  const desired = desiredPipeline(config, target.placement, await transformArtifact(config));
  const live = await readLivePipeline(target, desired);
  return { target, desired, live };
}

function describeTarget(target: Target): string {
  return target.kind === 'aws' ? `AWS account ${target.placement.accountId}, ${target.placement.region}` : `the local endpoint (account ${target.placement.accountId})`;
}

/** `hosepipe plan`: prints the diff; exits 2 when there are changes (for CI), 0 when none. */
export async function plan(flags: Flags): Promise<number> {
  const { target, desired, live } = await prepare(flags);
  const changes = planChanges(desired, live, { manageIam: target.manageIam });
  console.log(`Plan for ${describeTarget(target)}:\n${formatPlan(changes)}`);
  return hasChanges(changes) ? 2 : 0;
}

/** `hosepipe deploy`: prints the plan, asks unless --yes, then creates or updates what differs. */
export async function deploy(flags: Flags): Promise<number> {
  const { target, desired, live } = await prepare(flags);
  const changes = planChanges(desired, live, { manageIam: target.manageIam });
  console.log(`Plan for ${describeTarget(target)}:\n${formatPlan(changes)}`);
  if (!hasChanges(changes)) return 0;
  if (!(await confirm(flags, `Apply these changes to ${describeTarget(target)}?`))) {
    console.log('Nothing changed.');
    return 1;
  }
  await applyPlan(target, desired, changes, (line) => console.log(line));
  console.log('Deployed.');
  return 0;
}

/** `hosepipe destroy`: removes what carries the pipeline tag in reverse order; keeps a non-empty bucket unless asked. */
export async function destroy(flags: Flags): Promise<number> {
  const { target, desired, live } = await prepare(flags);
  if (target.kind === 'aws' && !(await confirm(flags, `Delete the pipeline ${desired.tags['hosepipe:pipeline']} from ${describeTarget(target)}?`))) {
    console.log('Nothing deleted.');
    return 1;
  }
  const report = await destroyPipeline(target, desired, live, { emptyBucket: flags['empty-bucket'] === true, log: (line) => console.log(line) });
  if (report.kept.length > 0) console.log(`Kept: ${report.kept.join('; ')}`);
  return 0;
}

async function confirm(flags: Flags, question: string): Promise<boolean> {
  if (flags.yes === true) return true;
  if (!process.stdin.isTTY) throw new UsageError('not asking on a non-interactive terminal: pass --yes to go ahead');
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}
