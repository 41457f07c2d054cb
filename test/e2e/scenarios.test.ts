import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { buildComposeImages } from '../../stack/index.js';
import { loadPipelineConfig } from '../../provision/index.js';
import { formatAudit, loadScenario, runScenario } from '../../scenarios/index.js';
import { failuresLine } from '../fixtures/scenario-failures.js';

const SCENARIO_DIR = join(PACKAGE_ROOT, 'scenarios');
const only = process.env.HOSEPIPE_SCENARIOS?.split(',').filter(Boolean);
const files = readdirSync(SCENARIO_DIR)
  .filter((file) => file.endsWith('.scenario.yaml'))
  .filter((file) => !only || only.some((name) => file.includes(name)));

// `make e2e MODE=compose`: each scenario on a compose project of its own, the images built once first.
const mode = process.env.HOSEPIPE_SCENARIO_MODE === 'compose' ? 'compose' : 'embedded';
if (mode === 'compose') {
  test.before(async () => {
    await buildComposeImages({ config: loadPipelineConfig(join(PACKAGE_ROOT, 'hosepipe.yaml')), stateDir: join(PACKAGE_ROOT, '.hosepipe') });
  });
}

// A few stacks at once: each runs nginx, an agent, Lambda instances and the endpoint, and the machine has 2 cores.
const CONCURRENCY = Number(process.env.HOSEPIPE_SCENARIO_CONCURRENCY ?? (mode === 'compose' ? 2 : 3));
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

// Each scenario is one test on its own stack (own endpoint, nginx, agent, state folder), so they can run in parallel.
for (const file of files) {
  const scenario = loadScenario(join(SCENARIO_DIR, file));
  // MODE=compose refuses transform.code in one line (the endpoint container has hosepipe.yaml but not the function's folder).
  if (mode === 'compose' && (scenario.pipeline.transform as { code?: unknown } | undefined)?.code !== undefined) {
    test.skip(`scenario: ${scenario.name} — skipped in compose mode: it names transform.code, which compose mode refuses`, () => {});
    continue;
  }
  test(`scenario: ${scenario.name}`, async (t) => {
    // A compose stack starts, restarts and stops containers: minutes on 2 busy cores, past ava's idle timeout.
    if (mode === 'compose') t.timeout(15 * 60_000, `${file} on a compose project of its own`);
    const started = performance.now();
    const result = await slot(() => runScenario(scenario, { root: PACKAGE_ROOT, mode }));
    t.log(`${file}: ${((performance.now() - started) / 1000).toFixed(1)} s including the wait for a slot`);
    if (process.env.HOSEPIPE_SCENARIO_AUDIT && result.observed) t.log(formatAudit(result.observed.audit));
    t.deepEqual(result.failures, [], failuresLine(file, result.failures));
  });
}
