/** The S3 service: parses the request line strictly, picks the operation, answers in S3's REST-XML. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { AwsError, sendAwsError, type CallContext, type Scope, type ServiceHandler, type ServiceStatus } from '../shared/index.js';
import { internalError, methodNotAllowed, notImplemented } from './errors.js';
import { createObjectApi, type S3ObjectApi } from './object-api.js';
import type { S3Answer, S3Call } from './operation.js';
import { operationName } from './operation-name.js';
import { OPERATIONS } from './operations/index.js';
import { preflight } from './operations/preflight.js';
import { checkPresigned } from './presign.js';
import { parseRequestTarget } from './request-line.js';
import { corsHeaders, matchCorsRule, parseCors } from './settings/cors.js';
import { S3Store } from './store.js';
import { bucketNameProblem } from './validation.js';

export interface S3ServiceOptions {
  /** Objects under `<stateDir>/s3/`, everything else under `<stateDir>/s3-meta/`. */
  stateDir: string;
  /** The account and region of calls that carry none (unsigned form posts, CORS preflights). */
  scope: Scope;
}

export interface S3Service extends ServiceHandler {
  readonly name: 's3';
  /** Put/Get/Head/List of objects in process, without HTTP (for the endpoint's own services). */
  readonly objects: S3ObjectApi;
  /** A bucket's policy document as stored (IAM evaluation reads it); undefined when it has none. */
  bucketPolicy(bucket: string): string | undefined;
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'OPTIONS']);

export function createS3Service(options: S3ServiceOptions): S3Service {
  const store = new S3Store({ stateDir: options.stateDir });
  let state: ServiceStatus = 'running';

  const serve = async (request: IncomingMessage, response: ServerResponse, context: CallContext): Promise<void> => {
    const method = request.method ?? 'GET';
    const target = parseRequestTarget(request.url ?? '/', request.headers);
    const name = operationName(method, target, request.headers);
    checkPresigned(target.query, Date.now());
    const call: S3Call = {
      request, method, bucket: target.bucket, key: target.key, query: target.query, scope: context.scope, store,
      origin: `http://${String(request.headers.host ?? '127.0.0.1')}`,
      header: (header) => {
        const value = request.headers[header];
        return Array.isArray(value) ? value.join(',') : value;
      },
    };
    if (name === 'PreflightRequest') return answer(response, await preflight(call));
    addCorsHeaders(call, response);
    const operation = name === undefined ? undefined : OPERATIONS.get(name);
    if (!operation) {
      if (!KNOWN_METHODS.has(method) || name === undefined) throw methodNotAllowed(method, target.key !== undefined ? 'OBJECT' : target.bucket !== undefined ? 'BUCKET' : 'SERVICE');
      throw notImplemented(name);
    }
    await answer(response, await operation(call));
  };

  return {
    name: 's3',
    objects: createObjectApi(store),
    bucketPolicy: (bucket) => store.findBucket(bucket)?.record.settings.policy,
    async handle(request: IncomingMessage, response: ServerResponse, context: CallContext) {
      try {
        await serve(request, response, context);
      } catch (error) {
        // A client that went away mid-request has no one to answer.
        if (response.headersSent || response.destroyed || !response.socket || response.socket.destroyed) {
          response.destroy();
          return;
        }
        request.resume();
        sendAwsError(response, error instanceof AwsError ? error : internalError(error), 'restXml', { resource: (request.url ?? '/').split('?')[0] ?? '/' });
      }
    },
    status: () => state,
    async close() {
      state = 'disabled';
      await store.close();
    },
  };
}

/** CORS headers on an actual (not preflight) request from a browser, when the bucket's configuration allows it. */
function addCorsHeaders(call: S3Call, response: ServerResponse): void {
  const origin = call.header('origin');
  if (origin === undefined || call.bucket === undefined || bucketNameProblem(call.bucket) !== undefined) return;
  const document = call.store.findBucket(call.bucket)?.record.settings.cors;
  if (document === undefined) return;
  const rule = matchCorsRule(parseCors(document), origin, call.method, []);
  if (!rule) return;
  for (const [name, value] of Object.entries(corsHeaders(rule, origin, [], false))) response.setHeader(name, value);
}

async function answer(response: ServerResponse, result: S3Answer): Promise<void> {
  const headers: Record<string, string | number> = { 'x-amz-request-id': crypto.randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase() };
  for (const [name, value] of Object.entries(result.headers ?? {})) if (value !== undefined) headers[name] = value;
  const { body } = result;
  const status = result.status ?? 200;
  if (body === undefined) {
    if (status !== 304 && status !== 204 && headers['content-length'] === undefined) headers['content-length'] = 0;
    response.writeHead(status, headers).end();
    return;
  }
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    headers['content-type'] ??= 'application/xml';
    headers['content-length'] = bytes.length;
    response.writeHead(status, headers).end(bytes);
    return;
  }
  response.writeHead(status, headers);
  try {
    await pipeline(body as Readable, response);
  } catch {
    // The client went away mid-object; the file stream is closed by the pipeline.
  }
}
