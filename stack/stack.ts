import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EdgeServer } from '../emulator-shims/index.js';
import { localS3Client, localTarget, provision, resourceNames, staticPart, type PipelineConfig, type ResourceNames } from '../provision/index.js';
import type { StartedAgentProcess } from './agent-process.js';
import { transformArtifact } from './artifact.js';
import type { StartedNginx } from './nginx.js';
import { assertPortFree } from './process.js';
import { localControls, startLocalEndpoint } from './local-endpoint.js';
import { endpointSettings } from './endpoint-settings.js';
import { startShipping } from './shipping.js';
import type { BufferIntervals, PipelineControls, WithoutAdmin } from './pipeline.js';

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

export interface Stack extends PipelineControls {
  readonly config: PipelineConfig;
  readonly stateDir: string;
  /** Replaced by restartEndpoint(); same URL before and after. */
  readonly endpoint: EdgeServer;
  readonly nginx: StartedNginx;
  readonly names: ResourceNames;
  readonly kind: 'embedded';
  readonly agent: StartedAgentProcess;
  /** Where transformed records, raw backups and failures land. */
  readonly prefixes: { success: string; error: string; backup: string | null };
  readonly agentOptions: Record<string, unknown>;
  /** Set when the endpoint's admin API is off. */
  readonly withoutAdmin?: WithoutAdmin;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts the whole pipeline: endpoint, provisioned resources, nginx and the agent. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { config, stateDir } = options;
  const log = options.log ?? (() => {});
  for (const dir of ['logs', 'run', 'agent', 'nginx']) mkdirSync(join(stateDir, dir), { recursive: true });

  const nginxPort = options.nginxPort ?? Number(config.nginx.listen.split(':')[1]);
  // Before anything starts: a taken nginx port should not cost a provisioning first.
  if (nginxPort !== 0) await assertPortFree(nginxPort, 'nginx.listen');
  const endpoint = await startLocalEndpoint({ stateDir, persistKinesis: options.persist ?? false, ...endpointSettings(config, options.admin) }, options.endpointPort ?? config.endpoint.port);
  const cleanups: (() => Promise<void>)[] = [() => endpoint.current.close()];
  try {
    const target = localTarget(endpoint.current.url, config.region);
    // nginx and the agent start while the pipeline is provisioned: the agent's start (a node process loading its
    // code) is most of `up`'s wait otherwise, and it needs only the stream's name. Nothing reaches nginx before
    // up reports ready, and a line the agent sends before the stream exists is retried until it does.
    const startingShipping = startShipping({ config, root: options.root, stateDir, nginxPort, endpoint: endpoint.current.url, stream: resourceNames(config, target.placement).stream, region: config.region, announce: endpoint.current.admin, log });
    const provisioned = transformArtifact(config, options.artifactDir).then((artifact) => provision(target, config, artifact, log));
    const [started, result] = await Promise.allSettled([startingShipping, provisioned]);
    if (started.status === 'fulfilled') cleanups.unshift(() => started.value.stop());
    if (result.status === 'rejected') throw result.reason;
    if (started.status === 'rejected') throw started.reason;
    const { desired, changed } = result.value;
    log(changed ? 'provisioned the pipeline' : 'pipeline already provisioned: no changes');
    const shipping = started.value;
    const { nginx } = shipping;

    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        // nginx first so the agent's drain sees the last lines, the endpoint last.
        await shipping.stop();
        await endpoint.current.close();
      })();
      return stopping;
    };
    const stack: Stack = {
      config,
      stateDir,
      get endpoint() { return endpoint.current; },
      nginx,
      names: desired.names,
      kind: 'embedded',
      get agent() { return shipping.agent; },
      prefixes: {
        success: staticPart(config.firehose.prefix),
        error: staticPart(config.firehose.errorOutputPrefix),
        backup: config.firehose.backupPrefix === null ? null : staticPart(config.firehose.backupPrefix),
      },
      agentOptions: shipping.agentOptions,
      ...(endpoint.current.admin ? {} : { withoutAdmin: {
        reason: "the endpoint's admin API is off",
        s3: () => localS3Client(endpoint.current.url, config.region),
        intervals: configuredIntervals(config),
      } }),
      ...localControls(shipping, endpoint, options.persist ?? false),
      stop,
      [Symbol.asyncDispose]: stop,
    };
    return stack;
  } catch (error) {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    throw error;
  }
}

/** The buffer intervals hosepipe.yaml's firehose settings give the delivery stream (the backup's at least 60 s, as provisioning sets it). */
export function configuredIntervals(config: PipelineConfig): BufferIntervals {
  const { buffering, processorBuffering, backupPrefix } = config.firehose;
  return { destination: buffering.intervalSeconds, processor: processorBuffering.intervalSeconds, backup: backupPrefix === null ? null : Math.max(buffering.intervalSeconds, 60) };
}

export { staticPart };
