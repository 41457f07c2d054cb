import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { AwsError, LOCAL_ACCOUNT_ID, readBody, sendAwsError, type ServiceHandler, type ServiceStatus, useBody } from '../shared/index.js';
import { callKinesalite, type KinesaliteAnswer } from './kinesalite-call.js';
import { makeKinesaliteNumbersFast } from './kinesalite-fast-numbers.js';
import { keepKinesaliteRecordsInMemory, type KinesaliteStore } from './kinesalite-memory-records.js';
import { createFastGetRecords } from './kinesis-fast-get.js';
import { createFastPutRecords } from './kinesis-fast-put.js';
import { replayRequest } from './replay.js';
import { CBOR_CONTENT_TYPE, cborRequestToJson, encodeCbor, jsonAnswerToCbor } from './kinesis-cbor.js';
import { createQuotaFront, type QuotaFront } from './kinesis-quota-front.js';
import { createStreamFront, STREAM_FRONT_OPERATIONS } from './kinesis-stream-front.js';
import { decodeTagsInAnswer, encodeTagsInRequest } from './kinesis-tags.js';

const require = createRequire(import.meta.url);
const TAG_OPERATIONS = new Set(['AddTagsToStream', 'RemoveTagsFromStream', 'ListTagsForStream']);
const QUOTA_OPERATIONS = new Set(['PutRecord', 'PutRecords', 'GetShardIterator', 'GetRecords', 'CreateStream', 'DeleteStream', 'SplitShard', 'MergeShards']);
// kinesalite's own request size limit.
const MAX_REQUEST_BYTES = 7 * 1024 * 1024;

export interface KinesisEngineOptions {
  /** LevelDB folder for persistence; in-memory when absent. */
  path?: string;
  /** CREATING → ACTIVE and friends; kinesalite defaults to 500 ms, which only slows tests. */
  streamTransitionMs?: number;
  shardLimit?: number;
  /** Per-shard write/read quotas answered with ProvisionedThroughputExceededException; off by default. */
  enforceQuotas?: boolean;
  /** Time for the quota buckets (the edge's clock). */
  now?: () => number;
  accountId?: string;
}

export interface KinesisEngine extends ServiceHandler {
  /** kinesalite's own listener, for benchmarks that compare the edge with the bare engine. */
  readonly engineListener: RequestListener;
}

/** An Authorization header kinesalite would accept in form (it never checks signatures), with a date. */
function signedInForm(request: IncomingMessage): boolean {
  const authorization = request.headers.authorization;
  return typeof authorization === 'string' && /Credential=\S/.test(authorization) && /SignedHeaders=\S/.test(authorization) && /Signature=\S/.test(authorization)
    && Boolean(request.headers['x-amz-date'] ?? request.headers.date) && request.method === 'POST' && !String(request.url ?? '').includes('?');
}

/**
 * The Kinesis engine: kinesalite embedded in-process, with a front that fixes what kinesalite gets
 * wrong. JSON requests go straight through, but for PutRecords and GetRecords without anything to
 * reject, which are answered on kinesalite's store (kinesis-fast-put/get.ts); CBOR requests are transcoded to JSON (AWS's
 * millisecond timestamps, byte-string blobs) and the answer back to CBOR; tag texts are escaped;
 * quota mode throttles per shard.
 */
export function createKinesisEngine(options: KinesisEngineOptions = {}): KinesisEngine {
  makeKinesaliteNumbersFast();
  keepKinesaliteRecordsInMemory();
  const kinesalite = require('kinesalite') as (options: Record<string, unknown>) => Server;
  const transitionMs = options.streamTransitionMs ?? 50;
  let store: KinesaliteStore | undefined;
  const server = kinesalite({
    onStore: (created: KinesaliteStore) => { store = created; },
    path: options.path,
    createStreamMs: transitionMs,
    deleteStreamMs: transitionMs,
    updateStreamMs: transitionMs,
    shardLimit: options.shardLimit ?? 100,
  });
  const listener = server.listeners('request')[0] as RequestListener;
  const engineCall = (operation: string, body: Record<string, unknown>) => callKinesalite(listener, operation, body);
  const streamFront = createStreamFront({ call: engineCall, shardLimit: options.shardLimit ?? 100, transitionMs });
  const call = streamFront.call;
  const quotaFront: QuotaFront | undefined = options.enforceQuotas
    ? createQuotaFront({ call, now: options.now ?? Date.now, accountId: options.accountId ?? LOCAL_ACCOUNT_ID })
    : undefined;
  // kinesalite hands its store to onStore while it is being created.
  const fastPaths = new Map<string, (body: Record<string, unknown>) => Promise<unknown>>([
    ['PutRecords', createFastPutRecords(store!)],
    ['GetRecords', createFastGetRecords(store!)],
  ]);
  let state: ServiceStatus = 'running';
  let closing: Promise<void> | undefined;

  const frontCall = async (operation: string, body: Record<string, unknown>): Promise<KinesaliteAnswer> => {
    const tagged = TAG_OPERATIONS.has(operation);
    const answer = await (quotaFront ? quotaFront.call(operation, tagged ? encodeTagsInRequest(body) : body) : call(operation, tagged ? encodeTagsInRequest(body) : body));
    return operation === 'ListTagsForStream' && answer.status === 200 ? { ...answer, body: decodeTagsInAnswer(answer.body) } : answer;
  };

  /** A call answered by its fast path when it can; anything else goes to kinesalite whole. */
  const answerFast = async (fastPath: (body: Record<string, unknown>) => Promise<unknown>, request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let outcome: { answer: unknown } | { declined: Buffer };
    try {
      outcome = await useBody(request, MAX_REQUEST_BYTES, async (raw) => {
        let answer: unknown;
        try {
          const body: unknown = JSON.parse(raw.toString('utf8'));
          if (body && typeof body === 'object' && !Array.isArray(body)) answer = await fastPath(body as Record<string, unknown>);
        } catch {
          answer = undefined;
        }
        // kinesalite reads a declined body later, so it gets a copy; the reused buffer goes back.
        return answer ? { answer } : { declined: Buffer.from(raw) };
      });
    } catch {
      // Over kinesalite's size limit: it answers that itself.
      listener(request, response);
      return;
    }
    if ('declined' in outcome) {
      listener(replayRequest(request, outcome.declined), response);
      return;
    }
    const { answer } = outcome;
    const payload = Buffer.isBuffer(answer) ? answer : Buffer.from(JSON.stringify(answer));
    response.writeHead(200, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': String(payload.length),
      'x-amzn-requestid': crypto.randomUUID(),
      'x-amz-id-2': randomBytes(72).toString('base64'),
    }).end(payload);
  };

  return {
    name: 'kinesis',
    engineListener: listener,
    async handle(request: IncomingMessage, response: ServerResponse) {
      const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const contentType = String(request.headers['content-type'] ?? '').split(';')[0]?.trim();
      const cbor = contentType === CBOR_CONTENT_TYPE;
      const json = contentType === 'application/x-amz-json-1.1' || contentType === 'application/json';
      const needsFront = cbor || (json && (TAG_OPERATIONS.has(operation) || STREAM_FRONT_OPERATIONS.has(operation) || (quotaFront !== undefined && QUOTA_OPERATIONS.has(operation))));
      const fastPath = fastPaths.get(operation);
      if (fastPath && contentType === 'application/x-amz-json-1.1' && !quotaFront && signedInForm(request)) {
        await answerFast(fastPath, request, response);
        return;
      }
      if (!needsFront || contentType === 'application/json') {
        listener(request, response);
        return;
      }
      const protocol = cbor ? 'awsCbor' : 'awsJson';
      let body: Record<string, unknown>;
      try {
        const raw = await readBody(request, MAX_REQUEST_BYTES);
        const decoded: unknown = cbor ? cborRequestToJson(raw) : JSON.parse(raw.toString('utf8') || '{}');
        if (!decoded || typeof decoded !== 'object' || Array.isArray(decoded)) throw new Error('body is not a map');
        body = decoded as Record<string, unknown>;
      } catch (cause) {
        const error = cause instanceof AwsError ? cause : new AwsError('SerializationException', '', 400, {}, { cause });
        sendAwsError(response, error, protocol, { encodeCbor });
        return;
      }
      const answer = await frontCall(operation, body);
      const payload = cbor ? jsonAnswerToCbor(answer.body) : Buffer.from(JSON.stringify(answer.body));
      const headers: Record<string, string> = {
        'content-type': cbor ? CBOR_CONTENT_TYPE : 'application/x-amz-json-1.1',
        'content-length': String(payload.length),
        'x-amzn-requestid': crypto.randomUUID(),
      };
      if (answer.status !== 200 && typeof answer.body.__type === 'string') headers['x-amzn-errortype'] = answer.body.__type;
      response.writeHead(answer.status, headers).end(payload);
    },
    status: () => state,
    close() {
      // kinesalite's close() shuts its LevelDB store, then complains that the (never started) server is not running.
      closing ??= new Promise<void>((resolve) => {
        state = 'disabled';
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
