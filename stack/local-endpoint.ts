import { setTimeout as sleep } from 'node:timers/promises';
import { createEdgeServer, type EdgeOptions, type EdgeServer } from '../emulator-shims/index.js';
import type { PipelineControls } from './pipeline.js';
import { PortInUseError } from './process.js';
import type { Shipping } from './shipping.js';

/** The endpoint of a pipeline running on this machine: the one serving now, and its restart on the same port. */
export interface LocalEndpoint {
  readonly current: EdgeServer;
  /** Closes it (Firehose drains), waits `downMs`, and starts it again on the same port and state folder. */
  restart(downMs: number): Promise<void>;
}

/** Starts the endpoint on `port` (0: a free one); a port in use is a PortInUseError naming `endpoint.port`. */
export async function startLocalEndpoint(options: Omit<EdgeOptions, 'port'>, port: number): Promise<LocalEndpoint> {
  const start = (at: number) => createEdgeServer({ ...options, port: at }).catch((error: unknown) => {
    throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? new PortInUseError(at, 'endpoint.port', { cause: error }) : error;
  });
  let current = await start(port);
  return {
    get current() { return current; },
    async restart(downMs) {
      const at = Number(new URL(current.url).port);
      await current.close();
      if (downMs > 0) await sleep(downMs);
      current = await start(at);
    },
  };
}

/** The controls of a pipeline whose agent and endpoint run on this machine. */
export function localControls(shipping: Shipping, endpoint: LocalEndpoint, persist: boolean): PipelineControls {
  return {
    restartAgent: () => shipping.restartAgent(),
    killAgent: () => shipping.killAgent(),
    startAgent: () => shipping.startAgent(),
    async restartEndpoint(downMs = 0) {
      if (!persist) throw new Error('restartEndpoint needs a stack started with persist: true (Kinesis keeps its data on disk)');
      await endpoint.restart(downMs);
      await shipping.announce();
    },
  };
}
