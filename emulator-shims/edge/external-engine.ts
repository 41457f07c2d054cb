import { Agent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { encodeCbor } from '../kinesis/index.js';
import { AwsError, sendAwsError, type ServiceHandler, type ServiceStatus } from '../shared/index.js';
import { errorProtocol } from './apply-faults.js';

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate']);
const CONNECT_TIMEOUT_MS = 5_000;
// node:https (and TLS) is loaded only for an https engine: the endpoint does not pay for it at start otherwise.
const loadHttps = (): typeof import('node:https') => createRequire(import.meta.url)('node:https') as typeof import('node:https');

/**
 * A service whose requests go, unchanged but for their Host, to an engine outside this endpoint (a
 * pinned LocalStack, the team's own emulator): `engines.kinesis.url` / `engines.s3.url` in hosepipe.yaml.
 * Firehose reaches Kinesis and S3 through the edge, so its reads and writes go there too, after the
 * same fault rules. Bodies stream through in both directions; nothing is buffered.
 */
export function createExternalEngine(name: string, url: string): ServiceHandler {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const https = secure ? loadHttps() : undefined;
  const agent = https ? new https.Agent({ keepAlive: true }) : new Agent({ keepAlive: true });
  const send = https ? https.request : httpRequest;
  const basePath = target.pathname.replace(/\/$/, '');
  let state: ServiceStatus = 'running';

  const handle = (request: IncomingMessage, response: ServerResponse): Promise<void> =>
    new Promise((resolve) => {
      const { path, headers } = forwardedRequest(request, target.host, name === 's3');
      const outgoing = send({ protocol: target.protocol, hostname: target.hostname, port: target.port, method: request.method, path: `${basePath}${path}`, headers, agent });
      const timer = setTimeout(() => outgoing.destroy(new Error(`no connection within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
      outgoing.once('socket', (socket) => {
        if (!socket.connecting) clearTimeout(timer);
        else socket.once('connect', () => clearTimeout(timer));
      });
      outgoing.once('response', (answer) => {
        clearTimeout(timer);
        response.writeHead(answer.statusCode ?? 502, answerHeaders(answer.headers));
        answer.pipe(response);
        answer.once('end', () => resolve());
        answer.once('error', () => { response.destroy(); resolve(); });
      });
      outgoing.once('error', (error) => {
        clearTimeout(timer);
        request.unpipe(outgoing);
        request.resume();
        if (response.headersSent) response.destroy();
        else {
          const unreachable = new AwsError('ServiceUnavailable', `hosepipe could not reach the external ${name} engine at ${url} (engines.${name}.url): ${error.message}`, 503);
          sendAwsError(response, unreachable, errorProtocol(name, request), { encodeCbor });
        }
        resolve();
      });
      // The caller going away ends the forwarded request too.
      response.once('close', () => { if (!response.writableFinished) outgoing.destroy(); });
      request.pipe(outgoing);
    });

  return {
    name,
    handle,
    status: () => state,
    async close() {
      state = 'disabled';
      agent.destroy();
    },
  };
}

/**
 * The path and headers to send on: the engine's own Host, hop-by-hop headers dropped. For S3 a
 * virtual-hosted request (`<bucket>.localhost`) becomes path-style, since the engine's Host names no bucket.
 */
export function forwardedRequest(request: Pick<IncomingMessage, 'url' | 'headers'>, targetHost: string, s3: boolean): { path: string; headers: Record<string, string | string[]> } {
  const headers: Record<string, string | string[]> = {};
  for (const [header, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_BY_HOP.has(header) || header === 'host') continue;
    headers[header] = value;
  }
  headers.host = targetHost;
  const path = request.url ?? '/';
  const bucket = s3 ? virtualHostBucket(request.headers.host) : undefined;
  return { path: bucket === undefined ? path : `/${bucket}${path}`, headers };
}

/** The bucket of a virtual-hosted-style Host on the local endpoint (`logs.localhost:4566`, `logs.localhost.localstack.cloud` → `logs`). */
export function virtualHostBucket(host: string | undefined): string | undefined {
  const hostname = host?.replace(/:\d+$/, '').toLowerCase();
  const match = hostname ? /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\.localhost(?:\.localstack\.cloud)?$/.exec(hostname) : null;
  return match?.[1] === 'localhost' ? undefined : match?.[1];
}

function answerHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [header, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(header)) kept[header] = value;
  }
  return kept;
}
