/** A standalone Kinesis server (the edge normally serves the service on its one port). */
import { LOCAL_ACCOUNT_ID, listenOnLoopback, serveWithScope, type Scope, type StartedServer } from '../shared/index.js';
import { createKinesisService, type KinesisService, type KinesisServiceOptions } from './service.js';

export async function createKinesisServer(options: KinesisServiceOptions & { port?: number; scope?: Scope } = {}): Promise<StartedServer & { service: KinesisService }> {
  const service = createKinesisService(options);
  const started = await listenOnLoopback(serveWithScope(service, options.scope ?? { accountId: LOCAL_ACCOUNT_ID, region: 'us-east-1' }), {
    port: options.port ?? 0,
    onClose: () => service.close(),
  });
  return Object.assign(started, { service });
}
