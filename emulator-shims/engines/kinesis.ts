import { createRequire } from 'node:module';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { ServiceHandler, ServiceStatus } from '../shared/index.js';

const require = createRequire(import.meta.url);

export interface KinesisEngineOptions {
  /** LevelDB folder for persistence; in-memory when absent. */
  path?: string;
  /** CREATING → ACTIVE and friends; kinesalite defaults to 500 ms, which only slows tests. */
  streamTransitionMs?: number;
  shardLimit?: number;
}

/**
 * The Kinesis engine: kinesalite embedded in-process. kinesalite speaks JSON and CBOR, so the
 * Kinesis Agent's Java SDK works against it unchanged. We take its request listener and never
 * let it listen on a port of its own.
 */
export function createKinesisEngine(options: KinesisEngineOptions = {}): ServiceHandler {
  const kinesalite = require('kinesalite') as (options: Record<string, unknown>) => Server;
  const transitionMs = options.streamTransitionMs ?? 50;
  const server = kinesalite({
    path: options.path,
    createStreamMs: transitionMs,
    deleteStreamMs: transitionMs,
    updateStreamMs: transitionMs,
    shardLimit: options.shardLimit ?? 100,
  });
  const listener = server.listeners('request')[0] as RequestListener;
  let state: ServiceStatus = 'running';
  let closing: Promise<void> | undefined;
  return {
    name: 'kinesis',
    handle(request: IncomingMessage, response: ServerResponse) {
      listener(request, response);
    },
    status: () => state,
    close() {
      // kinesalite's close() shuts its LevelDB store, then complains that the (never started) server is not running.
      closing ??= new Promise<void>((resolve) => {
        state = 'disabled';
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
