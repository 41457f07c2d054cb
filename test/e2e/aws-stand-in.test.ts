import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { createEdgeServer, type EdgeServer } from '../../emulator-shims/index.js';
import { readPipelineDocument } from '../../provision/index.js';
import { formatAudit, loadScenario, localOnlyReason, overlayPipeline, runScenario } from '../../scenarios/index.js';
import { failuresLine } from '../fixtures/scenario-failures.js';

/*
 * The scenario suite against an endpoint standing in for AWS: its admin API is off, so the runner has no flush,
 * clock or faults. Each scenario deploys a pipeline of its own there through the SDK (as `--deploy` does on AWS),
 * reads it back with DescribeDeliveryStream, ships to its stream and waits for Firehose's own intervals.
 */
const SCENARIO_DIR = join(PACKAGE_ROOT, 'scenarios');
const only = process.env.HOSEPIPE_SCENARIOS?.split(',').filter(Boolean);
const files = readdirSync(SCENARIO_DIR)
  .filter((file) => file.endsWith('.scenario.yaml'))
  .filter((file) => !only || only.some((name) => file.includes(name)));

// hosepipe.yaml's pipeline, with the function's buffer at 1 s (valid on AWS: 0-900 s); the destination and the
// backup keep 60 s (the backup's minimum on AWS), so each scenario waits about a minute of real time.
const base = overlayPipeline(readPipelineDocument(join(PACKAGE_ROOT, 'hosepipe.yaml')), { firehose: { processorBuffering: { intervalSeconds: 1 } } });

// The waits are idle; the traffic is not: a few scenarios at once on 2 cores.
const CONCURRENCY = Number(process.env.HOSEPIPE_SCENARIO_CONCURRENCY ?? 5);
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

let standIn: EdgeServer;
const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-aws-stand-in-'));
test.before(async () => {
  standIn = await createEdgeServer({ port: 0, stateDir, admin: false });
});
test.after.always(async () => {
  await standIn?.close();
  rmSync(stateDir, { recursive: true, force: true });
});

test('the stand-in for AWS answers no admin call: /_hosepipe/health is an unsigned S3 request there', async (t) => {
  const answer = await fetch(`${standIn.url}/_hosepipe/health`);
  t.is(answer.status, 403);
  t.false(standIn.admin);
});

for (const file of files) {
  const scenario = loadScenario(join(SCENARIO_DIR, file));
  const localOnly = localOnlyReason(scenario);
  test(`scenario against the stand-in for AWS: ${scenario.name}${localOnly ? ' (skipped: a local-only step)' : ''}`, async (t) => {
    const started = performance.now();
    const run = () => runScenario(scenario, { root: PACKAGE_ROOT, base, target: { kind: 'aws', endpoint: standIn.url, region: 'us-east-1', deploy: true } });
    // A skip is decided before anything starts: it needs no slot.
    const result = localOnly ? await run() : await slot(run);
    t.log(`${file}: ${result.skipped ? `skipped: ${result.skipped}` : 'ran'}, ${((performance.now() - started) / 1000).toFixed(1)} s including the wait for a slot`);
    if (process.env.HOSEPIPE_SCENARIO_AUDIT && result.observed) t.log(formatAudit(result.observed.audit));
    // Skipped exactly when a step (or expectation) needs the admin API, with that reason.
    t.is(result.skipped, localOnly);
    t.deepEqual(result.failures, [], failuresLine(file, result.failures));
  });
}
