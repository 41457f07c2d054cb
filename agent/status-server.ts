import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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
 * Serves GET /status as JSON on `host` (127.0.0.1 unless a container asks for its interface) and, given `flush`,
 * POST /flush: sends what was read now and answers once Kinesis took it (a drain's last partial batch then does not
 * wait for its age). A request whose Host is not a loopback name is 403 (DNS rebinding: a web page would read the
 * file paths and counts the status holds); anything else is 404.
 */
export async function startStatusServer(port: number, status: () => unknown, host = '127.0.0.1', flush?: () => Promise<void>): Promise<StatusServer> {
  const server = createServer((request, response) => {
    request.resume();
    const path = request.url?.split('?')[0];
    if (!LOOPBACK_ONLY.allowsHost(request.headers.host)) {
      answer(response, 403, { message: `the agent's status answers only a loopback Host (127.0.0.1, localhost, [::1]), not ${JSON.stringify(String(request.headers.host).slice(0, 100))}` });
    } else if (request.method === 'GET' && path === '/status') {
      answer(response, 200, status());
    } else if (request.method === 'POST' && path === '/flush' && flush) {
      const refusal = flushRefusal(request);
      if (refusal) {
        answer(response, refusal.status, { message: refusal.message });
      } else {
        flush().then(
          () => answer(response, 200, status()),
          (error: unknown) => answer(response, 503, { message: `flush failed: ${error instanceof Error ? error.message : String(error)}` }),
        );
      }
    } else {
      answer(response, 404, { message: flush ? 'try GET /status or POST /flush' : 'try GET /status' });
    }
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

/**
 * Why a POST /flush is refused, if it is: it must be JSON, which an HTML form on another site cannot send without a
 * preflight this server never allows, and carry no Origin, which every browser sends and no script or CLI does.
 */
function flushRefusal(request: IncomingMessage): { status: number; message: string } | undefined {
  const contentType = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/json') return { status: 415, message: `POST /flush takes only Content-Type: application/json (got ${JSON.stringify(String(request.headers['content-type'] ?? '').slice(0, 100))})` };
  if (request.headers.origin !== undefined) return { status: 403, message: `POST /flush refuses calls from a browser (Origin: ${JSON.stringify(String(request.headers.origin).slice(0, 100))})` };
  return undefined;
}

function answer(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}

function isUnspecified(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}
