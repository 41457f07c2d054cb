import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeCbor } from '../kinesis/index.js';
import { QUERY_NAMESPACES, readBody, replayRequest, sendAwsError, type AwsProtocol } from '../shared/index.js';
import type { FaultRules } from './faults.js';
import { findOperation } from './operation.js';
import { splitTarget } from './route.js';

/** The protocol a service answers errors in; Kinesis answers a CBOR request in CBOR. */
export function errorProtocol(service: string, request: IncomingMessage): AwsProtocol {
  switch (service) {
    case 'kinesis':
      return String(request.headers['content-type'] ?? '').startsWith('application/x-amz-cbor') ? 'awsCbor' : 'awsJson';
    case 'lambda':
      return 'restJson';
    case 's3':
      return 'restXml';
    case 'iam':
    case 'sts':
      return 'query';
    default:
      return 'awsJson';
  }
}

/**
 * Applies the first fault rule that fires for this request: waits its latency, then answers its
 * error in the service's own format. Resolves to the request to hand on (a replay when the body had
 * to be read to find a query-protocol Action), or undefined when the fault answered it.
 */
export async function applyFaults(faults: FaultRules, service: string, request: IncomingMessage, response: ServerResponse): Promise<IncomingMessage | undefined> {
  const { path, query } = splitTarget(request.url);
  const input = { method: request.method ?? 'GET', path, query, headers: request.headers };
  let operation = findOperation(service, input);
  let forward = request;
  // IAM and STS name the operation in a small form body; read it only when a rule could need it.
  if (operation === undefined && (service === 'iam' || service === 'sts') && request.method === 'POST') {
    const body = await readBody(request, 1024 * 1024);
    operation = new URLSearchParams(body.toString('utf8')).get('Action') ?? undefined;
    forward = replayRequest(request, body);
  }
  const decision = faults.decide(service, operation);
  if (!decision) return forward;
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  if (!decision.error) return forward;
  // Drain what the client sends so the connection stays usable for its retry.
  forward.resume();
  sendAwsError(response, decision.error, errorProtocol(service, request), {
    encodeCbor,
    ...(QUERY_NAMESPACES[service] ? { namespace: QUERY_NAMESPACES[service] } : {}),
    resource: path,
  });
  return undefined;
}
