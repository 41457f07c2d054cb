import { join } from 'node:path';
import { resolveLogFormat } from '../lambda/index.js';
import type { PipelineConfig } from '../provision/index.js';
import { startAgentProcess, type StartedAgentProcess } from './agent-process.js';
import { announceSource } from './announce.js';
import { startNginx, type StartedNginx } from './nginx.js';

export interface ShippingOptions {
  /** nginx's log format and the agent's buffers come from here. */
  config: PipelineConfig;
  root: string;
  stateDir: string;
  /** 0 picks a free one. */
  nginxPort: number;
  /** The Kinesis endpoint the agent calls; unset: AWS itself, with the caller's credentials. */
  endpoint: string | undefined;
  /** The Kinesis stream the agent ships into, and its region. */
  stream: string;
  region: string;
  /** Tell the endpoint's pipeline view about nginx and the agent (only an endpoint with its admin API has one). */
  announce: boolean;
  log: (line: string) => void;
}

/** nginx and the agent shipping its access log into a stream: the part of a pipeline that runs on this machine whatever its endpoint. */
export interface Shipping {
  readonly nginx: StartedNginx;
  readonly agent: StartedAgentProcess;
  readonly agentOptions: Record<string, unknown>;
  restartAgent(): Promise<void>;
  killAgent(): Promise<void>;
  startAgent(): Promise<void>;
  /** Tells the endpoint (again, after it restarted) what feeds the pipeline, for its pipeline view. */
  announce(): Promise<void>;
  /** nginx first so the agent's drain sees the last lines. */
  stop(): Promise<void>;
}

/** Starts nginx, then the agent reading its access log; on failure stops what it started. */
export async function startShipping(options: ShippingOptions): Promise<Shipping> {
  const { config, stateDir } = options;
  // The schema already checked it; the transform compiles exactly this string.
  const format = resolveLogFormat(config.nginx.logFormat)!;
  const nginx = await startNginx({ prefix: join(stateDir, 'nginx'), port: options.nginxPort, logFormat: format.format, escape: config.nginx.logEscape });
  const agentOptions = {
    // The rotated files too, so a copytruncate copy can be read for lines the agent had not reached.
    files: `${nginx.accessLog}*`,
    stream: options.stream,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    region: options.region,
    checkpointFile: join(stateDir, 'agent', 'checkpoints.json'),
    initialPosition: 'START_OF_FILE',
    maxBufferAgeMs: config.agent.maxBufferAgeMs,
    maxBufferSizeRecords: config.agent.maxBufferSizeRecords,
    maxBufferSizeBytes: config.agent.maxBufferSizeBytes,
    maxBatchesInFlight: config.agent.maxBatchesInFlight,
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
  const launchTracked = async () => {
    const started = await launch();
    void started.exited.then(() => exitedAgents.add(started));
    return started;
  };
  let agent: StartedAgentProcess;
  try {
    agent = await launchTracked();
  } catch (error) {
    await nginx.stop().catch(() => {});
    throw error;
  }
  // The endpoint's pipeline view reads the agent's status and nginx's log; each new agent (or endpoint) is announced.
  // Without the admin API there is no view to tell.
  const announce = async (): Promise<void> => options.announce && options.endpoint !== undefined ? announceSource(options.endpoint, {
    stream: options.stream, region: options.region, nginxUrl: nginx.url, accessLog: nginx.accessLog,
    ...(agent.statusUrl ? { agentStatusUrl: agent.statusUrl } : {}),
  }, options.log) : undefined;
  await announce();
  return {
    nginx,
    get agent() { return agent; },
    agentOptions,
    announce,
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
    async stop() {
      await nginx.stop();
      await agent.stop();
    },
  };
}
