import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, readBody, sendJson, type Clock, type ServiceHandler } from '../shared/index.js';
import type { FirehoseService } from '../firehose/index.js';
import type { FaultRules } from './faults.js';

export interface AdminContext {
  services: ReadonlyMap<string, ServiceHandler>;
  firehose: FirehoseService;
  clock: Clock;
  faults: FaultRules;
  version: string;
}

/** hosepipe's own API under `/_hosepipe/`: health, metrics, flush, clock, faults. */
export async function handleAdmin(path: string, request: IncomingMessage, response: ServerResponse, context: AdminContext): Promise<void> {
  const method = request.method ?? 'GET';
  try {
    if (path === 'health' && (method === 'GET' || method === 'HEAD')) {
      const services = Object.fromEntries([...context.services].map(([name, service]) => [name, service.status()]));
      sendJson(response, 200, { services, edition: 'hosepipe', version: context.version });
      return;
    }
    if (path === 'metrics' && method === 'GET') {
      sendJson(response, 200, { deliveryStreams: context.firehose.metrics() });
      return;
    }
    const flush = /^firehose\/([^/]+)\/flush$/.exec(path);
    if (flush && method === 'POST') {
      sendJson(response, 200, await context.firehose.flush(decodeURIComponent(flush[1] ?? '')));
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
    sendJson(response, 404, { error: 'NotFound', message: `No admin route ${method} /_hosepipe/${path}` });
  } catch (error) {
    if (error instanceof AwsError) {
      sendJson(response, error.statusCode, { error: error.code, message: error.message });
      return;
    }
    sendJson(response, 500, { error: 'InternalError', message: error instanceof Error ? error.message : String(error) });
  }
}

function applyClock(clock: Clock, body: Record<string, unknown>): void {
  if (body.set !== undefined) {
    const target = typeof body.set === 'number' ? body.set : Date.parse(String(body.set));
    if (!Number.isFinite(target)) throw new AwsError('InvalidArgument', `clock: "set" must be an ISO-8601 time or epoch milliseconds, got ${JSON.stringify(body.set)}`);
    clock.set(target);
  }
  if (body.advanceMs !== undefined) {
    const ms = Number(body.advanceMs);
    if (!Number.isFinite(ms) || ms < 0) throw new AwsError('InvalidArgument', `clock: "advanceMs" must be a non-negative number, got ${JSON.stringify(body.advanceMs)}`);
    clock.advance(ms);
  }
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
