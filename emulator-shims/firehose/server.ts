/** A standalone Firehose server (the edge normally serves the service on its one port). */
import { listenOnLoopback, serveWithScope, type StartedServer } from '../shared/index.js';
import { createFirehoseService, type FirehoseService, type FirehoseServiceOptions } from './service.js';

export async function createFirehoseServer(options: FirehoseServiceOptions & { port?: number }): Promise<StartedServer & { service: FirehoseService }> {
  const service = createFirehoseService(options);
  const started = await listenOnLoopback(serveWithScope(service, options.scope), {
    port: options.port ?? 0,
    onClose: () => service.close(),
  });
  return Object.assign(started, { service });
}
