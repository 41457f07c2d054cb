/** The Firehose service: JSON 1.1 dispatch over the operation table, plus the delivery engines. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  AwsError, createClock, sendAwsJson, sendAwsJsonError, type CallContext, type Clock, type Scope, type ServiceHandler, type ServiceStatus, useBody,
} from '../shared/index.js';
import type { EngineControl, OperationContext } from './context.js';
import { DeliveryEngine, type FlushReport } from './delivery/engine.js';
import { invokeThroughClient, type InvokeFunction } from './delivery/lambda-invoker.js';
import { resourceNotFound, serializationError, unknownOperation } from './errors.js';
import { parseJsonBytes } from './json-bytes.js';
import { OPERATIONS } from './operations/index.js';
import { openStore, type StoredStream } from './store.js';
import { validateInput } from './validation.js';

export interface FirehoseServiceOptions {
  /** Streams, versions and checkpoints persist under `<stateDir>/firehose/`. */
  stateDir: string;
  /** Default account and region. */
  scope: Scope;
  /** SDK clients pointed at the local endpoint (or anything else). */
  clients: { s3: S3Client; kinesis: KinesisClient; lambda: LambdaClient };
  /** Invokes transformation Lambdas; by default through `clients.lambda`. */
  invokeLambda?: InvokeFunction;
  clock?: Clock;
  /** CREATING → ACTIVE. */
  createDelayMs?: number;
  /** DELETING → gone. */
  deleteDelayMs?: number;
  /** Kinesis GetRecords per shard; Firehose polls once a second. */
  pollIntervalMs?: number;
  /** Where error events go when a stream's CloudWatchLoggingOptions are enabled (the edge writes them to CloudWatch Logs). */
  log?: (logGroup: string, logStream: string, message: string) => void;
}

export interface FirehoseService extends ServiceHandler {
  readonly name: 'firehose';
  /** Reads the source to its tip, runs every buffer to S3; unknown name → ResourceNotFoundException. */
  flush(name: string): Promise<FlushReport>;
  /** Per delivery stream, CloudWatch metric name → value. */
  metrics(): Record<string, Record<string, number>>;
}

export const DEFAULT_CREATE_DELAY_MS = 150;
export const DEFAULT_DELETE_DELAY_MS = 150;
export const DEFAULT_POLL_INTERVAL_MS = 1000;
export const RESUME_RETRY_MS = 5_000;
const TARGET_PREFIX = 'Firehose_20150804.';
// The largest request body read (the API's own limits are checked after parsing).
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

export function createFirehoseService(options: FirehoseServiceOptions): FirehoseService {
  const clock = options.clock ?? createClock();
  const invokeLambda = options.invokeLambda ?? invokeThroughClient(options.clients.lambda);
  const store = openStore(options.stateDir);
  const engines = new Map<string, DeliveryEngine>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const keyOf = (stream: StoredStream): string => `${stream.accountId}/${stream.region}/${stream.name}`;

  const later = (delayMs: number, action: () => void | Promise<void>): void => {
    const timer: NodeJS.Timeout = setTimeout(() => {
      timers.delete(timer);
      if (!closed) void Promise.resolve(action()).catch(() => undefined);
    }, delayMs);
    timer.unref?.();
    timers.add(timer);
  };

  const startEngine = async (stream: StoredStream, fresh: boolean): Promise<void> => {
    const engine = new DeliveryEngine({ stream, store, clients: options.clients, invokeLambda, clock, pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, log: options.log });
    await engine.start(fresh);
    engines.set(keyOf(stream), engine);
  };

  const control: EngineControl = {
    start: (stream) => startEngine(stream, true),
    async discard(stream) {
      const engine = engines.get(keyOf(stream));
      engines.delete(keyOf(stream));
      await engine?.close(false);
    },
    reconfigure: (stream) => engines.get(keyOf(stream))?.reconfigure(stream),
    accept(stream, records) {
      const engine = engines.get(keyOf(stream));
      if (!engine) throw new AwsError('ServiceUnavailableException', `Delivery stream ${stream.name} is not ready to accept records.`, 503);
      engine.accept(records);
    },
  };

  // A source that cannot be read yet (engine still starting, stream recreated) is retried; the stream stays ACTIVE.
  const resumeEngine = async (stream: StoredStream): Promise<void> => {
    try {
      await startEngine(stream, false);
    } catch {
      later(RESUME_RETRY_MS, () => {
        if (store.get({ accountId: stream.accountId, region: stream.region }, stream.name) === stream) return resumeEngine(stream);
      });
    }
  };

  // Resume persisted streams: finish pending transitions, restart engines after their checkpoints.
  const resumed = (async () => {
    for (const stream of store.all()) {
      if (stream.status === 'DELETING') {
        store.remove(stream);
        continue;
      }
      if (stream.status === 'CREATING') {
        stream.status = 'ACTIVE';
        store.save(stream);
      }
      if (stream.status === 'ACTIVE') await resumeEngine(stream);
    }
  })();

  const handle = async (request: IncomingMessage, response: ServerResponse, call: CallContext): Promise<void> => {
    try {
      await resumed;
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(TARGET_PREFIX) ? OPERATIONS.get(target.slice(TARGET_PREFIX.length)) : undefined;
      if (!operation) throw unknownOperation(target);
      // Parsing copies every value out, so the body's buffer can go to the next request.
      const input: unknown = await useBody(request, MAX_REQUEST_BYTES, (body) => {
        try {
          return body.length === 0 ? {} : parseJsonBytes(body);
        } catch (cause) {
          throw new AwsError('SerializationException', 'Start of structure or map found where not expected.', 400, {}, { cause });
        }
      });
      if (typeof input !== 'object' || input === null || Array.isArray(input)) throw serializationError('Start of structure or map found where not expected.');
      validateInput(input, operation.table);
      const context: OperationContext = {
        scope: call.scope, store, clock, engines: control, later,
        createDelayMs: options.createDelayMs ?? DEFAULT_CREATE_DELAY_MS,
        deleteDelayMs: options.deleteDelayMs ?? DEFAULT_DELETE_DELAY_MS,
      };
      sendAwsJson(response, 200, await operation.run(input as never, context));
    } catch (error) {
      sendAwsJsonError(response, error);
    }
  };

  return {
    name: 'firehose',
    handle,
    status: (): ServiceStatus => (closed ? 'disabled' : 'running'),
    async flush(name) {
      await resumed;
      const stream = store.get(options.scope, name);
      const engine = stream ? engines.get(keyOf(stream)) : undefined;
      if (!stream || !engine) throw resourceNotFound(name, options.scope.accountId);
      return engine.flush();
    },
    metrics() {
      const result: Record<string, Record<string, number>> = {};
      for (const stream of store.all()) {
        const engine = engines.get(keyOf(stream));
        if (engine) result[stream.name] = engine.metrics.snapshot();
      }
      return result;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      await resumed.catch(() => undefined);
      await Promise.all([...engines.values()].map((engine) => engine.close(true)));
      engines.clear();
    },
  };
}

/** The folder a service instance keeps its files in. */
export const firehoseStateDir = (stateDir: string): string => join(stateDir, 'firehose');
