/** The Firehose service: JSON 1.1 dispatch over the operation table, plus the delivery engines. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  AwsError, createClock, sendAwsJson, sendAwsJsonBytes, sendAwsJsonError, type CallContext, type Clock, type ProducerPuts, type RoleAccess, type Scope, type ServiceHandler, type ServiceStatus, useBody,
} from '../shared/index.js';
import { JsonAnswer, type EngineControl, type OperationContext } from './context.js';
import { DeliveryEngine, type EngineView, type FlushReport } from './delivery/engine.js';
import { kinesisThroughClient, type KinesisSource } from './delivery/kinesis-reader.js';
import { putThroughClient, type PutObject } from './delivery/s3-writer.js';
import { invokeThroughClient, type InvokeFunction } from './delivery/lambda-invoker.js';
import { resourceNotFound, serializationError, unknownOperation } from './errors.js';
import { createLater } from '../shared/later.js';
import { OPERATIONS } from './operations/index.js';
import { openStore, type StoredStream } from './store.js';
import { validateInput, type ValidationTable } from './validation.js';

export interface FirehoseServiceOptions {
  /** Streams, versions and checkpoints persist under `<stateDir>/firehose/`. */
  stateDir: string;
  /** Default account and region. */
  scope: Scope;
  /**
   * SDK clients pointed at the local endpoint (or anything else): one set for every stream, or the set
   * for a stream's account and region, as Firehose reads and writes in its own region on AWS.
   */
  clients: FirehoseClients | ((scope: Scope, roleArn?: string) => FirehoseClients);
  /** The endpoint's IAM: a delivery stream's roles must trust `firehose.amazonaws.com`. Absent: any role is accepted. */
  roles?: RoleAccess;
  /** Invokes transformation Lambdas; by default through `clients.lambda`. */
  invokeLambda?: InvokeFunction;
  /** Reads a Kinesis source in the stream's account and region as `roleArn`; by default through `clients.kinesis`. */
  readKinesis?: (scope: Scope, roleArn?: string) => KinesisSource;
  /** The endpoint's own Kinesis puts, which delivery gives way to (see ProducerPuts). */
  puts?: ProducerPuts;
  /** Writes objects in the stream's account and region as `roleArn`; by default through `clients.s3`. */
  writeS3?: (scope: Scope, roleArn?: string) => PutObject;
  clock?: Clock;
  /** CREATING → ACTIVE. */
  createDelayMs?: number;
  /** DELETING → gone. */
  deleteDelayMs?: number;
  /** Kinesis GetRecords per shard; Firehose polls once a second. */
  pollIntervalMs?: number;
  /** Where error events go when a stream's CloudWatchLoggingOptions are enabled (the edge writes them to CloudWatch Logs in the stream's scope). */
  log?: (scope: Scope, logGroup: string, logStream: string, message: string, roleArn: string) => void;
  /** Lines about the state folder worth a look (an entry skipped at start); stderr by default. */
  warn?: (line: string) => void;
}

export interface FirehoseClients { s3: S3Client; kinesis: KinesisClient; lambda: LambdaClient }

export interface FirehoseService extends ServiceHandler {
  readonly name: 'firehose';
  /**
   * Reads the source to its tip, runs every buffer to S3. The stream is looked for in every account
   * and region unless `where` narrows it; none → ResourceNotFoundException, several → InvalidArgument.
   */
  flush(name: string, where?: { accountId?: string; region?: string }): Promise<FlushReport>;
  /** Per delivery stream name, CloudWatch metric name → value; the default scope's stream wins a name found in several. */
  metrics(): Record<string, Record<string, number>>;
  /** Per delivery stream ARN (so streams of one name in several regions stay apart), metric name → value. */
  metricsByArn(): Record<string, Record<string, number>>;
  /** Every delivery stream of every account and region, for the pipeline view's picker. */
  list(): DeliveryStreamView[];
  /** One delivery stream's configuration, counters and buffers; undefined when there is none by that name. */
  inspect(scope: Scope, name: string): DeliveryStreamInspection | undefined;
}

export interface DeliveryStreamView { accountId: string; region: string; name: string; status: StoredStream['status'] }

export interface DeliveryStreamInspection {
  stream: StoredStream;
  /** CloudWatch metrics and the internal counters (`_lambda.all`, `_s3.ok`, `_failed`, `_dropped`, …). */
  metrics: Record<string, number>;
  /** Absent while the engine is not running (CREATING, or its source not readable yet). */
  engine?: EngineView;
}

/**
 * How long a delivery stream stays CREATING (or DELETING, or between encryption states): long enough that a
 * client which does not wait for ACTIVE fails here as it would on AWS, where it takes minutes; the same as a
 * Kinesis stream's transitions (50 ms), and short, since `make up` waits for it before it is ready.
 */
export const DEFAULT_CREATE_DELAY_MS = 50;
export const DEFAULT_DELETE_DELAY_MS = 50;
export const DEFAULT_POLL_INTERVAL_MS = 1000;
export const RESUME_RETRY_MS = 5_000;
const TARGET_PREFIX = 'Firehose_20150804.';
// The largest request body read (the API's own limits are checked after parsing).
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

export function createFirehoseService(options: FirehoseServiceOptions): FirehoseService {
  const clock = options.clock ?? createClock();
    const warn = options.warn ?? ((line: string) => void process.stderr.write(`hosepipe firehose: ${line}\n`));
  const store = openStore(options.stateDir, warn);
  const clientsFor = typeof options.clients === 'function' ? options.clients : () => options.clients as FirehoseClients;
  const invokeLambda = options.invokeLambda ?? invokeThroughClient(clientsFor(options.scope).lambda);
  const engines = new Map<string, DeliveryEngine>();
  let closed = false;
  const keyOf = (stream: StoredStream): string => `${stream.accountId}/${stream.region}/${stream.name}`;

  const later = createLater();

  const startEngine = async (stream: StoredStream, fresh: boolean): Promise<void> => {
    const scope = { accountId: stream.accountId, region: stream.region };
    const log = options.log;
    // Firehose reads the source as the source's role and writes as the destination's, as on AWS.
    const sourceRole = stream.kinesisSource?.RoleARN;
    const destinationRole = stream.destination.RoleARN;
    const readRole = sourceRole ?? destinationRole;
    const kinesis = options.readKinesis ? options.readKinesis(scope, readRole) : kinesisThroughClient(clientsFor(scope, readRole).kinesis);
    const s3 = options.writeS3 ? options.writeS3(scope, destinationRole) : putThroughClient(clientsFor(scope, destinationRole).s3);
    const clients = { s3, kinesis };
    const engine = new DeliveryEngine({
      stream, store, clients, invokeLambda, clock, pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      ...(options.puts ? { puts: options.puts } : {}),
      ...(log ? { log: (group: string, logStream: string, message: string) => log(scope, group, logStream, message, stream.destination.RoleARN ?? '') } : {}),
    });
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
    } catch (error) {
      warn(`delivery stream ${stream.arn} could not start yet (${(error as Error).message}); retrying in ${RESUME_RETRY_MS} ms`);
      later(RESUME_RETRY_MS, () => {
        if (store.get({ accountId: stream.accountId, region: stream.region }, stream.name) === stream) return resumeEngine(stream);
      });
    }
  };

  // Resume persisted streams: finish pending transitions, restart engines after their checkpoints.
  // One stream that cannot be resumed (its folder unwritable, say) is reported and left; the rest start.
  const resumed = (async () => {
    for (const stream of store.all()) {
      try {
        if (stream.status === 'DELETING') {
          store.remove(stream);
          continue;
        }
        if (stream.status === 'CREATING') {
          stream.status = 'ACTIVE';
          store.save(stream);
        }
        if (stream.status === 'ACTIVE') await resumeEngine(stream);
      } catch (error) {
        warn(`delivery stream ${stream.arn} was not resumed: ${(error as Error).message}`);
      }
    }
  })();

  const handle = async (request: IncomingMessage, response: ServerResponse, call: CallContext): Promise<void> => {
    try {
      await resumed;
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(TARGET_PREFIX) ? OPERATIONS.get(target.slice(TARGET_PREFIX.length)) : undefined;
      if (!operation) throw unknownOperation(target);
      // Reading and parsing copy every value out, so the body's buffer can go to the next request.
      const input: unknown = await useBody(request, MAX_REQUEST_BYTES, (body) => operation.readBody?.(body) ?? parseInput(body, operation.table));
      const context: OperationContext = {
        scope: call.scope, store, clock, engines: control, later, ...(options.roles ? { roles: options.roles } : {}),
        createDelayMs: options.createDelayMs ?? DEFAULT_CREATE_DELAY_MS,
        deleteDelayMs: options.deleteDelayMs ?? DEFAULT_DELETE_DELAY_MS,
      };
      const output = await operation.run(input as never, context);
      if (output instanceof JsonAnswer) sendAwsJsonBytes(response, 200, output.bytes);
      else sendAwsJson(response, 200, output);
    } catch (error) {
      sendAwsJsonError(response, error);
    }
  };

  return {
    name: 'firehose',
    handle,
    status: (): ServiceStatus => (closed ? 'disabled' : 'running'),
    async flush(name, where = {}) {
      await resumed;
      const found = store.all().filter((stream) => stream.name === name
        && (where.accountId === undefined || stream.accountId === where.accountId)
        && (where.region === undefined || stream.region === where.region));
      if (found.length > 1) {
        const places = found.map((stream) => `${stream.accountId}/${stream.region}`).join(', ');
        throw new AwsError('InvalidArgument', `Delivery stream ${name} exists in ${places}; name one with ?region= (and ?account=)`);
      }
      const stream = found[0];
      const engine = stream ? engines.get(keyOf(stream)) : undefined;
      if (!stream || !engine) throw resourceNotFound(name, where.accountId ?? options.scope.accountId);
      return engine.flush();
    },
    list: () => store.all().map(({ accountId, region, name, status }) => ({ accountId, region, name, status })),
    inspect(scope, name) {
      const stream = store.get(scope, name);
      if (!stream) return undefined;
      const engine = engines.get(keyOf(stream));
      const metrics = engine ? { ...engine.metrics.raw(), ...engine.metrics.snapshot() } : {};
      return { stream: structuredClone(stream), metrics, ...(engine ? { engine: engine.inspect() } : {}) };
    },
    metrics() {
      const result: Record<string, Record<string, number>> = {};
      const isDefault = (stream: StoredStream): boolean => stream.accountId === options.scope.accountId && stream.region === options.scope.region;
      // Streams of the default scope last, so theirs is the entry a name shared across regions shows.
      for (const stream of [...store.all()].sort((a, b) => Number(isDefault(a)) - Number(isDefault(b)))) {
        const engine = engines.get(keyOf(stream));
        if (engine) result[stream.name] = engine.metrics.snapshot();
      }
      return result;
    },
    metricsByArn() {
      const result: Record<string, Record<string, number>> = {};
      for (const stream of store.all()) {
        const engine = engines.get(keyOf(stream));
        if (engine) result[stream.arn] = engine.metrics.snapshot();
      }
      return result;
    },
    async close() {
      if (closed) return;
      closed = true;
      later.cancelAll();
      await resumed.catch(() => undefined);
      await Promise.all([...engines.values()].map((engine) => engine.close(true)));
      engines.clear();
    },
  };
}

/** A JSON 1.1 body as an operation's input, validated by its table. */
function parseInput(body: Buffer, table: ValidationTable): unknown {
  let input: unknown;
  try {
    input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch (cause) {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.', 400, {}, { cause });
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw serializationError('Start of structure or map found where not expected.');
  validateInput(input, table);
  return input;
}

/** The folder a service instance keeps its files in. */
export const firehoseStateDir = (stateDir: string): string => join(stateDir, 'firehose');
