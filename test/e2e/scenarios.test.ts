import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { loadScenario, runScenario } from '../../scenarios/index.js';

const SCENARIO_DIR = join(PACKAGE_ROOT, 'scenarios');
const only = process.env.HOSEPIPE_SCENARIOS?.split(',').filter(Boolean);
const files = readdirSync(SCENARIO_DIR)
  .filter((file) => file.endsWith('.scenario.yaml'))
  .filter((file) => !only || only.some((name) => file.includes(name)));

// Each scenario is one test on its own stack (own endpoint, nginx, agent, state folder), so they run in parallel.
for (const file of files) {
  const scenario = loadScenario(join(SCENARIO_DIR, file));
  test(`scenario: ${scenario.name}`, async (t) => {
    const result = await runScenario(scenario, { root: PACKAGE_ROOT });
    t.deepEqual(result.failures, [], `${file}: ${result.failures.length} expectation(s) failed`);
  });
}
