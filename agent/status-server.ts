import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHostPolicy } from '../emulator-shims/edge/hosts.js';

export interface StatusServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Only loopback names: every reader of the status (the CLI, the drains, the pipeline view, a published container
 * port) asks on 127.0.0.1 or localhost, and a page that rebinds a name of its own to 127.0.0.1 sends that name.
 */
const LOOPBACK_ONLY = createHostPolicy();

/**
 * Serves GET /status as JSON on `host` (127.0.0.1 unless a container asks for its interface); anything else is
 * 404, and a request whose Host is not a loopback name is 403 (DNS rebinding: a web page would read the file paths
 * and counts the status holds).
 */
export async function startStatusServer(port: number, status: () => unknown, host = '127.0.0.1'): Promise<StatusServer> {
  const server = createServer((request, response) => {
    if (!LOOPBACK_ONLY.allowsHost(request.headers.host)) {
      const body = JSON.stringify({ message: `the agent's status answers only a loopback Host (127.0.0.1, localhost, [::1]), not ${JSON.stringify(String(request.headers.host).slice(0, 100))}` });
      response.writeHead(403, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      return;
    }
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/status') {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"try GET /status"}');
      return;
    }
    const body = JSON.stringify(status());
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    // Loopback reaches a server bound to every interface too.
    url: `http://${isUnspecified(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${bound}/status`,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function isUnspecified(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}
