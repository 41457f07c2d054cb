/**
 * One delivery stream's data plane: source → backup → de-aggregation → Lambda (own buffer) →
 * partitioning → S3 buffers → PutObject, all serialised on one queue so order and checkpoints stay simple.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock, ProducerPuts } from '../../shared/index.js';
import { isBufferDue, wouldOverflow } from '../buffering.js';
import { formatErrorRecord } from '../error-record.js';
import { eventRecordSize } from '../lambda-event.js';
import { PROCESSING_FAILED_STATUS, type InvocationFailure } from '../lambda-response.js';
import { partitionKeyReader } from '../prefix.js';
import type { LambdaProcessor } from '../processors.js';
import type { FirehoseStore, StoredStream } from '../store.js';
import { DirectPutLog } from './direct-put-log.js';
import { extractPartitionKeys } from './jq.js';
import { KinesisReader, type KinesisSource } from './kinesis-reader.js';
import { invokeTransform, type InvocationOutcome, type InvokeFunction } from './lambda-invoker.js';
import { StreamMetrics } from './metrics.js';
import { ObjectBuffers, type BufferMeta, type BufferView, type ObjectBuffer } from './object-buffers.js';
import { planObject, targetFor, type PlannedObject } from './object-plan.js';
import { RecentObjects, type WrittenObject } from './recent-objects.js';
import { deaggregateRecord } from './record-deaggregation.js';
import { writeObject, type PutObject } from './s3-writer.js';
import { resolveSettings, type DeliverySettings } from './settings.js';
import type { SourceRecord } from './source-record.js';
import { Ticket } from './ticket.js';

/** Lambda's 6 MB request limit, less room for the event envelope. */
export const MAX_INVOCATION_BYTES = 6_000_000 - 4_096;
export const MAX_ACTIVE_PARTITIONS = 500;
/** UNCONFIRMED (§7): error-output-type and code for records whose partition cannot be evaluated. */
export const PARTITIONING_FAILED = { type: 'metadata-extraction-failed', code: 'DynamicPartitioning.MetadataExtractionFailed' } as const;
/** UNCONFIRMED (§10): error-output-type and code for records over the active-partition limit. */
export const PARTITION_LIMIT_EXCEEDED = { type: 'activePartitionExceeded', code: 'DynamicPartitioning.ActivePartitionsLimitExceeded' } as const;
/**
 * Kinesis arrival timestamps are shifted by the emulator clock's offset from wall time, so a test that sets
 * the clock sees its time in prefixes for Kinesis-sourced records too (offset 0 unless the clock was moved).
 */
export const KINESIS_ARRIVAL_ON_EMULATOR_CLOCK = true;
/**
 * The most invocations in flight per delivery stream. UNCONFIRMED for AWS. Each one in flight needs a warm
 * instance of its own, a process that starts cold; on a 2-core machine 2 instances kept warm by twice as many
 * invocations each delivered more than 4 (bench/firehose (1): 24-28k against 21-22k records/s). A stream runs
 * one at a time until its function is slow (LAMBDA_SCALE_UP_MS), and then this many side by side.
 */
export const LAMBDA_CONCURRENCY = 2;
/**
 * A second invocation goes side by side with the first only once the last LAMBDA_SCALE_UP_ATTEMPTS invocation
 * attempts each took at least LAMBDA_SCALE_UP_MS: a function that slow is what limits the stream, and a second
 * instance doubles it. A fast one runs one at a time on one instance. Measured on this 2-core machine, where the
 * endpoint's own thread limits a fast transform, not its function: one invocation in flight against two, taken turn
 * about, bench/pipeline's lines/s were the same (45.5-45.7k against 45.2-45.3k) and its peak RSS 358-369 MiB against
 * 463-476 (the second instance's ~97 MiB gone). As Firehose sees them, that transform's attempts took 40-140 ms
 * (1 MiB batches: the event's transfer, the function and the answer's check) and the first on a new instance
 * 225-265 ms; with two attempts over 250 ms as the rule, a slow minute of the host started the second instance in
 * one of about twenty runs. Three attempts: a cold start, or a first run before the function's code is optimized,
 * is not enough.
 */
export const LAMBDA_SCALE_UP_MS = 500;
export const LAMBDA_SCALE_UP_ATTEMPTS = 3;
/** Attempts per object while closing; during normal operation S3 writes are retried without limit. */
export const CLOSE_WRITE_ATTEMPTS = 3;
/** The folder, in the stream's own, of its open objects' scratch files. */
export const SCRATCH_FOLDER = 'scratch';

export interface FlushReport {
  deliveryStreamName: string;
  objectsWritten: number;
  recordsDelivered: number;
  /** Records written to error output during the flush. */
  recordsFailed: number;
  /** Records the Lambda dropped during the flush. */
  recordsDropped: number;
  backupObjectsWritten: number;
  errorObjectsWritten: number;
  /** `s3://bucket/key` of every object written during the flush, in write order. */
  objects: string[];
}

export interface EngineOptions {
  stream: StoredStream;
  store: FirehoseStore;
  clients: { s3: PutObject; kinesis: KinesisSource };
  /** Lambda's Invoke, through an SDK client or the endpoint's own Lambda service. */
  invokeLambda: InvokeFunction;
  clock: Clock;
  pollIntervalMs: number;
  /** The endpoint's own Kinesis puts: between its steps delivery waits while they keep arriving (see ProducerPuts). */
  puts?: ProducerPuts;
  log?: (logGroup: string, logStream: string, message: string) => void;
}

/** What the pipeline view reads of a running engine: open buffers (the Lambda's first), recent objects, the last error. */
export interface EngineView {
  buffers: BufferView[];
  recentObjects: Record<ObjectBuffer['kind'], WrittenObject[]>;
  lastError?: string;
}

/**
 * A record waiting for the Lambda; it is also the event record itself, so batches are sized and sent without copies.
 * A source record waits as it was read, unless Firehose's deaggregation split it into parts.
 */
type PendingRecord = SourceRecord;

/** What a record's error output is made from. */
interface FailedRecord { data: Buffer; arrivalMs: number; ticket: Ticket }

/** The buffer of a stream without dynamic partitioning, named once instead of per record. */
const PLAIN_DESTINATION: BufferMeta = Object.freeze({ kind: 'destination', partition: '' });

// The S3 error codes Firehose logs as `S3.<code>` (reference §8); any other failure is logged as InternalError.
const S3_ERROR_CODES = new Set(['AccessDenied', 'AccountProblem', 'AllAccessDisabled', 'InvalidPayer', 'NotSignedUp', 'NoSuchBucket', 'MethodNotAllowed']);

/** UNCONFIRMED: the error code Firehose logs when its role may not read the source stream (not in AWS's table). */
export const SOURCE_ACCESS_DENIED = 'Kinesis.AccessDenied';

export class DeliveryEngine {
  readonly metrics = new StreamMetrics();
  private settings: DeliverySettings;
  /** The partition a record joins, by the destination prefix's partition keys (remade with the settings). */
  private partitionKeyOf: ReturnType<typeof partitionKeyReader>;
  private stream: StoredStream;
  private queue: Promise<unknown> = Promise.resolve();
  private lambdaBuffer: { records: PendingRecord[]; bytes: number; openedAtMs: number } = { records: [], bytes: 0, openedAtMs: 0 };
  private readonly buffers: ObjectBuffers;
  private reader?: KinesisReader;
  private directPutLog?: DirectPutLog;
  private sequence = 0;
  private pumpQueued = false;
  private closing = false;
  private pollTimer?: NodeJS.Timeout;
  private deadlineTimer?: NodeJS.Timeout;
  private unsubscribeClock?: () => void;
  private written: string[] = [];
  private readonly recent = new RecentObjects();
  private lastMeta?: BufferMeta;
  private extractQueue: { record: PendingRecord; data: Buffer; lambdaKeys?: Record<string, string> }[] = [];
  /** How long the last LAMBDA_SCALE_UP_ATTEMPTS invocation attempts took (ms), the oldest first. */
  private readonly lastInvocationsMs: number[] = [];
  lastError?: Error;

  constructor(private readonly options: EngineOptions) {
    this.stream = options.stream;
    this.settings = resolveSettings(options.stream);
    this.partitionKeyOf = partitionKeyReader(this.settings.destination.prefix);
    this.buffers = new ObjectBuffers(
      (kind) => (kind === 'backup' && this.settings.backup ? this.settings.backup.limits : this.settings.destination.limits),
      this.scratchFolder(),
      // An uncompressed object's body is its buffer's scratch file, whose MD5 (its ETag) is made as it is written.
      (kind) => targetFor(kind, this.settings).compression === 'UNCOMPRESSED',
    );
  }

  /** Where open objects' bytes past their first MiB wait (scratch files, one per buffer; none survive a restart). */
  private scratchFolder(): string {
    return join(this.options.store.folderOf(this.options.stream), SCRATCH_FOLDER);
  }

  /**
   * Positions the Kinesis reader (LATEST when `fresh`, else after the checkpoints), or opens the
   * DirectPut log (replaying what it holds after its checkpoint unless `fresh`), and starts timers.
   */
  async start(fresh: boolean): Promise<void> {
    // What a previous process left there belonged to buffers that died with it: their records come again from the source.
    rmSync(this.scratchFolder(), { recursive: true, force: true });
    if (!fresh) this.metrics.restore(this.options.store.readMetrics(this.stream));
    const source = this.stream.kinesisSource;
    if (!source) {
      this.directPutLog = new DirectPutLog(join(this.options.store.folderOf(this.stream), 'direct-put'), fresh);
      for (const batch of this.directPutLog.replay()) this.ingestBatch(batch.records, batch.arrivalMs, batch.ticket);
    } else {
      this.reader = new KinesisReader({
        source: this.options.clients.kinesis,
        streamArn: source.KinesisStreamARN,
        startWallMs: source.startWallMs,
        checkpoints: fresh ? {} : this.options.store.readCheckpoints(this.stream),
        saveCheckpoints: (checkpoints) => this.options.store.writeCheckpoints(this.stream, checkpoints),
        clockOffsetMs: () => (KINESIS_ARRIVAL_ON_EMULATOR_CLOCK ? this.options.clock.now() - Date.now() : 0),
        onRecords: (records) => this.ingest(records),
        onRead: (records, bytes, behind) => {
          this.metrics.add('DataReadFromKinesisStream.Records', records);
          this.metrics.add('DataReadFromKinesisStream.Bytes', bytes);
          this.metrics.set('KinesisMillisBehindLatest', behind);
        },
      });
      await (fresh ? this.reader.startAtLatest() : this.reader.resume());
      this.schedulePoll();
    }
    this.unsubscribeClock = this.options.clock.onChange(() => this.rescheduleDeadline());
  }

  reconfigure(stream: StoredStream): void {
    this.stream = stream;
    this.settings = resolveSettings(stream);
    this.partitionKeyOf = partitionKeyReader(this.settings.destination.prefix);
    this.rescheduleDeadline();
  }

  /** DirectPut ingest: logged before it returns (and so before the put is answered), then buffered. */
  accept(records: Buffer[]): void {
    const now = this.options.clock.now();
    this.metrics.add('IncomingPutRequests');
    this.metrics.add('IncomingRecords', records.length);
    this.metrics.add('IncomingBytes', records.reduce((sum, data) => sum + data.length, 0));
    this.ingestBatch(records, now, this.directPutLog?.append(now, records) ?? new Ticket());
  }

  /** One DirectPut batch, whose records share `ticket`: it settles once every copy of every record is written. */
  private ingestBatch(records: readonly Buffer[], arrivalMs: number, ticket: Ticket): void {
    ticket.hold(records.length);
    this.ingest(records.map((data) => {
      // Every member in the literal: its layout is then the literal's own, kept as long as this code, where a member
      // added afterwards made a layout that a collection drops once no record has it (see LIVING_TICKETS).
      const source: SourceRecord = { data, arrivalMs, idBase: String((this.sequence += 1)), subsequenceNumber: 0, subIndex: 0, shardId: undefined, partitionKey: undefined, ticket };
      return source;
    }));
    // Each record now holds the ticket; drop the batch's own hold.
    ticket.release();
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch((error: unknown) => {
      this.lastError = error instanceof Error ? error : new Error(String(error));
    });
    return run;
  }

  private ingest(records: SourceRecord[]): void {
    const { backup, deaggregation, lambda } = this.settings;
    const now = this.options.clock.now();
    for (const source of records) {
      if (backup) {
        source.ticket.hold();
        this.buffers.add({ kind: 'backup', partition: '' }, { data: source.data, rawData: source.data, arrivalMs: source.arrivalMs, ticket: source.ticket }, now);
      }
      if (!deaggregation) {
        // The record read is the record processed: no list of its one part, no copy of it.
        this.process(source, lambda !== undefined, now);
        continue;
      }
      const { parts } = deaggregateRecord(source.data, deaggregation.subRecordType, deaggregation.delimiter);
      source.ticket.hold(parts.length - 1);
      // A loop, not forEach: its callback was a closure made for every record.
      for (let index = 0; index < parts.length; index += 1) {
        // Every member in the literal (see ingestBatch's source records).
        const part: PendingRecord = {
          data: parts[index]!, arrivalMs: source.arrivalMs, idBase: source.idBase, subsequenceNumber: source.subsequenceNumber, subIndex: source.subIndex + index,
          shardId: source.shardId, partitionKey: source.partitionKey, ticket: source.ticket,
        };
        this.process(part, lambda !== undefined, now);
      }
    }
    this.schedulePump();
  }

  /** A record into the Lambda's buffer, or (without a Lambda) on to its destination. */
  private process(record: PendingRecord, transformed: boolean, now: number): void {
    if (!transformed) {
      this.deliver(record, record.data, now);
      return;
    }
    if (this.lambdaBuffer.records.length === 0) this.lambdaBuffer.openedAtMs = now;
    this.lambdaBuffer.records.push(record);
    this.lambdaBuffer.bytes += record.data.length;
  }

  private schedulePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    // A failed pump is kept in lastError by enqueue and retried by the next one; nothing may reject unhandled.
    this.enqueue(async () => {
      this.pumpQueued = false;
      await this.pump(false);
    }).catch(() => undefined);
  }

  /**
   * Between two shards' reads of a poll (queue-only): runs due work once the Lambda's backlog holds a batch (of the
   * processor's buffer size) per invocation allowed in flight. Without a bound one poll of a backlog read every shard
   * first: 58,000 records waiting for the Lambda (35 MB of objects and 11 MB of GetRecords answers they kept alive)
   * were most of the endpoint's live heap in bench/pipeline. The records wait in the stream instead, as they do for
   * a Firehose whose processor is behind; batches are cut the same way, only sooner. One batch per invocation in
   * flight is enough to keep every instance busy: at four, a shard's read on top of them left 33,000 records (their
   * objects, ids and views keeping GetRecords answers alive) waiting in bench/pipeline's heap at its peak.
   */
  private readonly runBacklog = async (): Promise<void> => {
    // Reading a shard is a step of its own: puts that arrived meanwhile go before the next.
    await this.giveWay();
    const lambda = this.settings.lambda;
    if (lambda && this.lambdaBuffer.bytes >= this.invocationsAllowed() * lambda.bufferSizeBytes) await this.pump(false);
  };

  /** Invocations the stream may have in flight: one, or LAMBDA_CONCURRENCY while its function is slow (LAMBDA_SCALE_UP_MS). */
  private invocationsAllowed(): number {
    const recent = this.lastInvocationsMs;
    return recent.length === LAMBDA_SCALE_UP_ATTEMPTS && recent.every((ms) => ms >= LAMBDA_SCALE_UP_MS) ? LAMBDA_CONCURRENCY : 1;
  }

  private lambdaDue(now: number): boolean {
    const lambda = this.settings.lambda;
    if (!lambda || this.lambdaBuffer.records.length === 0) return false;
    return isBufferDue({ bytes: this.lambdaBuffer.bytes, openedAtMs: this.lambdaBuffer.openedAtMs }, { sizeBytes: lambda.bufferSizeBytes, intervalMs: lambda.bufferIntervalMs }, now);
  }

  /** Runs due Lambda batches, then writes due objects (everything when `force`). Queue-only. */
  private async pump(force: boolean): Promise<void> {
    await this.runLambdaBatches(force);
    await this.runExtraction();
    const due = this.buffers.takeDue(this.options.clock.now(), force);
    try {
      for (const buffer of due) await this.writeBuffer(buffer);
    } finally {
      // A write given up on (the stream is closing) leaves the buffers after it unwritten: their scratch files go too.
      for (const buffer of due) buffer.items.dropBytes();
    }
    this.rescheduleDeadline();
  }

  /**
   * Keeps up to invocationsAllowed() invocations in flight while batches are due (all of them when `force`):
   * each finished invocation is replaced at once by the next due batch, and outcomes are applied in batch order.
   */
  private async runLambdaBatches(force: boolean): Promise<void> {
    const inFlight: Array<{ batch: PendingRecord[]; lambdaArn: string; outcome: Promise<InvocationOutcome> }> = [];
    try {
      for (;;) {
        while (inFlight.length < this.invocationsAllowed() && this.lambdaBuffer.records.length > 0 && (force || this.lambdaDue(this.options.clock.now()))) {
          const batch = this.takeLambdaBatch();
          inFlight.push({ batch, lambdaArn: this.settings.lambda?.lambdaArn as string, outcome: this.invokeBatch(batch) });
        }
        const oldest = inFlight.shift();
        if (oldest === undefined) return;
        const outcome = await oldest.outcome;
        // The answer's check, placing its records and building the next event are each milliseconds of
        // work for a full batch; between them the endpoint answers the calls that arrived meanwhile (a
        // producer's PutRecords waited behind all three at once), and while puts keep coming they go first.
        await this.giveWay();
        this.applyOutcome(oldest.batch, outcome, oldest.lambdaArn);
        await this.giveWay();
      }
    } finally {
      // Only after a failure: let the other invocations settle before the queue moves on.
      await Promise.allSettled(inFlight.map((entry) => entry.outcome));
    }
  }

  private takeLambdaBatch(): PendingRecord[] {
    const lambda = this.settings.lambda;
    const limit = lambda?.bufferSizeBytes ?? Number.POSITIVE_INFINITY;
    let count = 0;
    let bytes = 0;
    let eventBytes = 0;
    for (const record of this.lambdaBuffer.records) {
      const size = eventRecordSize(record);
      if (wouldOverflow(bytes, record.data.length, limit) || wouldOverflow(eventBytes, size, MAX_INVOCATION_BYTES)) break;
      count += 1;
      bytes += record.data.length;
      eventBytes += size;
    }
    const batch = this.lambdaBuffer.records.splice(0, count);
    this.lambdaBuffer.bytes -= bytes;
    this.lambdaBuffer.openedAtMs = this.options.clock.now();
    return batch;
  }

  private invokeBatch(batch: PendingRecord[]): Promise<InvocationOutcome> {
    const lambda = this.settings.lambda as LambdaProcessor;
    return invokeTransform({
      invoke: this.options.invokeLambda,
      lambdaArn: lambda.lambdaArn,
      roleArn: lambda.roleArn ?? this.stream.destination.RoleARN,
      numberOfRetries: lambda.numberOfRetries,
      deliveryStreamArn: this.settings.streamArn,
      region: this.settings.region,
      sourceKinesisStreamArn: this.settings.sourceKinesisStreamArn,
      records: batch,
      now: () => this.options.clock.now(),
      onAttempt: (durationMs, succeeded) => {
        this.lastInvocationsMs.push(durationMs);
        if (this.lastInvocationsMs.length > LAMBDA_SCALE_UP_ATTEMPTS) this.lastInvocationsMs.shift();
        this.metrics.add('ExecuteProcessing.Duration', durationMs);
        this.metrics.add('_lambda.all');
        if (succeeded) this.metrics.add('_lambda.ok');
      },
    });
  }

  private applyOutcome(batch: PendingRecord[], outcome: InvocationOutcome, lambdaArn: string): void {
    // One reading of the clock for the batch: each costs 0.2-0.6 µs here, and every record's placing asked for one.
    const now = this.options.clock.now();
    if (!outcome.ok && outcome.failure.errorCode === 'Lambda.InvokeAccessDenied') this.metrics.add('hosepipe.AccessDenied.Lambda');
    // The batch's counts are added once at its end (a counter's map look-ups for every record were a fifth of this loop).
    let succeeded = 0;
    let succeededBytes = 0;
    let dropped = 0;
    try {
      for (let index = 0; index < batch.length; index += 1) {
        const record = batch[index]!;
        if (!outcome.ok) {
          this.failRecord(record, 'processing-failed', outcome.failure, outcome.attempts, outcome.endedAtMs, lambdaArn);
          continue;
        }
        const result = outcome.records[index];
        if (result?.result === 'Ok') {
          succeeded += 1;
          succeededBytes += result.data.length;
          this.deliver(record, result.data, now, result.partitionKeys);
        } else if (result?.result === 'Dropped') {
          dropped += 1;
          record.ticket.release();
        } else {
          this.failRecord(record, 'processing-failed', PROCESSING_FAILED_STATUS, outcome.attempts, outcome.endedAtMs, lambdaArn);
        }
      }
    } finally {
      // Only counters that moved: one never added stays absent from the snapshot.
      if (succeeded > 0) {
        this.metrics.add('SucceedProcessing.Records', succeeded);
        this.metrics.add('SucceedProcessing.Bytes', succeededBytes);
      }
      if (dropped > 0) this.metrics.add('_dropped', dropped);
    }
  }

  /** `now`: the emulator clock's time, read once by the caller for its batch. */
  private deliver(record: PendingRecord, transformed: Buffer, now: number, lambdaKeys?: Record<string, string>): void {
    if (this.settings.metadataExtraction) {
      this.extractQueue.push({ record, data: transformed, ...(lambdaKeys ? { lambdaKeys } : {}) });
      return;
    }
    this.place(record, transformed, now, lambdaKeys);
  }

  /** MetadataExtraction for every queued record, one jq process per batch. Queue-only. */
  private async runExtraction(): Promise<void> {
    const query = this.settings.metadataExtraction?.query;
    const batch = this.extractQueue.splice(0);
    if (!query || batch.length === 0) return;
    const started = Date.now();
    const results = await extractPartitionKeys(query, batch.map((item) => item.data));
    this.metrics.add('JQProcessing.Duration', Date.now() - started);
    batch.forEach((item, index) => {
      const result = results[index] ?? { error: 'jq produced no output' };
      if ('error' in result) {
        this.failRecord(item.record, PARTITIONING_FAILED.type, { errorCode: PARTITIONING_FAILED.code, errorMessage: result.error }, 1, this.options.clock.now());
        return;
      }
      this.place(item.record, item.data, this.options.clock.now(), item.lambdaKeys, result.keys);
    });
  }

  private place(record: PendingRecord, transformed: Buffer, now: number, lambdaKeys?: Record<string, string>, queryKeys?: Record<string, string>): void {
    let partition = '';
    if (this.settings.dynamicPartitioning) {
      try {
        partition = this.partitionKeyOf(lambdaKeys, queryKeys);
      } catch (error) {
        const failure = { errorCode: PARTITIONING_FAILED.code, errorMessage: (error as Error).message };
        this.failRecord(record, PARTITIONING_FAILED.type, failure, 1, this.options.clock.now());
        return;
      }
    }
    const meta = this.destinationMeta(partition, lambdaKeys, queryKeys);
    if (this.settings.dynamicPartitioning && !this.buffers.has(meta) && this.buffers.count('destination') >= MAX_ACTIVE_PARTITIONS) {
      this.metrics.set('PartitionCountExceeded', 1);
      const failure = { errorCode: PARTITION_LIMIT_EXCEEDED.code, errorMessage: `The number of active partitions exceeds the limit of ${MAX_ACTIVE_PARTITIONS}.` };
      this.failRecord(record, PARTITION_LIMIT_EXCEEDED.type, failure, 1, this.options.clock.now());
      return;
    }
    this.buffers.add(
      meta,
      { data: transformed, rawData: record.data, arrivalMs: record.arrivalMs, ticket: record.ticket },
      now,
      this.settings.appendDelimiter,
    );
    if (this.settings.dynamicPartitioning) this.metrics.set('PartitionCount', this.buffers.count('destination'));
  }

  /**
   * The destination buffer's description for a record: the last record's while its partition and its keys objects
   * are the same ones (a Lambda answer's records in a row share one keys object), instead of one object per record.
   */
  private destinationMeta(partition: string, lambdaKeys?: Record<string, string>, queryKeys?: Record<string, string>): BufferMeta {
    if (lambdaKeys === undefined && queryKeys === undefined && partition === '') return PLAIN_DESTINATION;
    const last = this.lastMeta;
    if (last !== undefined && last.partition === partition && last.lambdaKeys === lambdaKeys && last.queryKeys === queryKeys) return last;
    this.lastMeta = { kind: 'destination', partition, ...(lambdaKeys ? { lambdaKeys } : {}), ...(queryKeys ? { queryKeys } : {}) };
    return this.lastMeta;
  }

  private failRecord(record: FailedRecord, errorOutputType: string, failure: InvocationFailure, attemptsMade: number, endedAtMs: number, lambdaArn?: string): void {
    this.logError(failure, lambdaArn);
    const line = formatErrorRecord({
      rawData: record.data, errorCode: failure.errorCode, errorMessage: failure.errorMessage, attemptsMade,
      arrivalTimestamp: record.arrivalMs, attemptEndingTimestamp: endedAtMs, ...(lambdaArn ? { lambdaArn } : {}),
    });
    this.buffers.add(
      { kind: 'error', partition: errorOutputType, errorOutputType },
      { data: Buffer.from(line), rawData: record.data, arrivalMs: record.arrivalMs, ticket: record.ticket },
      this.options.clock.now(),
    );
  }

  /** An error event in the stream's CloudWatch log stream, shaped like Firehose's own. */
  private logError(failure: InvocationFailure, lambdaArn?: string): void {
    const logging = this.stream.destination.CloudWatchLoggingOptions;
    if (!this.options.log || !logging?.Enabled || !logging.LogGroupName || !logging.LogStreamName) return;
    this.options.log(logging.LogGroupName, logging.LogStreamName, JSON.stringify({
      deliveryStreamARN: this.stream.arn,
      destination: this.stream.destination.BucketARN,
      deliveryStreamVersionId: this.stream.versionId,
      message: failure.errorMessage,
      errorCode: failure.errorCode,
      ...(lambdaArn ? { processor: lambdaArn } : {}),
    }));
  }

  /**
   * A failed S3 write in the stream's CloudWatch log stream, as Firehose logs delivery errors: `S3.<code>`
   * (S3.AccessDenied, S3.NoSuchBucket, …) or InternalError; the data stays buffered and the write is retried.
   */
  private logS3Failure(bucket: string, key: string, error: unknown): void {
    const code = (error as { name?: string } | undefined)?.name;
    const errorCode = code && S3_ERROR_CODES.has(code) ? `S3.${code}` : 'InternalError';
    if (code === 'AccessDenied') this.metrics.add('hosepipe.AccessDenied.DeliveryToS3');
    const detail = error instanceof Error ? error.message : String(error);
    this.logError({ errorCode, errorMessage: `Could not write to s3://${bucket}/${key}: ${detail}` });
  }

  /** A source read the stream's role may not make: logged and counted; the next poll tries again from the same place. */
  private logSourceFailure(error: unknown): void {
    if ((error as { name?: string } | undefined)?.name !== 'AccessDeniedException') return;
    this.metrics.add('hosepipe.AccessDenied.KinesisSource');
    const detail = error instanceof Error ? error.message : String(error);
    this.logError({ errorCode: SOURCE_ACCESS_DENIED, errorMessage: `Could not read from the source stream ${this.stream.kinesisSource?.KinesisStreamARN}: ${detail}` });
  }

  /** Writes the object with retries; its body's memory is the caller's to release afterwards. */
  private async writePlanned(object: PlannedObject, attemptsCounter: string): Promise<void> {
    const { bucket, key, body, contentEncoding } = object;
    await writeObject({
      put: this.options.clients.s3,
      bucket,
      key,
      body,
      ...(contentEncoding ? { contentEncoding } : {}),
      shouldStop: () => this.closing,
      ...(this.closing ? { maxAttempts: CLOSE_WRITE_ATTEMPTS } : {}),
      onAttempt: (succeeded, error) => {
        this.metrics.add(`${attemptsCounter}.all`);
        if (succeeded) this.metrics.add(`${attemptsCounter}.ok`);
        else this.logS3Failure(bucket, key, error);
      },
    });
  }

  private async writeBuffer(buffer: ObjectBuffer): Promise<void> {
    const plan = planObject(buffer, this.settings, this.options.clock.now());
    if (!plan.ok) {
      const failure = { errorCode: PARTITIONING_FAILED.code, errorMessage: plan.error.message };
      for (const item of buffer.items) {
        this.failRecord({ data: item.rawData, arrivalMs: item.arrivalMs, ticket: item.ticket }, PARTITIONING_FAILED.type, failure, 1, this.options.clock.now());
      }
      // Each record is in an error object now, with its hold on its ticket.
      buffer.items.dropBytes();
      return;
    }
    const { bucket, key, rawBytes } = plan.object;
    // The body holds the records now; their packed copies need not live through the write.
    buffer.items.dropBytes();
    const metricPrefix = buffer.kind === 'backup' ? 'BackupToS3' : 'DeliveryToS3';
    const attemptsCounter = buffer.kind === 'backup' ? '_backup' : '_s3';
    try {
      await this.writePlanned(plan.object, attemptsCounter);
    } finally {
      plan.object.release();
    }
    this.written.push(`s3://${bucket}/${key}`);
    this.recent.remember({ kind: buffer.kind, bucket, key, records: buffer.items.length, bytes: rawBytes, writtenAtMs: this.options.clock.now() });
    if (buffer.kind === 'error') {
      this.metrics.add('_errorObjects');
      this.metrics.add('_failed', buffer.items.length);
    } else {
      this.metrics.add(`${metricPrefix}.Records`, buffer.items.length);
      this.metrics.add(`${metricPrefix}.Bytes`, rawBytes);
      this.metrics.set(`${metricPrefix}.DataFreshness` as 'DeliveryToS3.DataFreshness', Math.max(0, Math.round((this.options.clock.now() - buffer.oldestArrivalMs) / 1000)));
      if (buffer.kind === 'destination') this.metrics.add('DeliveryToS3.ObjectCount');
      else this.metrics.add('_backupObjects');
    }
    buffer.items.releaseTickets();
  }

  private rescheduleDeadline(): void {
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    if (this.closing) return;
    const deadlines = [this.buffers.nextDeadline()];
    const lambda = this.settings.lambda;
    if (lambda && this.lambdaBuffer.records.length > 0) deadlines.push(this.lambdaBuffer.openedAtMs + lambda.bufferIntervalMs);
    const next = deadlines.filter((deadline): deadline is number => deadline !== undefined).sort((a, b) => a - b)[0];
    if (next === undefined) return;
    const delay = Math.min(Math.max(0, next - this.options.clock.now()), 2 ** 31 - 1);
    this.deadlineTimer = setTimeout(() => this.schedulePump(), delay);
    this.deadlineTimer.unref?.();
  }

  /** The next turn of the event loop, and while the endpoint's producers keep putting, their turn (ProducerPuts). */
  private giveWay(): Promise<unknown> {
    return this.options.puts ? this.options.puts.giveWay() : nextTurn();
  }

  /**
   * Polls the source once per pollIntervalMs, counted from the start of the previous poll (reference §12: GetRecords
   * once per second per shard): a poll whose processing took longer than the interval is followed at once. Counted
   * from its end, a backlog's processing added itself to the interval, and the stream sat unread meanwhile.
   */
  private schedulePoll(previousStart = performance.now()): void {
    if (this.closing || !this.reader) return;
    const delay = Math.max(0, previousStart + this.options.pollIntervalMs - performance.now());
    this.pollTimer = setTimeout(() => {
      let started = performance.now();
      this.enqueue(async () => {
        started = performance.now();
        try {
          await this.reader?.poll(this.runBacklog);
        } catch (error) {
          this.logSourceFailure(error);
          throw error;
        }
        await this.pump(false);
      }).catch(() => undefined).finally(() => this.schedulePoll(started));
    }, delay);
    this.pollTimer.unref?.();
  }

  /** A copy of what is buffered now and what was written last, for the pipeline view. */
  inspect(): EngineView {
    const lambda = this.settings.lambda;
    const buffers = this.buffers.describe();
    if (lambda && this.lambdaBuffer.records.length > 0) {
      const { records, bytes, openedAtMs } = this.lambdaBuffer;
      buffers.unshift({ kind: 'lambda', partition: '', records: records.length, bytes, openedAtMs, sizeBytes: lambda.bufferSizeBytes, intervalMs: lambda.bufferIntervalMs });
    }
    return { buffers, recentObjects: this.recent.list(), ...(this.lastError ? { lastError: this.lastError.message } : {}) };
  }

  /** Reads the source to its tip, runs every buffer to S3, and reports what was written meanwhile. */
  flush(): Promise<FlushReport> {
    return this.enqueue(async () => {
      const before = this.counters();
      const writtenBefore = this.written.length;
      if (this.reader) {
        await this.reader.unlockChildren();
        for (let round = 0; round < 10_000; round += 1) {
          const result = await this.reader.poll(this.runBacklog);
          if (result.records > 0 || result.millisBehindLatest > 0) continue;
          // At the tip of every readable shard: writing what was read finishes closed parents and unlocks children.
          await this.pump(true);
          if (!(await this.reader.unlockChildren())) break;
        }
      }
      await this.pump(true);
      const after = this.counters();
      return {
        deliveryStreamName: this.stream.name,
        objectsWritten: after.objects - before.objects,
        recordsDelivered: after.delivered - before.delivered,
        recordsFailed: after.failed - before.failed,
        recordsDropped: after.dropped - before.dropped,
        backupObjectsWritten: after.backupObjects - before.backupObjects,
        errorObjectsWritten: after.errorObjects - before.errorObjects,
        objects: this.written.slice(writtenBefore),
      };
    });
  }

  private counters() {
    return {
      objects: this.metrics.get('DeliveryToS3.ObjectCount'),
      delivered: this.metrics.get('DeliveryToS3.Records'),
      failed: this.metrics.get('_failed'),
      dropped: this.metrics.get('_dropped'),
      backupObjects: this.metrics.get('_backupObjects'),
      errorObjects: this.metrics.get('_errorObjects'),
    };
  }

  /** Stops polling and timers; with `drain`, writes what is buffered (bounded retries) so checkpoints advance. */
  async close(drain: boolean): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.unsubscribeClock?.();
    if (drain) await this.enqueue(() => this.pump(true)).catch(() => undefined);
    else await this.queue;
    this.directPutLog?.close();
    const undelivered = this.buffers.size > 0;
    // What is still buffered comes again after a restart; its bytes (and scratch files) go now.
    this.buffers.discardAll();
    rmSync(this.scratchFolder(), { recursive: true, force: true });
    // Kept only when everything processed was delivered: what is still buffered is processed again after the
    // restart (read again after the checkpoints, or replayed from the DirectPut log) and counted then. A hard
    // stop keeps the counters of the last clean one.
    if (drain && !undelivered && this.lambdaBuffer.records.length === 0 && this.extractQueue.length === 0) this.options.store.writeMetrics(this.stream, this.metrics.raw());
  }
}
