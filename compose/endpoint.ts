// The endpoint container's program: hosepipe's endpoint (every service) on the container's interface,
// the pipeline provisioned from the mounted hosepipe.yaml, then what nginx and the agent read written to
// the shared `run` volume, and `ready` last (the healthcheck waits for it). SIGTERM drains Firehose and exits.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEdgeServer } from '../emulator-shims/index.js';
import { resolveLogFormat } from '../lambda/index.js';
import { loadPipelineConfig, localTarget, provision } from '../provision/index.js';
import { ACCESS_LOG, agentOptionsFor, endpointSettings, CONTAINER, readyFile, renderNginxConfig, transformArtifact, type ReadyState } from '../stack/index.js';

const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()} hosepipe-endpoint ${line}\n`);
};

/** The bind address is never a default: compose.yaml names the container's interface in HOSEPIPE_BIND. */
function bindAddress(): string {
  const host = process.env.HOSEPIPE_BIND;
  if (!host) throw new Error('HOSEPIPE_BIND is not set: name the address to listen on (compose.yaml sets 0.0.0.0, the container\'s interface)');
  return host;
}

const ENGINE_WAIT_MS = 180_000;

/** A pinned LocalStack starts beside the endpoint and takes a while: wait until each external engine answers HTTP. */
async function waitForEngines(urls: (string | undefined)[]): Promise<void> {
  for (const url of new Set(urls.filter((value): value is string => value !== undefined))) {
    const deadline = Date.now() + ENGINE_WAIT_MS;
    let said = false;
    while (!(await fetch(url, { signal: AbortSignal.timeout(5_000) }).then(() => true, () => false))) {
      if (Date.now() > deadline) throw new Error(`the external engine at ${url} did not answer within ${ENGINE_WAIT_MS / 1000} s (engines in hosepipe.yaml)`);
      if (!said) log(`waiting for the external engine at ${url}`);
      said = true;
      await sleep(500);
    }
  }
}

function writeAtomically(file: string, content: string): void {
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
}

async function main(): Promise<void> {
  const started = performance.now();
  mkdirSync(CONTAINER.runDir, { recursive: true });
  // The volume outlives the container: a `ready` from the last run must not pass the healthcheck.
  rmSync(readyFile(CONTAINER.runDir), { force: true });
  const config = loadPipelineConfig(process.env.HOSEPIPE_CONFIG ?? CONTAINER.configFile);
  await waitForEngines([config.engines.kinesis?.url, config.engines.s3?.url]);
  const settings = endpointSettings(config);
  const edge = await createEdgeServer({
    ...settings,
    port: CONTAINER.endpointPort,
    host: bindAddress(),
    // The agent reaches the endpoint by its service name on the compose network.
    allowedHosts: [...settings.allowedHosts!, new URL(CONTAINER.endpointUrl).hostname],
    stateDir: CONTAINER.stateDir,
    persistKinesis: true,
  });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: draining Firehose's buffers to S3, then exiting`);
    rmSync(readyFile(CONTAINER.runDir), { force: true });
    void edge.close().then(() => process.exit(0), (error: unknown) => {
      log(`close failed: ${String(error)}`);
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const artifact = await transformArtifact(config, CONTAINER.artifactDir, { build: false });
  const { desired, changed } = await provision(localTarget(edge.url, config.region), config, artifact, log);
  log(changed ? 'provisioned the pipeline' : 'pipeline already provisioned: no changes');

  const format = resolveLogFormat(config.nginx.logFormat)!;
  writeAtomically(join(CONTAINER.runDir, 'nginx.conf'), renderNginxConfig({
    prefix: CONTAINER.nginxPrefix,
    port: CONTAINER.nginxPort,
    // nginx's container publishes this port on the host's 127.0.0.1 only.
    listenHost: '0.0.0.0',
    logFormat: format.format,
    escape: config.nginx.logEscape,
    accessLog: ACCESS_LOG,
    errorLog: '/dev/stderr',
  }));
  writeAtomically(join(CONTAINER.runDir, 'agent.json'), `${JSON.stringify(agentOptionsFor(config, desired.stream.name), null, 2)}\n`);
  const ready: ReadyState = { names: desired.names, readyMs: Math.round(performance.now() - started) };
  writeAtomically(readyFile(CONTAINER.runDir), `${JSON.stringify(ready)}\n`);
  log(`ready in ${(ready.readyMs / 1000).toFixed(2)} s on ${CONTAINER.endpointUrl}`);
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
