import type { IncomingMessage, ServerResponse } from 'node:http';
import { cborRequestToJson, encodeCbor } from '../kinesis/index.js';
import { s3Target } from '../s3/index.js';
import { accessDenied, firehoseRequests, iamRequests, kinesisRequests, lambdaRequests, logsRequests, s3Requests, type Authorizer } from '../iam/index.js';
import { QUERY_NAMESPACES, readBody, replayRequest, sendAwsError, type AuthorizationRequest, type CallContext, type Principal, type Scope } from '../shared/index.js';
import { errorProtocol } from './apply-faults.js';
import { findOperation } from './operation.js';
import { splitTarget } from './route.js';

/** What the edge's IAM step needs besides the evaluator: the resource policies the stores keep. */
export interface CallGate {
  authorizer: Authorizer;
  /** An S3 bucket's policy document, if it has one. */
  bucketPolicy?(scope: Scope, bucket: string): string | undefined;
  /** A Lambda function's policy document (AddPermission), if it has one. */
  functionPolicy?(scope: Scope, functionArn: string): string | undefined;
  /** The stream ARN a Kinesis shard iterator reads, when the store can tell. */
  iteratorStream?(iterator: string): string | undefined;
}

// Bodies the IAM step reads to find the resource; Kinesis and Firehose bodies reach 5 MB, Lambda's zips 70 MB.
const BODY_LIMIT = 80 * 1024 * 1024;
const unmapped = new Set<string>();

/** Pure: whether a call needs evaluating at all (only role sessions are, and only when enforcement is on). */
export function needsAuthorization(gate: CallGate, call: CallContext): call is CallContext & { principal: Principal & { type: 'assumed-role' } } {
  return gate.authorizer.enforce && call.principal?.type === 'assumed-role';
}

/**
 * The edge's IAM step for a role session's call: finds the operation's IAM requests (reading the body
 * when the resource is named there, then handing the service a replay of it), evaluates each, and
 * answers the first refusal in the service's own AccessDenied shape. Resolves to the request to hand on,
 * or undefined when it answered. STS checks AssumeRole itself (trust policies); GetCallerIdentity needs no permission.
 */
export async function authorizeCall(gate: CallGate, service: string, request: IncomingMessage, response: ServerResponse, call: CallContext & { principal: Principal }): Promise<IncomingMessage | undefined> {
  if (service === 'sts') return request;
  const { path, query } = splitTarget(request.url);
  const line = { method: request.method ?? 'GET', path, query, headers: request.headers };
  let operation = findOperation(service, line);
  let forward = request;
  let body: unknown;
  const readsBody = service === 'kinesis' || service === 'firehose' || service === 'logs' || service === 'iam'
    || (service === 'lambda' && (operation === 'CreateFunction' || operation === 'UpdateFunctionConfiguration'))
    || (service === 's3' && operation === 'DeleteObjects');
  if (readsBody) {
    const bytes = await readBody(request, BODY_LIMIT);
    forward = replayRequest(request, bytes);
    body = parseBody(service, request, bytes);
    if (service === 'iam') operation = (body as URLSearchParams).get('Action') ?? undefined;
  }
  if (operation === undefined) return forward;
  const facts = { operation, path, query, headers: request.headers, body, scope: call.scope };
  const requests = requestsFor(gate, service, facts, call.scope);
  if (requests === undefined) {
    if (!unmapped.has(`${service}:${operation}`)) {
      unmapped.add(`${service}:${operation}`);
      process.stderr.write(`hosepipe iam: ${service} ${operation} is not evaluated (hosepipe has no IAM mapping for it); allowed\n`);
    }
    return forward;
  }
  for (const asked of requests) {
    const reason = await gate.authorizer.decide(call.principal, asked);
    if (reason === undefined) continue;
    forward.resume();
    sendAwsError(response, accessDenied(service, call.principal.arn, asked.action, asked.resource, reason), errorProtocol(service, request), {
      encodeCbor,
      ...(QUERY_NAMESPACES[service] ? { namespace: QUERY_NAMESPACES[service] } : {}),
      resource: path,
    });
    return undefined;
  }
  return forward;
}

function requestsFor(gate: CallGate, service: string, facts: Parameters<typeof firehoseRequests>[0], scope: Scope): AuthorizationRequest[] | undefined {
  switch (service) {
    case 's3': {
      const { bucket, key } = s3Target(facts);
      const deleteKeys = facts.body instanceof Buffer ? deleteObjectsKeys(facts.body) : undefined;
      const requests = s3Requests({ ...facts, ...(bucket === undefined ? {} : { bucket }), ...(key === undefined ? {} : { key }), ...(deleteKeys ? { deleteKeys } : {}) });
      const policy = bucket === undefined ? undefined : gate.bucketPolicy?.(scope, bucket);
      return policy === undefined ? requests : requests?.map((asked) => (asked.resource === '*' ? asked : { ...asked, resourcePolicy: policy }));
    }
    case 'kinesis':
      return kinesisRequests((iterator) => gate.iteratorStream?.(iterator))(facts);
    case 'firehose':
      return firehoseRequests(facts);
    case 'logs':
      return logsRequests(facts);
    case 'lambda':
      return lambdaRequests({ ...facts, ...(gate.functionPolicy ? { functionPolicy: (arn: string) => gate.functionPolicy!(scope, arn) } : {}) });
    case 'iam':
      return iamRequests(facts);
    default:
      return undefined;
  }
}

function parseBody(service: string, request: IncomingMessage, bytes: Buffer): unknown {
  if (service === 'iam') return new URLSearchParams(bytes.toString('utf8'));
  if (service === 's3') return bytes;
  try {
    if (service === 'kinesis' && String(request.headers['content-type'] ?? '').startsWith('application/x-amz-cbor')) return cborRequestToJson(bytes);
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    // A body the service cannot read either: it answers its own error for it.
    return undefined;
  }
}

/** Pure: the keys a DeleteObjects body names (`<Key>…</Key>`, XML entities decoded). */
export function deleteObjectsKeys(body: Buffer): string[] {
  const keys: string[] = [];
  for (const match of body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)) {
    keys.push(match[1]!.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (entity, name: string) => decodeEntity(entity, name)));
  }
  return keys;
}

function decodeEntity(entity: string, name: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  if (named[name.toLowerCase()]) return named[name.toLowerCase()]!;
  const code = name.toLowerCase().startsWith('#x') ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
  return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
}
