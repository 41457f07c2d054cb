import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify as stringifyYaml } from 'yaml';
import { startAwsPipeline, startComposeStack, startStack, transformArtifact, type RunningPipeline as Stack } from '../stack/index.js';
import { awsTarget, destroyPipeline, localS3Client, localTarget, parsePipelineConfig, provision, readLivePipeline, type PipelineConfig, type Target } from '../provision/index.js';
import { auditPipeline, type AuditInput } from './audit.js';
import { readObjects, splitLines } from './bucket.js';
import { auditInputFrom, readAccessLogs } from './collect.js';
import { accessLogLines, defaultBudgetSeconds, type Delivery } from './drain.js';
import { checkExpectations, type Observed } from './expectations.js';
import { overlayPipeline } from './pipeline-document.js';
import { predictTransform } from './predict.js';
import { diffSnapshots, snapshotBucket, type BucketSnapshot } from './snapshot.js';
import type { Scenario } from './schema.js';
import { countFaultHits, drainWithLoads, newStepContext, runStep } from './steps.js';
import { awsSideSettings, localOnlyReason } from './targets.js';

export interface ScenarioResult {
  scenario: string;
  failures: string[];
  /** Set when the scenario did not run on this target, saying why (a step only a local endpoint can carry out). */
  skipped?: string;
  /** What the run found; absent when it was skipped. */
  observed?: Observed;
}

/**
 * Where a scenario runs. embedded: its own stack on this machine (`admin: false` switches the endpoint's admin
 * API off, standing in for AWS); compose: a compose project of its own; aws: a pipeline deployed on AWS (or on an
 * endpoint standing in for it, `endpoint`), with nginx and the agent on this machine.
 */
export type ScenarioTarget =
  | { kind: 'embedded'; admin?: boolean }
  | { kind: 'compose' }
  | {
    kind: 'aws';
    /** Default: AWS_REGION, AWS_DEFAULT_REGION, else hosepipe.yaml's region. */
    region?: string;
    /** AWS_ENDPOINT_URL-style override for every SDK client and the agent: the stand-in's URL. */
    endpoint?: string;
    /** The deployed delivery stream; default hosepipe.yaml's (`<name>-to-s3`). Ignored with `deploy`. */
    deliveryStream?: string;
    /** Deploy each scenario's own pipeline (`sc-<suffix>`, with its `pipeline:` settings) first and remove it after. */
    deploy?: boolean;
    /**
     * `endpoint` is hosepipe's own with its admin API (a Terraform root applied to it, `--target terraform`): flush and
     * faults are used; only a restart of the endpoint is not (the scenarios share it).
     */
    admin?: boolean;
  };

export interface RunScenarioOptions {
  /** Repository root, where agent/main.ts is. */
  root: string;
  /** Unique per run, so parallel scenarios never share names or state. */
  suffix?: string;
  artifactDir?: string;
  keepState?: boolean;
  /** The project's hosepipe.yaml as a document (readPipelineDocument), under the scenario's own `pipeline`. */
  base?: unknown;
  /** embedded (default): processes on this machine; compose: a compose project of its own, removed with its volumes after. */
  mode?: 'embedded' | 'compose';
  /** Where it runs (wins over `mode`). */
  target?: ScenarioTarget;
}

/** Runs one scenario on its own stack (ephemeral ports, own state folder) and checks its expectations. */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioResult> {
  const target: ScenarioTarget = options.target ?? { kind: options.mode ?? 'embedded' };
  const withoutAdmin = (target.kind === 'aws' && target.admin !== true) || (target.kind === 'embedded' && target.admin === false);
  // A pipeline deployed before the run: its bucket is shared with the scenarios before (and any other traffic).
  const shared = target.kind === 'aws' && !target.deploy;
  // A step only a local endpoint's admin API can carry out: the scenario does not run, and says why.
  const localOnly = withoutAdmin ? localOnlyReason(scenario) : shared ? localOnlyReason(scenario, { admin: true }) : undefined;
  if (localOnly) return { scenario: scenario.name, failures: [], skipped: localOnly };
  if (shared) {
    const changed = awsSideSettings(scenario);
    if (changed.length > 0) {
      const fix = target.admin ? 'the Terraform root defines it' : 'run it with --deploy (a pipeline of its own)';
      return { scenario: scenario.name, failures: [], skipped: `its pipeline sets ${changed.join(', ')}, which a deployed pipeline has as it was deployed; ${fix}` };
    }
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-scenario-'));
  // nginx workers (user nobody when run as root) reopen the logs after a rotation: they must reach the folder.
  chmodSync(stateDir, 0o755);
  const suffix = options.suffix ?? Math.random().toString(36).slice(2, 8);
  // Against a deployed pipeline the base's name stays: it names the delivery stream.
  const named = target.kind === 'aws' && !target.deploy ? options.base : overlayPipeline(options.base, { name: `sc-${suffix}` });
  const document = overlayPipeline(named, scenario.pipeline);
  const config = parsePipelineConfig(document, scenario.file);
  // Each run builds its own copy of the (deterministic) transform zip, so parallel runs never read a half-written file.
  const artifactDir = options.artifactDir ?? join(stateDir, 'artifact');
  // Restarting the endpoint keeps what Kinesis holds only when it is on disk.
  const persist = scenario.steps.some((step) => 'restartEndpoint' in step);
  const cleanups: (() => Promise<void>)[] = [];
  const failures: string[] = [];
  try {
    const stack = target.kind === 'compose'
      ? await startComposeScenario(config, stateDir, suffix)
      : target.kind === 'aws'
        ? await startAwsScenario(config, target, { root: options.root, stateDir, artifactDir }, cleanups, failures)
        : await startStack({ config, root: options.root, stateDir, endpointPort: 0, nginxPort: 0, artifactDir, persist, ...(target.admin === false ? { admin: false } : {}) });
    cleanups.unshift(() => stack.stop());
    const budgetSeconds = stack.withoutAdmin ? scenario.budget?.seconds ?? defaultBudgetSeconds(stack.withoutAdmin.intervals) : undefined;
    // On a shared pipeline this scenario's objects are those written from its start on: a new second (S3 times
    // objects to the second), no fault rules of the scenario before.
    const since = shared ? await nextSecond() : undefined;
    if (shared && !stack.withoutAdmin) await clearFaults(stack.endpoint.url);
    const context = newStepContext({ ...(budgetSeconds === undefined ? {} : { deadline: Date.now() + budgetSeconds * 1000 }), ...(since === undefined ? {} : { since }) });
    cleanups.unshift(async () => void (await Promise.allSettled(context.background)));
    for (const step of scenario.steps) await runStep(stack, step, context);
    const delivery = (await drainWithLoads(stack, context)) as Delivery | undefined;
    const { objects, ...seen } = await observe(stack, keyPrefixesNamed(scenario), since);
    const observed = { ...seen, faultHits: context.faultHits + (stack.withoutAdmin ? 0 : await countFaultHits(stack)) };
    failures.push(...checkExpectations(scenario.expect, observed));
    if (scenario.snapshot) failures.push(...checkSnapshot(scenario.file, snapshotBucket(objects, config.name)));
    if (failures.length > 0 && budgetSeconds !== undefined && delivery && !delivery.settled) {
      failures.push(`Firehose had not delivered every line within the scenario's budget of ${budgetSeconds} s (${stack.withoutAdmin!.reason}); give it more with \`budget: { seconds: N }\``);
    }
    return { scenario: scenario.name, failures, observed };
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => failures.push(`cleaning up: ${(error as Error).message}`));
    if (!options.keepState) rmSync(stateDir, { recursive: true, force: true });
  }
}

/**
 * The aws target: with `deploy`, provisions the scenario's own pipeline there first (and removes it, bucket
 * emptied, at the end); then reads the pipeline through the SDK and starts nginx and the agent here.
 */
async function startAwsScenario(config: PipelineConfig, target: Extract<ScenarioTarget, { kind: 'aws' }>, paths: { root: string; stateDir: string; artifactDir: string }, cleanups: (() => Promise<void>)[], failures: string[]): Promise<Stack> {
  const region = target.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? config.region;
  const endpoint = target.endpoint ?? process.env.AWS_ENDPOINT_URL;
  const located = { ...config, region };
  let deliveryStream = target.deliveryStream;
  if (target.deploy) {
    const provisionTarget: Target = endpoint ? localTarget(endpoint, region) : await awsTarget({ region });
    const { desired } = await provision(provisionTarget, located, await transformArtifact(located, paths.artifactDir));
    deliveryStream = desired.names.deliveryStream;
    cleanups.push(async () => {
      const report = await destroyPipeline(provisionTarget, desired, await readLivePipeline(provisionTarget, desired), { emptyBucket: true });
      if (report.kept.length > 0) failures.push(`the scenario's pipeline was not removed completely: ${report.kept.join(', ')} kept`);
    });
  }
  return startAwsPipeline({ config: located, region, ...(endpoint ? { endpoint } : {}), ...(deliveryStream ? { deliveryStream } : {}), ...(target.admin ? { admin: true } : {}), root: paths.root, stateDir: paths.stateDir, nginxPort: 0 });
}

/** Waits for the next whole second and answers it (epoch ms). */
async function nextSecond(): Promise<number> {
  const next = Math.ceil((Date.now() + 1) / 1000) * 1000;
  await sleep(next - Date.now());
  return next;
}

async function clearFaults(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/_hosepipe/faults`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`DELETE /_hosepipe/faults answered HTTP ${response.status}: ${await response.text()}`);
}

/** A compose project of the scenario's own (ephemeral ports on 127.0.0.1; images built only if missing); its stop removes the volumes too. */
async function startComposeScenario(config: Parameters<typeof startStack>[0]['config'], stateDir: string, suffix: string): Promise<Stack> {
  const configFile = join(stateDir, 'hosepipe.yaml');
  writeFileSync(configFile, stringifyYaml(config));
  const stack = await startComposeStack({ config, configFile, stateDir, project: `hosepipe-sc-${suffix}`, endpointPort: 0, nginxPort: 0 });
  return { ...stack, stop: () => stack.stop({ volumes: true }), get agent() { return stack.agent; } };
}

/** `<name>.snapshot.json` beside the scenario: written when HOSEPIPE_UPDATE_SNAPSHOTS=1, compared otherwise. */
function checkSnapshot(scenarioFile: string, actual: BucketSnapshot): string[] {
  const file = scenarioFile.replace(/\.scenario\.ya?ml$/, '.snapshot.json');
  if (process.env.HOSEPIPE_UPDATE_SNAPSHOTS === '1') {
    writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    return [];
  }
  if (!existsSync(file)) return [`snapshot: ${basename(file)} does not exist yet; record it with \`make e2e UPDATE=1\``];
  const diff = diffSnapshots(JSON.parse(readFileSync(file, 'utf8')) as BucketSnapshot, actual);
  return diff ? [`snapshot: the bucket differs from ${basename(file)} (- recorded, + this run); if the change is intended, \`make e2e UPDATE=1\`:\n${diff}`] : [];
}

type BucketObjects = Parameters<typeof snapshotBucket>[0];

/** The key prefixes the scenario's `records.under` expectations read. */
function keyPrefixesNamed(scenario: Scenario): string[] {
  return [...new Set(scenario.expect.flatMap((expectation) => ('records' in expectation && expectation.records.under !== undefined ? [expectation.records.under] : [])))];
}

async function observe(stack: Stack, keyPrefixes: string[], since: number | undefined): Promise<Omit<Observed, 'faultHits'> & { objects: BucketObjects }> {
  const s3 = stack.withoutAdmin ? stack.withoutAdmin.s3() : localS3Client(stack.endpoint.url, stack.config.region);
  const bucket = stack.names.bucket;
  const success = await readObjects(s3, bucket, stack.prefixes.success, since);
  const errors = await readObjects(s3, bucket, stack.prefixes.error, since);
  const backup = stack.prefixes.backup === null ? null : await readObjects(s3, bucket, stack.prefixes.backup, since);
  const under = Object.fromEntries(await Promise.all(keyPrefixes.map(async (prefix) => {
    const found = await readObjects(s3, bucket, prefix, since);
    return [prefix, found.flatMap(({ key, body }) => splitLines(body).map((line) => ({ key, record: JSON.parse(line) as Record<string, unknown> })))] as const;
  })));
  s3.destroy();
  // The objects just read, not a second read of the same prefixes.
  const bodies = { success: success.map(({ body }) => body), errors: errors.map(({ body }) => body), backup: backup === null ? null : backup.map(({ body }) => body) };
  const predict = predictTransform(stack.config);
  // No metrics to ask (or, on a shared endpoint, none of this scenario's own): drops are what is neither delivered nor failed.
  const input: Omit<AuditInput, 'predict'> = stack.withoutAdmin || since !== undefined
    ? { logs: readAccessLogs(stack.nginx.accessLog), ...bodies, droppedUnknown: true }
    : await auditInputFrom({ endpoint: stack.endpoint.url, region: stack.config.region, bucket, deliveryStream: stack.names.deliveryStream, accessLog: stack.nginx.accessLog, prefixes: stack.prefixes }, bodies);
  const audit = auditPipeline({ ...input, ...(predict ? { predict } : {}) });
  return {
    objects: { success, error: errors, backup: backup ?? [] },
    audit,
    accessLog: accessLogLines(stack),
    success: success.flatMap(({ key, body }) => splitLines(body).map((line) => ({ key, record: JSON.parse(line) as Record<string, unknown> }))),
    successKeys: success.map(({ key }) => key),
    errors: errors.flatMap(({ key, body }) =>
      splitLines(body).map((line) => {
        const record = JSON.parse(line) as Record<string, unknown>;
        return { key, record, raw: Buffer.from(String(record.rawData ?? ''), 'base64').toString('utf8') };
      }),
    ),
    errorKeys: errors.map(({ key }) => key),
    backup: backup === null ? null : backup.flatMap(({ body }) => splitLines(body)),
    backupKeys: (backup ?? []).map(({ key }) => key),
    timeZone: stack.config.transform.timeZone,
    under,
  };
}
