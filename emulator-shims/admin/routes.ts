/**
 * The pipeline view's admin routes, under /_hosepipe/: the page and its two files, the list of
 * pipelines, one pipeline's snapshot, one of its objects opened, its flush, and the source registry.
 * Every path segment and query value is decoded and checked here before anything uses it; the admin
 * API has already refused a call that changes something unless it is JSON from the endpoint's own origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, isRegionName, readBody, sendJson, type Scope } from '../shared/index.js';
import type { FirehoseService } from '../firehose/index.js';
import type { PipelineView } from './pipeline-view.js';
import { parseSource, type SourceRegistry } from './sources.js';
import { loadWebAssets, type WebAssets } from './web-assets.js';

export interface ViewRouteContext {
  view: PipelineView;
  firehose: FirehoseService;
  sources: SourceRegistry;
  stateDir: string;
  defaultScope: Scope;
}

const ACCOUNT = /^\d{12}$/;
const DELIVERY_STREAM_NAME = /^[a-zA-Z0-9_.-]{1,64}$/;
const KINDS = new Set(['success', 'error', 'backup']);
const MAX_KEY_BYTES = 1024;
const MAX_SOURCE_BODY = 16 * 1024;
// The page loads only its own script and style and talks only to this endpoint.
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** True when the path is one of these routes, so the admin API can hand it over. */
export function isViewRoute(path: string): boolean {
  return path === '' || path === 'index.html' || path.startsWith('ui/') || path === 'pipelines' || path.startsWith('pipelines/') || path === 'sources';
}

/** Answers one view route; errors are thrown as AwsError for the admin API to write. */
export async function handleViewRoute(path: string, request: IncomingMessage, response: ServerResponse, context: ViewRouteContext): Promise<void> {
  const method = request.method ?? 'GET';
  const pathOnly = path;
  if (method === 'GET' || method === 'HEAD') {
    const asset = { '': 'index.html', 'index.html': 'index.html', 'ui/app.js': 'app.js', 'ui/app.css': 'app.css' }[pathOnly] as keyof WebAssets | undefined;
    if (asset) return serveAsset(response, asset, method === 'HEAD');
  }
  if (pathOnly === 'sources') return sourcesRoute(method, request, response, context);
  if (pathOnly === 'pipelines' && method === 'GET') return sendJson(response, 200, { pipelines: context.view.list() });
  const segments = pathOnly.split('/').map(decodeSegment);
  if (segments[0] !== 'pipelines' || segments.length < 4 || segments.length > 5) throw notFound(method, path);
  const scope = scopeOf(segments[1] as string, segments[2] as string);
  const name = segments[3] as string;
  if (!DELIVERY_STREAM_NAME.test(name)) throw new AwsError('InvalidArgument', `delivery stream name must be 1-64 of a-z A-Z 0-9 _ . -, got ${JSON.stringify(name.slice(0, 100))}`);
  const action = segments[4];
  if (action === undefined && method === 'GET') {
    const snapshot = await context.view.snapshot(scope, name);
    if (!snapshot) throw missing(scope, name);
    return sendJson(response, 200, snapshot, { 'cache-control': 'no-store' });
  }
  if (action === 'object' && method === 'GET') {
    const params = new URL(request.url ?? '/', 'http://edge').searchParams;
    const kind = params.get('kind') ?? '';
    const key = params.get('key') ?? '';
    if (!KINDS.has(kind)) throw new AwsError('InvalidArgument', `"kind" must be success, error or backup, got ${JSON.stringify(kind.slice(0, 64))}`);
    if (key.length === 0 || Buffer.byteLength(key) > MAX_KEY_BYTES || key.includes('\0')) throw new AwsError('InvalidArgument', 'an object "key" must be 1 to 1024 bytes without NUL');
    // Firehose never writes such keys; the view does not pass them on to any store.
    if (key.split('/').some((segment) => segment === '.' || segment === '..')) throw new AwsError('InvalidArgument', 'an object "key" with a "." or ".." segment is not opened here');
    const preview = await context.view.openObject(scope, name, kind, key);
    if (!preview) throw new AwsError('NoSuchKey', `no object ${JSON.stringify(key.slice(0, 200))} under this pipeline's ${kind} prefix`, 404);
    return sendJson(response, 200, preview, { 'cache-control': 'no-store' });
  }
  if (action === 'flush' && method === 'POST') {
    await readBody(request, MAX_SOURCE_BODY);
    if (!context.view.list().some((ref) => ref.accountId === scope.accountId && ref.region === scope.region && ref.name === name)) throw missing(scope, name);
    return sendJson(response, 200, await context.firehose.flush(name, scope));
  }
  throw notFound(method, path);
}

async function sourcesRoute(method: string, request: IncomingMessage, response: ServerResponse, context: ViewRouteContext): Promise<void> {
  if (method === 'GET') return sendJson(response, 200, { sources: context.sources.list() });
  if (method === 'DELETE') {
    await readBody(request, MAX_SOURCE_BODY);
    return sendJson(response, 200, { cleared: context.sources.clear() });
  }
  if (method !== 'POST') throw notFound(method, 'sources');
  const body = await readBody(request, MAX_SOURCE_BODY);
  let input: unknown;
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch (cause) {
    throw new AwsError('InvalidArgument', 'source: the body is not valid JSON', 400, {}, { cause });
  }
  const source = parseSource(input, context.stateDir, context.defaultScope);
  context.sources.register(source);
  sendJson(response, 201, { source });
}

async function serveAsset(response: ServerResponse, name: keyof WebAssets, headOnly: boolean): Promise<void> {
  let assets: WebAssets;
  try {
    assets = await loadWebAssets();
  } catch (cause) {
    throw new AwsError('ServiceUnavailable', cause instanceof Error ? cause.message : String(cause), 503);
  }
  const asset = assets[name];
  response.writeHead(200, { 'content-type': asset.contentType, 'content-length': String(asset.body.length), ...PAGE_HEADERS });
  response.end(headOnly ? undefined : asset.body);
}

function scopeOf(accountId: string, region: string): Scope {
  if (!ACCOUNT.test(accountId)) throw new AwsError('InvalidArgument', `account must be 12 digits, got ${JSON.stringify(accountId.slice(0, 64))}`);
  if (!isRegionName(region)) throw new AwsError('InvalidArgument', `region must be a region name such as us-east-1, got ${JSON.stringify(region.slice(0, 64))}`);
  return { accountId, region };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AwsError('InvalidArgument', `the path segment ${JSON.stringify(segment.slice(0, 100))} is not valid percent-encoding`);
  }
}

const missing = (scope: Scope, name: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Delivery stream ${name} under account ${scope.accountId} not found in ${scope.region}.`, 404);
const notFound = (method: string, path: string): AwsError => new AwsError('NotFound', `No admin route ${method} /_hosepipe/${path.slice(0, 200)}`, 404);
