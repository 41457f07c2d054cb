import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import type { RunState } from '../cli/run-state.js';
import { resolveLogFormat } from '../lambda/index.js';
import type { PipelineConfig } from '../provision/index.js';
import type * as StackModule from '../stack/index.js';

const run = promisify(execFile);

// The stack as `make up` runs it: `hosepipe up -d` from dist/ (`make bench` builds it first), so the endpoint is
// the supervisor process of the bundled CLI with its own node flags, the agent the bundled dist/agent/main.js and
// the transform the prebuilt zip. Nothing of this bench process (its loader, SDK clients, wrk's output, the
// sampling) is counted as the endpoint's.
const BUILT = new URL('../dist/', import.meta.url);
const CLI = fileURLToPath(new URL('cli/bin.js', BUILT));
const ALLOCATION_SAMPLER = fileURLToPath(new URL('./allocation-sampler.mjs', import.meta.url));
const GC_SAMPLER = fileURLToPath(new URL('./gc-sampler.mjs', import.meta.url));
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`make build\` first (\`make bench\` does)`);
const built = (await import(new URL('stack/index.js', BUILT).href)) as typeof StackModule;

export const { freePort, startNginx } = built;

/** The log_format string nginx runs with, as the stack resolves it. */
export function resolveLogFormatForBench(config: PipelineConfig): string {
  return resolveLogFormat(config.nginx.logFormat)!.format;
}

export interface UpStack {
  /** What `up -d` wrote: the supervisor's (the endpoint's) pid, URLs, the agent, bucket and prefixes. */
  readonly state: RunState;
  /** `hosepipe down`; with a profile folder, moves the supervisor's CPU profile to `profileFile`. */
  stop(): Promise<void>;
}

/** What a stack records of itself for a closer look; nothing by default. */
export interface StackDiagnostics {
  /** The supervisor runs with --cpu-prof; its profile (its whole life: start, warm-up and the timed part) is written here on `down`. */
  profileFile?: string;
  /** Every node process but the function instances (the CLI's, the supervisor's, the agent's) writes its allocations here on exit, by pid (bench/allocation-sampler.mjs). */
  allocationDir?: string;
  /** The same processes write the sums of their garbage collections here on exit, by pid (bench/gc-sampler.mjs). */
  gcDir?: string;
}

/**
 * `hosepipe up -d` of `document` (a hosepipe.yaml as an object) in `dir`, recording what `diagnostics` asks for.
 * BENCH_NODE_FLAGS: node flags of the user's own for the CLI and so the supervisor (they win over hosepipe's, as
 * on `node <flags> hosepipe up -d`).
 */
export async function upStack(dir: string, document: Record<string, unknown>, diagnostics: StackDiagnostics = {}): Promise<UpStack> {
  const { profileFile, allocationDir, gcDir } = diagnostics;
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, 'hosepipe.yaml');
  writeFileSync(configFile, stringify(document));
  const profileDir = join(dir, 'profile');
  const nodeFlags = [...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []), ...(profileFile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  // NODE_OPTIONS reaches the agent too, which the supervisor starts with its own flags; a function instance gets
  // only its function's environment, as on Lambda.
  const samplers: Array<{ file: string; variable: string; folder: string }> = [];
  if (allocationDir) samplers.push({ file: ALLOCATION_SAMPLER, variable: 'HOSEPIPE_BENCH_ALLOC_DIR', folder: allocationDir });
  if (gcDir) samplers.push({ file: GC_SAMPLER, variable: 'HOSEPIPE_BENCH_GC_DIR', folder: gcDir });
  let env = process.env;
  for (const { file, variable, folder } of samplers) {
    mkdirSync(folder, { recursive: true });
    env = { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --import=${JSON.stringify(file)}`.trim(), [variable]: folder };
  }
  const cli = (args: string[]) => run(process.execPath, [...nodeFlags, CLI, ...args, '--state', join(dir, 'state')], { cwd: dir, env, maxBuffer: 16 << 20 });
  await cli(['up', '-d', '--config', configFile]);
  const state = JSON.parse(readFileSync(join(dir, 'state', 'run', 'hosepipe.json'), 'utf8')) as RunState;
  return {
    state,
    async stop() {
      await cli(['down']);
      if (!profileFile) return;
      // Node names each profile CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile.
      const supervisor = readdirSync(profileDir).find((name) => name.split('.')[3] === String(state.pid));
      if (supervisor) renameSync(join(profileDir, supervisor), profileFile);
    },
  };
}
