import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONTAINER } from './compose-layout.js';
import { resourceNames, staticPart, type PipelineConfig, type ResourceNames } from '../provision/index.js';
import { PACKAGE_ROOT } from './package-root.js';
import { transformArtifact } from './artifact.js';
import { checkDockerEngine, ComposeError, ComposeProject, findCompose, inspectContainers, type ServiceContainer } from './compose-cli.js';
import { imageExists, imageTags, removeOlderTags } from './compose-build.js';
import { chooseBaseImages } from './compose-images.js';
import type { HostPath } from './drain.js';
import { assertPortFree, freePort } from './process.js';
import type { PipelineControls } from './pipeline.js';

export const COMPOSE_FILE = join(PACKAGE_ROOT, 'compose', 'compose.yaml');
export const DEFAULT_PROJECT = 'hosepipe';
const READY_TIMEOUT_MS = 180_000;

export interface ComposeStackOptions {
  config: PipelineConfig;
  /** The hosepipe.yaml the endpoint container mounts. */
  configFile: string;
  /** Host folder: `compose/logs/` (nginx's access log, bind-mounted into nginx and the agent). */
  stateDir: string;
  /** Compose project name (default `hosepipe`); parallel stacks need their own. */
  project?: string;
  /** Host ports, 127.0.0.1 only; hosepipe.yaml's by default, 0 picks free ones (tests). */
  endpointPort?: number;
  nginxPort?: number;
  log?: (line: string) => void;
}

/** A running compose project, as the CLI and the scenario runner use a stack. */
export interface ComposeStack extends PipelineControls {
  readonly project: ComposeProject;
  readonly config: PipelineConfig;
  readonly stateDir: string;
  readonly endpoint: { readonly url: string };
  readonly nginx: { readonly url: string; readonly accessLog: string; reopen(): Promise<void>; pause(): Promise<() => Promise<void>> };
  readonly agent: { readonly statusUrl: string | undefined };
  readonly names: ResourceNames;
  readonly prefixes: { success: string; error: string; backup: string | null };
  /** The agent names files as its container sees them; this gives their path on the host. */
  readonly onHost: HostPath;
  /** `down`; with volumes, the bucket, stream and checkpoints go too, and the access logs. */
  stop(options?: { volumes?: boolean }): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** The compose project of a stack started before (for `down`, `status`), without starting anything. */
export async function openComposeProject(options: { project?: string; configFile: string; stateDir: string }): Promise<ComposeProject> {
  await checkDockerEngine();
  return new ComposeProject({ file: COMPOSE_FILE, project: options.project ?? DEFAULT_PROJECT, flavour: await findCompose(), env: composeEnv(options, {}) });
}

/** Builds the hosepipe and nginx images once, for callers that then start several stacks. */
export async function buildComposeImages(options: { config: PipelineConfig; stateDir: string; log?: (line: string) => void }): Promise<void> {
  await checkDockerEngine();
  const project = new ComposeProject({ file: COMPOSE_FILE, project: DEFAULT_PROJECT, flavour: await findCompose(), env: {} });
  await ensureImages(project, options.config, options.log ?? (() => {}));
}

/**
 * The images for these sources, built only when missing (their tags hash what goes into them), as
 * the settings compose.yaml reads: NODE_IMAGE, NGINX_IMAGE, HOSEPIPE_IMAGE, HOSEPIPE_NGINX_IMAGE.
 */
async function ensureImages(project: ComposeProject, config: PipelineConfig, log: (line: string) => void): Promise<Record<string, string>> {
  // The endpoint container has hosepipe.yaml but not the folders beside it.
  if (config.transform.code !== undefined) throw new ComposeError('transform.code (the team\'s own function) does not run in MODE=compose yet: use the embedded mode (make up) for it');
  const images = await chooseBaseImages(process.env, log);
  // The image carries dist/lambda/transform.zip; make sure it is the current one.
  await transformArtifact(config);
  const tags = await imageTags(images);
  const env = { NODE_IMAGE: images.node, NGINX_IMAGE: images.nginx, HOSEPIPE_IMAGE: tags.hosepipe, HOSEPIPE_NGINX_IMAGE: tags.nginx };
  const missing = [...((await imageExists(tags.hosepipe)) ? [] : ['endpoint']), ...((await imageExists(tags.nginx)) ? [] : ['nginx'])];
  if (missing.length > 0) {
    log(`building ${missing.map((service) => (service === 'nginx' ? tags.nginx : tags.hosepipe)).join(' and ')} on ${missing.map((service) => (service === 'nginx' ? images.nginx : images.node)).join(' and ')}`);
    await project.withEnv(env).build(missing);
    for (const tag of Object.values(tags)) await removeOlderTags(tag);
  }
  return env;
}

/** `make up MODE=compose`: builds what changed, starts endpoint → agent → nginx, and waits until each answers. */
export async function startComposeStack(options: ComposeStackOptions): Promise<ComposeStack> {
  const { config, stateDir } = options;
  const log = options.log ?? (() => {});
  await checkDockerEngine();
  const flavour = await findCompose();
  // 0 becomes a port free now, not Docker's pick: Docker picks anew when a container restarts, and
  // restartEndpoint() must keep the endpoint's URL.
  const endpointPort = (options.endpointPort ?? config.endpoint.port) || (await freePort());
  const nginxPort = (options.nginxPort ?? Number(config.nginx.listen.split(':')[1])) || (await freePort());
  // Before Docker says it its way: one line naming the hosepipe.yaml setting.
  for (const [port, setting] of [[endpointPort, 'endpoint.port'], [nginxPort, 'nginx.listen']] as const) await assertPortFree(port, setting);
  const logDir = join(stateDir, 'compose', 'logs');
  mkdirSync(logDir, { recursive: true });
  chmodSync(logDir, 0o755);
  const bare = new ComposeProject({ file: COMPOSE_FILE, project: options.project ?? DEFAULT_PROJECT, flavour, env: {} });
  const images = await ensureImages(bare, config, log);
  const project = bare.withEnv({ ...composeEnv(options, {}), ...images, HOSEPIPE_ENDPOINT_PORT: String(endpointPort), HOSEPIPE_NGINX_PORT: String(nginxPort) });
  await project.up();
  try {
    return await attach(project, options, logDir);
  } catch (error) {
    await project.down(false).catch(() => undefined);
    throw error;
  }
}

/** Settings compose/compose.yaml reads; host ports only when given (an empty agent port picks a free one). */
function composeEnv(options: { configFile: string; stateDir: string }, extra: Record<string, string>): Record<string, string> {
  return {
    HOSEPIPE_CONFIG: options.configFile,
    HOSEPIPE_LOG_DIR: join(options.stateDir, 'compose', 'logs'),
    HOSEPIPE_AGENT_STATUS_PORT: '',
    ...extra,
  };
}

async function attach(project: ComposeProject, options: ComposeStackOptions, logDir: string): Promise<ComposeStack> {
  const { config, stateDir } = options;
  let containers = await project.containers();
  const hostUrl = (service: string, port: number): string => {
    const hostPort = containers[service]?.ports[port];
    if (!hostPort) throw new ComposeError(`the ${service} container publishes no port for ${port} (containers: ${JSON.stringify(containers)})`);
    return `http://127.0.0.1:${hostPort}`;
  };
  const endpointUrl = hostUrl('endpoint', CONTAINER.endpointPort);
  const nginxUrl = hostUrl('nginx', CONTAINER.nginxPort);
  let statusUrl: string | undefined;
  // A restarted container may publish its ephemeral port anew: read it again each time.
  const waitForAgent = async (): Promise<void> => {
    containers = await inspectContainers(Object.values(containers).map((container) => container.id));
    statusUrl = `${hostUrl('agent', CONTAINER.agentStatusPort)}/status`;
    await waitForHttp(statusUrl, 'the agent container\'s status', project);
  };
  const waitForEndpoint = () => waitForHttp(`${endpointUrl}/_hosepipe/health`, 'the endpoint container\'s health', project);
  await waitForEndpoint();
  await waitForAgent();
  await waitForHealthy(project, containers, 'nginx');
  const names = resourceNames(config, { accountId: '000000000000', region: config.region });
  const accessLog = join(logDir, 'access.log');
  let stopping: Promise<void> | undefined;
  const stop = (stopOptions: { volumes?: boolean } = {}): Promise<void> => {
    stopping ??= (async () => {
      await project.down(stopOptions.volumes ?? false);
      if (stopOptions.volumes) rmSync(join(stateDir, 'compose'), { recursive: true, force: true });
    })();
    return stopping;
  };
  return {
    project,
    config,
    stateDir,
    endpoint: { url: endpointUrl },
    nginx: {
      url: nginxUrl,
      accessLog,
      reopen: async () => void (await project.kill('nginx', 'SIGUSR1')),
      pause: async () => {
        await project.service('pause', 'nginx');
        return async () => void (await project.service('unpause', 'nginx'));
      },
    },
    get agent() { return { statusUrl }; },
    names,
    prefixes: {
      success: staticPart(config.firehose.prefix),
      error: staticPart(config.firehose.errorOutputPrefix),
      backup: config.firehose.backupPrefix === null ? null : staticPart(config.firehose.backupPrefix),
    },
    onHost: (path) => (path.startsWith(`${CONTAINER.logDir}/`) ? join(logDir, path.slice(CONTAINER.logDir.length + 1)) : path),
    async restartAgent() {
      await project.service('restart', 'agent');
      await waitForAgent();
    },
    async killAgent() {
      await project.kill('agent', 'SIGKILL');
    },
    async startAgent() {
      await project.service('start', 'agent');
      await waitForAgent();
    },
    async restartEndpoint(downMs = 0) {
      await project.service('stop', 'endpoint');
      if (downMs > 0) await sleep(downMs);
      await project.service('start', 'endpoint');
      await waitForEndpoint();
    },
    stop,
    [Symbol.asyncDispose]: () => stop({ volumes: true }),
  };
}

/** Polls until `url` answers any HTTP status; fails with the containers' states when the wait runs out. */
async function waitForHttp(url: string, what: string, project: ComposeProject): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await fetch(url, { signal: AbortSignal.timeout(5_000) }).then((response) => { void response.body?.cancel(); return true; }, () => false))) {
    if (Date.now() > deadline) {
      const states = await project.states().catch(() => ({}));
      throw new ComposeError(`timed out after ${READY_TIMEOUT_MS / 1000} s waiting for ${what} at ${url} (containers: ${JSON.stringify(states)}; see \`docker compose -p ${project.project} logs\`)`);
    }
    await sleep(100);
  }
}

/** Polls the service's container health (its compose healthcheck) until it is healthy. */
async function waitForHealthy(project: ComposeProject, containers: Record<string, ServiceContainer>, service: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const id = containers[service]?.id;
  for (;;) {
    const state = id ? (await inspectContainers([id]))[service]?.state : undefined;
    if (state === 'running/healthy') return;
    if (Date.now() > deadline) {
      throw new ComposeError(`timed out after ${READY_TIMEOUT_MS / 1000} s waiting for the ${service} container to be healthy (state ${state}; see \`docker compose -p ${project.project} logs ${service}\`)`);
    }
    await sleep(250);
  }
}
