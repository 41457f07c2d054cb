import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, isRegionName, readBody, sendJson, type Clock, type ServiceHandler } from '../shared/index.js';
import type { FirehoseService } from '../firehose/index.js';
import type { Authorizer } from '../iam/index.js';
import { handleViewRoute, isViewRoute, type ViewRouteContext } from '../admin/index.js';
import type { FaultRules } from './faults.js';
import type { HostPolicy } from './hosts.js';

export interface AdminContext {
  services: ReadonlyMap<string, ServiceHandler>;
  firehose: FirehoseService;
  clock: Clock;
  faults: FaultRules;
  version: string;
  hosts: HostPolicy;
  /** The port the endpoint listens on: its own origin is `http://127.0.0.1:<port>` (or localhost, [::1]). */
  port: number;
  /** Services served by an external engine, and its URL. */
  engines: Readonly<Record<string, string | undefined>>;
  authorizer: Authorizer;
  /** The pipeline view's routes (the page at `/_hosepipe/`, snapshots, sources). */
  view?: ViewRouteContext;
}

/** The latest time the admin clock may be set to: Firehose and S3 format years with four digits, so a day before year 10000. */
export const LATEST_CLOCK_MS = Date.parse('9999-12-31T00:00:00.000Z');

/** hosepipe's own API under `/_hosepipe/`: health, metrics, flush, clock, faults. */
export async function handleAdmin(path: string, query: URLSearchParams, request: IncomingMessage, response: ServerResponse, context: AdminContext): Promise<void> {
  const method = request.method ?? 'GET';
  try {
    if (method !== 'GET' && method !== 'HEAD') checkStateChangingCall(request, context);
    if (path === 'health' && (method === 'GET' || method === 'HEAD')) {
      const services = Object.fromEntries([...context.services].map(([name, service]) => [name, service.status()]));
      const external = Object.fromEntries(Object.entries(context.engines).filter(([, url]) => url !== undefined));
      sendJson(response, 200, { services, edition: 'hosepipe', version: context.version, ...(Object.keys(external).length > 0 ? { external } : {}) });
      return;
    }
    if (path === 'metrics' && method === 'GET') {
      // `deliveryStreams` by name as before; `deliveryStreamsByArn` tells streams of one name in several regions apart.
      // `iam`: whether role sessions' calls are evaluated, and the calls IAM denied (count and the latest ones).
      const denials = context.authorizer.denials.snapshot();
      sendJson(response, 200, {
        deliveryStreams: context.firehose.metrics(), deliveryStreamsByArn: context.firehose.metricsByArn(),
        iam: { enforce: context.authorizer.enforce, denials: denials.total, recentDenials: denials.recent },
      });
      return;
    }
    const flush = /^firehose\/([^/]+)\/flush$/.exec(path);
    if (flush && method === 'POST') {
      request.resume();
      sendJson(response, 200, await context.firehose.flush(decodeName(flush[1]!), flushScope(query)));
      return;
    }
    if (path === 'faults') {
      if (method === 'POST') {
        const body = await readJsonValue(request);
        // One rule, a list of rules, or `{ rules: [...] }`: all are checked before any is added.
        const inputs = Array.isArray(body) ? body : Array.isArray((body as { rules?: unknown }).rules) ? (body as { rules: unknown[] }).rules : [body];
        sendJson(response, 201, { rules: context.faults.addAll(inputs) });
        return;
      }
      if (method === 'DELETE') {
        request.resume();
        const cleared = context.faults.list().length;
        context.faults.clear();
        sendJson(response, 200, { cleared });
        return;
      }
      if (method === 'GET') {
        sendJson(response, 200, { rules: context.faults.list() });
        return;
      }
    }
    if (path === 'clock') {
      if (method === 'POST') applyClock(context.clock, await readJson(request));
      sendJson(response, 200, { now: new Date(context.clock.now()).toISOString(), epochMs: context.clock.now() });
      return;
    }
    if (context.view && isViewRoute(path)) {
      await handleViewRoute(path, request, response, context.view);
      return;
    }
    request.resume();
    sendJson(response, 404, { error: 'NotFound', message: `No admin route ${method} /_hosepipe/${path}` });
  } catch (error) {
    request.resume();
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (error instanceof AwsError) {
      sendJson(response, error.statusCode, { error: error.code, message: error.message });
      return;
    }
    sendJson(response, 500, { error: 'InternalError', message: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * A call that changes state must be JSON (a cross-site HTML form can only send form or text bodies,
 * without a preflight) and, from a browser, come from the endpoint's own origin.
 */
function checkStateChangingCall(request: IncomingMessage, context: AdminContext): void {
  const contentType = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new AwsError('UnsupportedMediaType', `hosepipe's admin API takes only Content-Type: application/json for ${request.method} (got ${JSON.stringify(request.headers['content-type'] ?? null)})`, 415);
  }
  const origin = request.headers.origin;
  if (!context.hosts.allowsOrigin(origin, context.port) || request.headers['sec-fetch-site'] === 'cross-site') {
    throw new AwsError('AccessDenied', `hosepipe's admin API refuses calls from another origin (Origin: ${JSON.stringify(origin ?? null)}); call it from http://127.0.0.1:${context.port} or outside a browser`, 403);
  }
}

function decodeName(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch (cause) {
    throw new AwsError('InvalidArgument', `the delivery stream name in the path is not valid percent-encoding: ${JSON.stringify(encoded.slice(0, 100))}`, 400, {}, { cause });
  }
}

/** `?region=` and `?account=` narrow the search for a delivery stream of that name. */
function flushScope(query: URLSearchParams): { region?: string; accountId?: string } {
  const region = query.get('region') ?? undefined;
  const accountId = query.get('account') ?? undefined;
  if (region !== undefined && !isRegionName(region)) throw new AwsError('InvalidArgument', `"region" must be a region name such as eu-west-1, got ${JSON.stringify(region.slice(0, 64))}`);
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw new AwsError('InvalidArgument', `"account" must be a 12-digit account id, got ${JSON.stringify(accountId.slice(0, 64))}`);
  return { ...(region ? { region } : {}), ...(accountId ? { accountId } : {}) };
}

function applyClock(clock: Clock, body: Record<string, unknown>): void {
  const range = `from 1970-01-01T00:00:00Z to ${new Date(LATEST_CLOCK_MS).toISOString()}`;
  if (body.set !== undefined) {
    const target = typeof body.set === 'number' ? body.set : typeof body.set === 'string' ? Date.parse(body.set) : Number.NaN;
    if (!Number.isFinite(target)) throw new AwsError('InvalidArgument', `clock: "set" must be an ISO-8601 time or epoch milliseconds, got ${JSON.stringify(body.set)}`);
    if (target < 0 || target > LATEST_CLOCK_MS) throw new AwsError('InvalidArgument', `clock: "set" must be a time ${range}, got ${JSON.stringify(body.set)}`);
  }
  if (body.advanceMs !== undefined) {
    const ms = body.advanceMs;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new AwsError('InvalidArgument', `clock: "advanceMs" must be a non-negative number, got ${JSON.stringify(body.advanceMs)}`);
    const from = typeof body.set === 'number' || typeof body.set === 'string' ? (typeof body.set === 'number' ? body.set : Date.parse(body.set)) : clock.now();
    if (from + ms > LATEST_CLOCK_MS) throw new AwsError('InvalidArgument', `clock: "advanceMs" ${ms} would move the clock past ${new Date(LATEST_CLOCK_MS).toISOString()}; the clock runs ${range}`);
  }
  if (body.set !== undefined) clock.set(typeof body.set === 'number' ? body.set : Date.parse(body.set as string));
  if (body.advanceMs !== undefined) clock.advance(body.advanceMs as number);
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const parsed = await readJsonValue(request);
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  throw new AwsError('InvalidArgument', 'request body must be a JSON object');
}

async function readJsonValue(request: IncomingMessage): Promise<unknown> {
  const body = await readBody(request, 1024 * 1024);
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (cause) {
    throw new AwsError('InvalidArgument', 'request body is not valid JSON', 400, {}, { cause });
  }
}
