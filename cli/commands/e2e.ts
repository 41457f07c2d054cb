import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parsePipelineConfig, readPipelineDocument } from '../../provision/index.js';
import { formatAudit, loadScenario, runScenario, type Scenario, type ScenarioTarget } from '../../scenarios/index.js';
import { UsageError } from '../flags.js';
import { configPath, PACKAGE_ROOT } from '../paths.js';
import { startProgress } from '../progress.js';
import { awsRegion } from '../target.js';
import { terraformFlags, type TerraformFlags } from '../terraform-flags.js';

type Flags = Record<string, string | boolean>;

interface Outcome {
  file: string;
  name: string;
  failures: string[];
  /** Why it did not run on this target. */
  skipped?: string;
  seconds: number;
}

/** The kinds `--target` names; `local` is `embedded`, as the other commands' `--target local|aws` call it. */
const TARGET_KINDS = ['embedded', 'local', 'terraform', 'aws'];

/** A Terraform root to apply to an endpoint of the run's own, whose pipeline the scenarios then share. */
interface TerraformChoice extends TerraformFlags {
  kind: 'terraform';
}

/** Where the scenarios run, from --target, --region, --delivery-stream, --deploy and --terraform. */
export function scenarioTarget(flags: Flags, configRegion: string, lists: Record<string, string[]> = {}): ScenarioTarget | TerraformChoice {
  const kind = typeof flags.target === 'string' ? flags.target : 'embedded';
  if (!TARGET_KINDS.includes(kind)) throw new UsageError(`e2e: --target must be embedded, terraform or aws (got ${JSON.stringify(kind)})`);
  if (kind !== 'aws') {
    for (const flag of ['region', 'profile', 'delivery-stream', 'deploy']) if (flags[flag] !== undefined) throw new UsageError(`e2e: --${flag} is for --target aws`);
  }
  if (kind !== 'terraform') {
    for (const flag of ['terraform', 'var', 'var-file', 'stream']) if (flags[flag] !== undefined) throw new UsageError(`e2e: --${flag} is for --target terraform`);
  }
  if (kind === 'terraform') {
    const root = terraformFlags('e2e', flags, lists);
    if (!root) throw new UsageError('e2e: --target terraform needs --terraform DIR (the Terraform root to apply)');
    return { kind: 'terraform', ...root };
  }
  if (kind !== 'aws') return { kind: 'embedded' };
  if (flags.deploy === true && typeof flags['delivery-stream'] === 'string') throw new UsageError('e2e: --deploy deploys a pipeline per scenario; --delivery-stream names one already deployed: give one of them');
  // The agent, a child process, finds the profile the way the SDK does here.
  if (typeof flags.profile === 'string') process.env.AWS_PROFILE = flags.profile;
  return {
    kind: 'aws',
    region: awsRegion(flags, configRegion),
    ...(typeof flags['delivery-stream'] === 'string' ? { deliveryStream: flags['delivery-stream'] } : {}),
    ...(flags.deploy === true ? { deploy: true } : {}),
  };
}

/**
 * `hosepipe e2e [name...]`: runs the project's scenarios (`scenarios/*.scenario.yaml`, or --dir), each on a
 * stack of its own with ephemeral ports, a few at a time, over the project's hosepipe.yaml when there is one.
 * Names filter by file name. Prints a line per scenario and the failures, with a progress line (done/total,
 * rate, ETA) kept below them on a terminal and plain progress lines on stderr otherwise; exit 1 when any failed.
 * `--target aws` runs them against a deployed pipeline (or, with --deploy, a pipeline per scenario): a scenario
 * with a step only hosepipe's endpoint has (faults, an endpoint restart) is listed as skipped with its reason.
 * `--target terraform --terraform DIR` applies the root to an endpoint of the run's own and runs them against its
 * pipeline. Against a pipeline deployed before the run, scenarios take turns (one bucket).
 */
export async function e2e(flags: Flags, positionals: string[], lists: Record<string, string[]> = {}): Promise<number> {
  const dir = resolve(typeof flags.dir === 'string' ? flags.dir : 'scenarios');
  const concurrency = Number(flags.concurrency ?? process.env.HOSEPIPE_SCENARIO_CONCURRENCY ?? 2);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`e2e: --concurrency must be a whole number of at least 1 (got ${JSON.stringify(flags.concurrency)})`);
  if (flags.update === true) process.env.HOSEPIPE_UPDATE_SNAPSHOTS = '1';
  const only = positionals.length > 0 ? positionals : process.env.HOSEPIPE_SCENARIOS?.split(',').filter(Boolean);
  const files = existsSync(dir)
    ? readdirSync(dir).filter((file) => file.endsWith('.scenario.yaml')).filter((file) => !only || only.some((name) => file.includes(name))).sort()
    : [];
  if (files.length === 0) {
    console.error(`hosepipe: no scenarios${only ? ` matching ${only.join(', ')}` : ''} in ${dir}: write one with \`hosepipe scenario new <name>\``);
    return 1;
  }
  const config = configPath(flags);
  const base = existsSync(config) ? readPipelineDocument(config) : undefined;
  const baseConfig = parsePipelineConfig(base ?? { name: 'hosepipe' }, config);
  const choice = scenarioTarget(flags, baseConfig.region, lists);
  const terraform = choice.kind === 'terraform' ? await applyTerraformRoot(choice, baseConfig) : undefined;
  try {
    const target: ScenarioTarget = terraform?.target ?? (choice as ScenarioTarget);
    // A pipeline deployed before the run is one bucket for every scenario: they take turns.
    const shared = target.kind === 'aws' && !target.deploy;
    return await runAll(files, dir, base, config, flags, shared ? 1 : concurrency, target, terraform ? ` (the Terraform root ${terraform.dir})` : '');
  } finally {
    await terraform?.stop();
  }
}

/** Applies the root to an endpoint of this run's own (startTerraformStack); the scenarios then use its pipeline, its admin API included. */
async function applyTerraformRoot(choice: TerraformChoice, config: ReturnType<typeof parsePipelineConfig>): Promise<{ dir: string; target: ScenarioTarget; stop(): Promise<void> }> {
  const { startTerraformStack } = await import('../../stack/index.js');
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-e2e-terraform-'));
  console.log(`hosepipe e2e: applying the Terraform root ${choice.dir} to an endpoint of this run's own`);
  try {
    const stack = await startTerraformStack({
      dir: choice.dir, vars: choice.vars, varFiles: choice.varFiles, ...(choice.stream ? { stream: choice.stream } : {}),
      root: PACKAGE_ROOT, stateDir, config, endpointPort: 0, nginxPort: 0, log: (line) => console.log(`  ${line}`),
    });
    return {
      dir: choice.dir,
      target: { kind: 'aws', endpoint: stack.endpoint.url, region: stack.region, deliveryStream: stack.names.deliveryStream, admin: true },
      async stop() {
        await stack.stop();
        rmSync(stateDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
}

async function runAll(files: string[], dir: string, base: unknown, config: string, flags: Flags, concurrency: number, target: ScenarioTarget, where: string): Promise<number> {
  console.log(`hosepipe e2e: ${files.length} scenario(s) from ${dir}${base === undefined ? '' : ` over ${config}`}, ${concurrency} at a time${describeTarget(target, base)}${where}`);

  const queue = [...files];
  const outcomes: Outcome[] = [];
  const progress = startProgress('e2e', files.length, { noun: 'scenarios' });
  // On a terminal the lines go above the progress line; otherwise to stdout as they always did.
  const say = (text: string): void => (process.stderr.isTTY ? progress.note(text) : console.log(text));
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const outcome = await runOne(join(dir, file), base, flags.audit === true, target);
      outcomes.push(outcome);
      if (outcome.skipped !== undefined) say(`  - ${outcome.name} (${file}): skipped, ${outcome.skipped}`);
      else say(`  ${outcome.failures.length === 0 ? '✔' : '✘'} ${outcome.name} (${file}, ${outcome.seconds.toFixed(1)} s)`);
      for (const failure of outcome.failures) say(indent(failure, '      '));
      progress.tick();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  progress.done();
  const failed = outcomes.filter((outcome) => outcome.failures.length > 0).length;
  const skipped = outcomes.filter((outcome) => outcome.skipped !== undefined).length;
  console.log(`${outcomes.length - failed - skipped} passed, ${skipped > 0 ? `${skipped} skipped, ` : ''}${failed} failed`);
  return failed === 0 ? 0 : 1;
}

async function runOne(file: string, base: unknown, printAudit: boolean, target: ScenarioTarget): Promise<Outcome> {
  const started = performance.now();
  let scenario: Scenario;
  try {
    scenario = loadScenario(file);
  } catch (error) {
    return { file, name: file, failures: [(error as Error).message], seconds: 0 };
  }
  try {
    const result = await runScenario(scenario, { root: PACKAGE_ROOT, base, target });
    if (printAudit && result.observed) console.log(indent(formatAudit(result.observed.audit), '      '));
    return { file, name: scenario.name, failures: result.failures, ...(result.skipped === undefined ? {} : { skipped: result.skipped }), seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    return { file, name: scenario.name, failures: [`the scenario could not run: ${(error as Error).message}`], seconds: (performance.now() - started) / 1000 };
  }
}

function describeTarget(target: ScenarioTarget, base: unknown): string {
  if (target.kind !== 'aws') return '';
  if (target.admin) return `, against the delivery stream ${target.deliveryStream ?? '?'} (${target.region}) on ${target.endpoint ?? '?'}`;
  const where = process.env.AWS_ENDPOINT_URL ? ` through ${process.env.AWS_ENDPOINT_URL}` : '';
  if (target.deploy) return `, against AWS (${target.region}${where}): each scenario deploys a pipeline of its own and removes it after`;
  const name = target.deliveryStream ?? `${(base as { name?: string } | undefined)?.name ?? '?'}-to-s3`;
  return `, against the delivery stream ${name} on AWS (${target.region}${where}); steps only a local endpoint has are skipped`;
}

function indent(text: string, prefix: string): string {
  return text.split('\n').map((line) => `${prefix}${line}`).join('\n');
}
