import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readPipelineDocument } from '../../provision/index.js';
import { formatAudit, loadScenario, runScenario, type Scenario } from '../../scenarios/index.js';
import { UsageError } from '../flags.js';
import { configPath, PACKAGE_ROOT } from '../paths.js';
import { startProgress } from '../progress.js';

type Flags = Record<string, string | boolean>;

interface Outcome {
  file: string;
  name: string;
  failures: string[];
  seconds: number;
}

/**
 * `hosepipe e2e [name...]`: runs the project's scenarios (`scenarios/*.scenario.yaml`, or --dir), each on a
 * stack of its own with ephemeral ports, a few at a time, over the project's hosepipe.yaml when there is one.
 * Names filter by file name. Prints a line per scenario and the failures, with a progress line (done/total,
 * rate, ETA) kept below them on a terminal and plain progress lines on stderr otherwise; exit 1 when any failed.
 */
export async function e2e(flags: Flags, positionals: string[]): Promise<number> {
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
  console.log(`hosepipe e2e: ${files.length} scenario(s) from ${dir}${base === undefined ? '' : ` over ${config}`}, ${concurrency} at a time`);

  const queue = [...files];
  const outcomes: Outcome[] = [];
  const progress = startProgress('e2e', files.length, { noun: 'scenarios' });
  // On a terminal the lines go above the progress line; otherwise to stdout as they always did.
  const say = (text: string): void => (process.stderr.isTTY ? progress.note(text) : console.log(text));
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const outcome = await runOne(join(dir, file), base, flags.audit === true);
      outcomes.push(outcome);
      say(`  ${outcome.failures.length === 0 ? '✔' : '✘'} ${outcome.name} (${file}, ${outcome.seconds.toFixed(1)} s)`);
      for (const failure of outcome.failures) say(indent(failure, '      '));
      progress.tick();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  progress.done();
  const failed = outcomes.filter((outcome) => outcome.failures.length > 0).length;
  console.log(`${outcomes.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

async function runOne(file: string, base: unknown, printAudit: boolean): Promise<Outcome> {
  const started = performance.now();
  let scenario: Scenario;
  try {
    scenario = loadScenario(file);
  } catch (error) {
    return { file, name: file, failures: [(error as Error).message], seconds: 0 };
  }
  try {
    const result = await runScenario(scenario, { root: PACKAGE_ROOT, base });
    if (printAudit) console.log(indent(formatAudit(result.observed.audit), '      '));
    return { file, name: scenario.name, failures: result.failures, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    return { file, name: scenario.name, failures: [`the scenario could not run: ${(error as Error).message}`], seconds: (performance.now() - started) / 1000 };
  }
}

function indent(text: string, prefix: string): string {
  return text.split('\n').map((line) => `${prefix}${line}`).join('\n');
}
