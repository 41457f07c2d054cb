import { listenOnLoopback, serveWithScope, type StartedServer } from '../shared/index.js';
import { createLambdaService, type LambdaService, type LambdaServiceOptions } from './service.js';

/** A standalone Lambda endpoint on 127.0.0.1 (port 0 unless given), for tests and single-service use. */
export async function createLambdaServer(options: LambdaServiceOptions & { port?: number }): Promise<StartedServer & { service: LambdaService }> {
  let url: string | undefined;
  // Without an explicit endpoint, functions and Code.Location point back at this server.
  const service = createLambdaService({ ...options, endpointUrl: options.endpointUrl ?? (() => url) });
  const started = await listenOnLoopback(serveWithScope(service, options.scope), {
    ...(options.port !== undefined ? { port: options.port } : {}),
    onClose: () => service.close(),
  });
  url = started.url;
  return { url: started.url, port: started.port, close: started.close, [Symbol.asyncDispose]: started.close, service };
}
