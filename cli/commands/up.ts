import { spawn } from 'node:child_process';
import { existsSync, fstatSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../flags.js';
import { configPath, PACKAGE_ROOT, stateDir as resolveStateDir } from '../paths.js';
import { clearRunState, isAlive, readRunState, writeRunState, type RunState } from '../run-state.js';
import { modeOf, upCompose } from './compose.js';
import { terraformFlags, type TerraformFlags } from '../terraform-flags.js';
import { nodeFlags, processEnv } from '../../stack/process.js';

const DETACHED_READY_TIMEOUT_MS = 60_000;
// terraform init and apply take what they take (the provider's own timeouts bound them).
const TERRAFORM_READY_TIMEOUT_MS = 30 * 60_000;

type Flags = Record<string, string | boolean>;
type Lists = Record<string, string[]>;

/** `hosepipe up`: runs the pipeline in the foreground, or with -d in a background supervisor. */
export async function up(flags: Flags, lists: Lists = {}): Promise<number> {
  const terraform = terraformFlags('up', flags, lists);
  if (terraform && modeOf(flags) === 'compose') throw new UsageError('up: --terraform runs on this machine, not with --mode compose');
  const state = resolveStateDir(flags);
  const running = readRunState(state);
  if (running?.compose) {
    console.log(`hosepipe is already running (compose project ${running.compose.project}; \`make down MODE=compose\` stops it)`);
    printSummary(running);
    return 0;
  }
  if (modeOf(flags) === 'compose') return upCompose(flags, printSummary);
  if (running && isAlive(running.pid)) {
    console.log(`hosepipe is already running (pid ${running.pid})`);
    printSummary(running);
    return 0;
  }
  return flags.detach ? upDetached(flags, terraform, state) : upForeground(flags, terraform, state);
}

async function upForeground(flags: Flags, terraform: TerraformFlags | undefined, state: string): Promise<number> {
  const started = performance.now();
  // Loaded here, not at the top: `up -d` only spawns this path and should start fast.
  const [{ loadPipelineConfig, parsePipelineConfig }, { startStack }] = await Promise.all([import('../../provision/index.js'), import('../../stack/stack.js')]);
  const file = configPath(flags);
  // With --terraform, hosepipe.yaml is optional: it only sets the ports, nginx, the agent and IAM.
  const config = terraform && !existsSync(file) ? parsePipelineConfig({ name: 'terraform' }) : loadPipelineConfig(file);
  const root = terraform ?? config.terraform;
  if (root) return upTerraform(config, { ...root, ...(typeof flags.stream === 'string' ? { stream: flags.stream } : {}) }, state, started);
  const stack = await startStack({
    config,
    root: PACKAGE_ROOT,
    stateDir: state,
    persist: true,
    log: (line) => console.error(`hosepipe: ${line}`),
  });
  return serve(stack, runStateOf(stack, started), state, 'hosepipe: stopping (draining the agent and nginx)');
}

/** `up --terraform DIR` (or `terraform:` in hosepipe.yaml) in the foreground: the root applied to the endpoint, nginx and the agent. */
async function upTerraform(config: import('../../provision/index.js').PipelineConfig, root: TerraformFlags, state: string, started: number): Promise<number> {
  const { startTerraformStack } = await import('../../stack/terraform.js');
  const stack = await startTerraformStack({
    ...root,
    config,
    root: PACKAGE_ROOT,
    stateDir: state,
    persist: true,
    log: (line) => console.error(`hosepipe: ${line}`),
  }).catch((error: unknown) => {
    // Terraform's own words first, as it printed them; main prints the one line naming the step.
    if (error instanceof Error && error.name === 'TerraformError' && 'output' in error && typeof error.output === 'string' && error.output.trim() !== '') console.error(error.output.trimEnd());
    throw error;
  });
  const runState: RunState = {
    ...runStateOf(stack, started),
    kind: 'terraform',
    deliveryStreams: stack.deliveryStreams.map((entry) => entry.name),
    region: stack.region,
    terraform: stack.terraform,
  };
  return serve(stack, runState, state, 'hosepipe: stopping (draining the agent and nginx; the Terraform state stays)');
}

/** What every run state says of a pipeline running in this process. */
function runStateOf(stack: StartedPipeline, started: number): RunState {
  return {
    pid: process.pid,
    endpoint: stack.endpoint.url,
    nginxUrl: stack.nginx.url,
    nginxPid: stack.nginx.pid,
    accessLog: stack.nginx.accessLog,
    agentPid: stack.agent.pid,
    agentStatusUrl: stack.agent.statusUrl,
    bucket: stack.names.bucket,
    deliveryStream: stack.names.deliveryStream,
    stream: stack.names.stream,
    prefixes: stack.prefixes,
    startedAt: new Date().toISOString(),
    readyMs: Math.round(performance.now() - started),
  };
}

/** Records the run state, prints the summary, and runs the pipeline until a signal; then stops it and clears the state. */
async function serve(stack: StartedPipeline, runState: RunState, state: string, stopping: string): Promise<number> {
  writeRunState(state, runState);
  printSummary(runState);
  await new Promise<void>((resolvePromise) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolvePromise());
  });
  console.error(stopping);
  await stack.stop();
  clearRunState(state);
  return 0;
}

/** What up reads of the pipeline it started, whichever way (startStack or startTerraformStack). */
interface StartedPipeline {
  readonly endpoint: { readonly url: string };
  readonly nginx: { readonly url: string; readonly pid: number; readonly accessLog: string };
  readonly agent: { readonly pid: number; readonly statusUrl: string | undefined };
  readonly names: { readonly bucket: string; readonly deliveryStream: string; readonly stream: string };
  readonly prefixes: RunState['prefixes'];
  stop(): Promise<void>;
}

async function upDetached(flags: Flags, terraform: TerraformFlags | undefined, state: string): Promise<number> {
  // The supervisor validates hosepipe.yaml; if it fails, its log's last lines are printed here.
  mkdirSync(join(state, 'logs'), { recursive: true });
  clearRunState(state);
  const logFile = join(state, 'logs', 'hosepipe.log');
  const out = openSync(logFile, 'a');
  const logStart = fstatSync(out).size;
  const terraformArgs = terraform ? [
    '--terraform', terraform.dir,
    ...Object.entries(terraform.vars).flatMap(([name, value]) => ['--var', `${name}=${value}`]),
    ...terraform.varFiles.flatMap((file) => ['--var-file', file]),
    ...(terraform.stream === undefined ? [] : ['--stream', terraform.stream]),
  ] : typeof flags.stream === 'string' ? ['--stream', flags.stream] : [];
  const args = [process.argv[1] ?? join(PACKAGE_ROOT, 'cli', 'bin.js'), 'up', '--state', state, '--config', configPath(flags), ...terraformArgs, ...(flags.debug === true ? ['--debug'] : [])];
  const child = spawn(process.execPath, [...nodeFlags(process.execArgv, process.env.NODE_OPTIONS), ...args], { detached: true, stdio: ['ignore', out, out], env: processEnv() });
  child.unref();
  const timeoutMs = terraform ? TERRAFORM_READY_TIMEOUT_MS : DETACHED_READY_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let shown = logStart;
  while (Date.now() < deadline) {
    if (terraform) {
      // Terraform's steps take a while: the supervisor's progress lines, as it writes them.
      const written = readFrom(logFile, shown);
      const complete = written.slice(0, written.lastIndexOf('\n') + 1);
      shown += Buffer.byteLength(complete);
      for (const line of complete.split('\n')) if (/^hosepipe: (terraform init in |terraform apply$|Apply complete!|shipping into )/.test(line)) console.error(line);
    }
    const runState = readRunState(state);
    if (runState && runState.pid === child.pid) {
      printSummary(runState);
      return 0;
    }
    if (child.exitCode !== null || !isAlive(child.pid ?? 0)) {
      // The supervisor's own one-line error is this run's last `hosepipe:` line; --debug shows all it wrote.
      const written = readFrom(logFile, logStart);
      const line = written.split('\n').filter((text) => text.startsWith('hosepipe: ')).at(-1);
      // A Terraform step failed: what Terraform printed (the log's lines that are not hosepipe's), then the step.
      const terraformSaid = line?.startsWith('hosepipe: terraform ') ? written.split('\n').filter((text) => !text.startsWith('hosepipe: ')).join('\n').trim() : '';
      if (terraformSaid !== '' && flags.debug !== true) console.error(terraformSaid);
      console.error(flags.debug === true || !line ? `hosepipe up failed; ${logFile} says:\n${written.trimEnd()}` : `${line} (log: ${logFile})`);
      return 1;
    }
    await sleep(25);
  }
  console.error(`hosepipe up: not ready after ${timeoutMs} ms; see ${logFile}`);
  return 1;
}

/** A prefix's folder for display: `…/migration/year=` reads better as `…/migration/`. */
function folder(prefix: string): string {
  return prefix.slice(0, prefix.lastIndexOf('/') + 1);
}

function printSummary(state: RunState): void {
  const how = state.compose ? `compose project ${state.compose.project}` : `pid ${state.pid}`;
  if (state.terraform) {
    const others = (state.deliveryStreams ?? []).filter((name) => name !== state.deliveryStream);
    console.log(`hosepipe is up with the Terraform root ${state.terraform.dir} (ready in ${(state.readyMs / 1000).toFixed(2)} s, ${how})
  endpoint   ${state.endpoint}   (AWS_ENDPOINT_URL for SDKs, --endpoint-url for the CLI; region ${state.region ?? 'us-east-1'})
  nginx      ${state.nginxUrl}   (try: curl ${state.nginxUrl}/hello)
  stream     ${state.stream} → ${state.deliveryStream}${others.length > 0 ? ` (and ${others.join(', ')})` : ''}
  bucket     s3://${state.bucket}/
    success  ${state.prefixes.success}
    errors   ${state.prefixes.error}
  next: hosepipe flush · hosepipe status · hosepipe audit · hosepipe down (keeps the Terraform state) · hosepipe down --destroy`);
    return;
  }
  console.log(`hosepipe is up (ready in ${(state.readyMs / 1000).toFixed(2)} s, ${how})
  endpoint   ${state.endpoint}   (AWS_ENDPOINT_URL for SDKs, --endpoint-url for the CLI)
  nginx      ${state.nginxUrl}   (try: curl ${state.nginxUrl}/hello)
  bucket     s3://${state.bucket}/
    success  ${folder(state.prefixes.success)}
    errors   ${folder(state.prefixes.error)}
    raw      ${state.prefixes.backup === null ? '(backup disabled)' : folder(state.prefixes.backup)}
  next: make flush (deliver now) · make status · aws --endpoint-url ${state.endpoint} s3 ls --recursive s3://${state.bucket}/ · make down`);
}

function readFrom(file: string, offset: number): string {
  try {
    return readFileSync(file).subarray(offset).toString('utf8');
  } catch {
    return '(no log)';
  }
}
