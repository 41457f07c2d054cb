import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { startComposeStack, startStack, type RunningPipeline as Stack } from '../stack/index.js';
import { localS3Client, parsePipelineConfig } from '../provision/index.js';
import { auditPipeline } from './audit.js';
import { readObjects, splitLines } from './bucket.js';
import { auditInputFrom } from './collect.js';
import { accessLogLines } from './drain.js';
import { checkExpectations, type Observed } from './expectations.js';
import { overlayPipeline } from './pipeline-document.js';
import { predictTransform } from './predict.js';
import { diffSnapshots, snapshotBucket, type BucketSnapshot } from './snapshot.js';
import type { Scenario } from './schema.js';
import { countFaultHits, drainWithLoads, newStepContext, runStep } from './steps.js';

export interface ScenarioResult {
  scenario: string;
  failures: string[];
  observed: Observed;
}

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
}

/** Runs one scenario on its own stack (ephemeral ports, own state folder) and checks its expectations. */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioResult> {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-scenario-'));
  // nginx workers (user nobody when run as root) reopen the logs after a rotation: they must reach the folder.
  chmodSync(stateDir, 0o755);
  const suffix = options.suffix ?? Math.random().toString(36).slice(2, 8);
  const document = overlayPipeline(overlayPipeline(options.base, { name: `sc-${suffix}` }), scenario.pipeline);
  const config = parsePipelineConfig(document, scenario.file);
  // Each run builds its own copy of the (deterministic) transform zip, so parallel runs never read a half-written file.
  const artifactDir = options.artifactDir ?? join(stateDir, 'artifact');
  // Restarting the endpoint keeps what Kinesis holds only when it is on disk.
  const persist = scenario.steps.some((step) => 'restartEndpoint' in step);
  const stack = options.mode === 'compose'
    ? await startComposeScenario(config, stateDir, suffix)
    : await startStack({ config, root: options.root, stateDir, endpointPort: 0, nginxPort: 0, artifactDir, persist });
  const context = newStepContext();
  try {
    for (const step of scenario.steps) await runStep(stack, step, context);
    await drainWithLoads(stack, context);
    const { objects, ...seen } = await observe(stack, keyPrefixesNamed(scenario));
    const observed = { ...seen, faultHits: context.faultHits + (await countFaultHits(stack)) };
    const failures = checkExpectations(scenario.expect, observed);
    if (scenario.snapshot) failures.push(...checkSnapshot(scenario.file, snapshotBucket(objects, config.name)));
    return { scenario: scenario.name, failures, observed };
  } finally {
    await Promise.allSettled(context.background);
    await stack.stop();
    if (!options.keepState) rmSync(stateDir, { recursive: true, force: true });
  }
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

async function observe(stack: Stack, keyPrefixes: string[]): Promise<Omit<Observed, 'faultHits'> & { objects: BucketObjects }> {
  const s3 = localS3Client(stack.endpoint.url, stack.config.region);
  const bucket = stack.names.bucket;
  const success = await readObjects(s3, bucket, stack.prefixes.success);
  const errors = await readObjects(s3, bucket, stack.prefixes.error);
  const backup = stack.prefixes.backup === null ? null : await readObjects(s3, bucket, stack.prefixes.backup);
  const under = Object.fromEntries(await Promise.all(keyPrefixes.map(async (prefix) => {
    const found = await readObjects(s3, bucket, prefix);
    return [prefix, found.flatMap(({ key, body }) => splitLines(body).map((line) => ({ key, record: JSON.parse(line) as Record<string, unknown> })))] as const;
  })));
  s3.destroy();
  const audit = auditPipeline({
    // The objects just read, not a second read of the same prefixes.
    ...(await auditInputFrom(
      { endpoint: stack.endpoint.url, region: stack.config.region, bucket, deliveryStream: stack.names.deliveryStream, accessLog: stack.nginx.accessLog, prefixes: stack.prefixes },
      { success: success.map(({ body }) => body), errors: errors.map(({ body }) => body), backup: backup === null ? null : backup.map(({ body }) => body) },
    )),
    predict: predictTransform(stack.config),
  });
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
