import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { configPath, stateDir as resolveStateDir } from '../paths.js';
import { clearRunState, readRunState, writeRunState, type RunState } from '../run-state.js';
import { UsageError } from '../flags.js';
// The layout alone, not stack/index.js: that would load the whole emulator into every `up -d`, `down` and `flush`.
import { CONTAINER } from '../../stack/compose-layout.js';

/** `--mode`: embedded (processes on this machine, the default) or compose (containers). */
export function modeOf(flags: Record<string, string | boolean>): 'embedded' | 'compose' {
  const mode = flags.mode ?? 'embedded';
  if (mode === 'embedded' || mode === 'compose') return mode;
  throw new UsageError(`--mode must be embedded or compose, got ${JSON.stringify(mode)}`);
}

/** `hosepipe up --mode compose`: the pipeline as a compose project; returns when every container answers. */
export async function upCompose(flags: Record<string, string | boolean>, printSummary: (state: RunState) => void): Promise<number> {
  const started = performance.now();
  const state = resolveStateDir(flags);
  const [{ loadPipelineConfig }, { startComposeStack }] = await Promise.all([import('../../provision/index.js'), import('../../stack/compose-stack.js')]);
  const configFile = configPath(flags);
  const config = loadPipelineConfig(configFile);
  const project = process.env.HOSEPIPE_COMPOSE_PROJECT || undefined;
  const stack = await startComposeStack({ config, configFile, stateDir: state, ...(project ? { project } : {}), log: (line) => console.error(`hosepipe: ${line}`) });
  const runState: RunState = {
    pid: 0,
    endpoint: stack.endpoint.url,
    nginxUrl: stack.nginx.url,
    nginxPid: 0,
    accessLog: stack.nginx.accessLog,
    agentPid: 0,
    ...(stack.agent.statusUrl ? { agentStatusUrl: stack.agent.statusUrl } : {}),
    bucket: stack.names.bucket,
    deliveryStream: stack.names.deliveryStream,
    stream: stack.names.stream,
    prefixes: stack.prefixes,
    startedAt: new Date().toISOString(),
    readyMs: Math.round(performance.now() - started),
    compose: { project: stack.project.project, configFile, agentLogDir: CONTAINER.logDir },
  };
  mkdirSync(join(state, 'run'), { recursive: true });
  writeRunState(state, runState);
  printSummary(runState);
  return 0;
}

/** `hosepipe down --mode compose` (or a compose run state): `docker compose down`, `--volumes` to drop the data too. */
export async function downCompose(flags: Record<string, string | boolean>): Promise<number> {
  const state = resolveStateDir(flags);
  const running = readRunState(state);
  const { openComposeProject } = await import('../../stack/compose-stack.js');
  const project = await openComposeProject({ project: running?.compose?.project ?? (process.env.HOSEPIPE_COMPOSE_PROJECT || undefined), configFile: running?.compose?.configFile ?? configPath(flags), stateDir: state });
  const volumes = flags.volumes === true;
  await project.down(volumes);
  if (volumes) rmSync(join(state, 'compose'), { recursive: true, force: true });
  clearRunState(state);
  console.log(`hosepipe is down (compose project ${project.project}${volumes ? ', volumes removed' : ''})`);
  return 0;
}

/** For flush and audit: the agent's file paths (in its container) as paths on this machine. */
export function agentPathOnHost(running: RunState): (path: string) => string {
  const inContainer = running.compose?.agentLogDir;
  if (!inContainer) return (path) => path;
  const onHost = running.accessLog.slice(0, running.accessLog.lastIndexOf('/'));
  return (path) => (path.startsWith(`${inContainer}/`) ? `${onHost}${path.slice(inContainer.length)}` : path);
}
