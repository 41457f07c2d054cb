/** A standalone S3 server (the edge normally serves S3 on its one port): tests and the benchmarks use it. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback, requestScope, sendAwsError, type StartedServer } from '../shared/index.js';
import { createS3Service, type S3Service, type S3ServiceOptions } from './service.js';

export async function createS3Server(options: S3ServiceOptions & { port?: number }): Promise<StartedServer & { service: S3Service }> {
  const service = createS3Service(options);
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    let scope;
    try {
      scope = requestScope(request, options.scope);
    } catch (error) {
      request.resume();
      sendAwsError(response, error, 'restXml');
      return;
    }
    void service.handle(request, response, { scope });
  };
  const started = await listenOnLoopback(listener, { port: options.port ?? 0, onClose: () => service.close() });
  return Object.assign(started, { service });
}
