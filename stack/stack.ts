import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveLogFormat } from '../lambda/index.js';
import { createEdgeServer, type EdgeServer } from '../emulator-shims/index.js';
import { localTarget, provision, staticPart, type PipelineConfig, type ResourceNames } from '../provision/index.js';
import { startAgentProcess, type StartedAgentProcess } from './agent-process.js';
import { announceSource } from './announce.js';
import { transformArtifact } from './artifact.js';
import { startNginx, type StartedNginx } from './nginx.js';
import { assertPortFree, freePort, PortInUseError } from './process.js';

export interface StackOptions {
  config: PipelineConfig;
  /** Repository root (where agent/main.ts is). */
  root: string;
  /** Everything the stack writes goes here (`.hosepipe/` for `hosepipe up`). */
  stateDir: string;
  /** Override the ports from hosepipe.yaml; 0 picks free ones (tests). */
  endpointPort?: number;
  nginxPort?: number;
  /** Keep Kinesis data across restarts (hosepipe up); tests use memory. */
  persist?: boolean;
  /** Where to build the transform zip (default dist/lambda). */
  artifactDir?: string;
  log?: (line: string) => void;
  /** hosepipe's admin API on the endpoint; false: it answers only AWS APIs (a stand-in for AWS). Default: `endpoint.admin`, else `HOSEPIPE_ADMIN`, else on. */
  admin?: boolean;
}

export interface Stack {
  readonly config: PipelineConfig;
  readonly stateDir: string;
  /** Replaced by restartEndpoint(); same URL before and after. */
  readonly endpoint: EdgeServer;
  readonly nginx: StartedNginx;
  readonly names: ResourceNames;
  agent: StartedAgentProcess;
  /** Where transformed records, raw backups and failures land. */
  readonly prefixes: { success: string; error: string; backup: string | null };
  readonly agentOptions: Record<string, unknown>;
  restartAgent(): Promise<void>;
  /** SIGKILL: no drain, no checkpoint write; what was in flight is resent after startAgent(). */
  killAgent(): Promise<void>;
  /** Starts the agent again after killAgent() (or its own exit); a no-op while one runs. */
  startAgent(): Promise<void>;
  /** Closes the endpoint (Firehose drains), waits `downMs`, and starts it again on the same port and state folder. */
  restartEndpoint(downMs?: number): Promise<void>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts the whole pipeline: endpoint, provisioned resources, nginx and the agent. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { config, stateDir } = options;
  const log = options.log ?? (() => {});
  for (const dir of ['logs', 'run', 'agent', 'nginx']) mkdirSync(join(stateDir, dir), { recursive: true });

  const engines = { kinesis: config.engines.kinesis?.url, s3: config.engines.s3?.url };
  const admin = options.admin ?? config.endpoint.admin;
  const startEndpoint = (port: number) =>
    createEdgeServer({ port, stateDir, region: config.region, allowedHosts: config.endpoint.allowedHosts, persistKinesis: options.persist ?? false, kinesisQuotas: config.stream.enforceQuotas, engines, ...(config.iam.enforce === undefined ? {} : { iam: { enforce: config.iam.enforce } }), ...(admin === undefined ? {} : { admin }) }).catch((error: unknown) => {
      throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? new PortInUseError(port, 'endpoint.port', { cause: error }) : error;
    });
  const nginxPort = options.nginxPort ?? Number(config.nginx.listen.split(':')[1]);
  // Before anything starts: a taken nginx port should not cost a provisioning first.
  if (nginxPort !== 0) await assertPortFree(nginxPort, 'nginx.listen');
  let endpoint = await startEndpoint(options.endpointPort ?? config.endpoint.port);
  const cleanups: (() => Promise<void>)[] = [() => endpoint.close()];
  try {
    const artifact = await transformArtifact(config, options.artifactDir);
    const target = localTarget(endpoint.url, config.region);
    const { desired, changed } = await provision(target, config, artifact, log);
    log(changed ? 'provisioned the pipeline' : 'pipeline already provisioned: no changes');

    // The schema already checked it; the transform compiles exactly this string.
    const format = resolveLogFormat(config.nginx.logFormat)!;
    const nginx = await startNginx({ prefix: join(stateDir, 'nginx'), port: nginxPort === 0 ? await freePort() : nginxPort, logFormat: format.format, escape: config.nginx.logEscape });
    cleanups.unshift(() => nginx.stop());

    const agentOptions = {
      // The rotated files too, so a copytruncate copy can be read for lines the agent had not reached.
      files: `${nginx.accessLog}*`,
      stream: desired.stream.name,
      endpoint: endpoint.url,
      region: config.region,
      checkpointFile: join(stateDir, 'agent', 'checkpoints.json'),
      initialPosition: 'START_OF_FILE',
      maxBufferAgeMs: config.agent.maxBufferAgeMs,
      maxBufferSizeRecords: config.agent.maxBufferSizeRecords,
      maxBufferSizeBytes: config.agent.maxBufferSizeBytes,
      statusPort: 0,
    };
    const launch = () => startAgentProcess({
      root: options.root,
      configFile: join(stateDir, 'agent', 'agent-options.json'),
      config: agentOptions,
      logFile: join(stateDir, 'logs', 'agent.log'),
      // tsx compiles the agent at start; on a busy machine (parallel scenarios) that takes a while.
      readyTimeoutMs: 60_000,
    });
    const exitedAgents = new WeakSet<StartedAgentProcess>();
    // The endpoint's pipeline view reads the agent's status and nginx's log; each new agent (or endpoint) is announced.
    // Without the admin API there is no view to tell.
    const announce = async (): Promise<void> => endpoint.admin ? announceSource(endpoint.url, {
      stream: desired.stream.name, region: config.region, nginxUrl: nginx.url, accessLog: nginx.accessLog,
      ...(agent.statusUrl ? { agentStatusUrl: agent.statusUrl } : {}),
    }, log) : undefined;
    const launchTracked = async () => {
      const started = await launch();
      void started.exited.then(() => exitedAgents.add(started));
      return started;
    };
    let agent = await launchTracked();
    await announce();
    cleanups.unshift(() => agent.stop());

    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        // nginx first so the agent's drain sees the last lines, the endpoint last.
        await nginx.stop();
        await agent.stop();
        await endpoint.close();
      })();
      return stopping;
    };
    const stack: Stack = {
      config,
      stateDir,
      get endpoint() { return endpoint; },
      nginx,
      names: desired.names,
      get agent() { return agent; },
      set agent(value) { agent = value; },
      prefixes: {
        success: staticPart(config.firehose.prefix),
        error: staticPart(config.firehose.errorOutputPrefix),
        backup: config.firehose.backupPrefix === null ? null : staticPart(config.firehose.backupPrefix),
      },
      agentOptions,
      async restartAgent() {
        await agent.stop();
        agent = await launchTracked();
        await announce();
      },
      async killAgent() {
        await agent.kill();
        await agent.exited;
        exitedAgents.add(agent);
      },
      async startAgent() {
        if (!exitedAgents.has(agent)) return;
        agent = await launchTracked();
        await announce();
      },
      async restartEndpoint(downMs = 0) {
        if (!options.persist) throw new Error('restartEndpoint needs a stack started with persist: true (Kinesis keeps its data on disk)');
        const port = Number(new URL(endpoint.url).port);
        await endpoint.close();
        if (downMs > 0) await sleep(downMs);
        endpoint = await startEndpoint(port);
        await announce();
      },
      stop,
      [Symbol.asyncDispose]: stop,
    };
    return stack;
  } catch (error) {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    throw error;
  }
}

export { staticPart };
