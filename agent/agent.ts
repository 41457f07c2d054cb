import { watch, type FSWatcher } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { acceptedOffsets, decideBatch, queueIsFull, recordCost, type BatchLimits, type QueuedRecord } from './batching.js';
import { PendingCheckpointFile, readCheckpointFile, removePendingCheckpoint, writeDurableCheckpoint } from './checkpoint-file.js';
import { serializeCheckpoint } from './checkpoint-state.js';
import { AgentConfigError, messageOf } from './errors.js';
import { parseFilePattern } from './file-pattern.js';
import { FileTracker, type LineSource, type TrackedFileStats } from './file-tracker.js';
import { createKinesisClient } from './kinesis-client.js';
import type { Line } from './lines.js';
import { KINESIS_RECORD_LIMIT_BYTES, resolveAgentOptions, type AgentOptions } from './options.js';
import { frameLine, partitionKeyOf } from './record-framing.js';
import { putRecordsUntilAccepted, type SendCounters } from './sender.js';
import { startStatusServer, type StatusServer } from './status-server.js';
import { Wakeup } from './wakeup.js';

export interface AgentStats extends SendCounters {
  linesRead: number;
  oversizeLines: number;
  /** Bytes in followed files not yet accepted by Kinesis (file size minus checkpoint offset). */
  bytesBehind: number;
  /** Records read and waiting for (or in) a PutRecords call. */
  recordsQueued: number;
  files: TrackedFileStats[];
}

export interface RunningAgent {
  stats(): AgentStats;
  /** GET it for the stats as JSON; set when statusPort was given. */
  statusUrl?: string;
  /** Reads what the files hold now, sends everything read, and writes the checkpoint. */
  flush(): Promise<void>;
  /** Drains (sends what was read, writes the checkpoint) and closes. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

// A drain reads again until the files stop growing, but not forever if the writer never stops.
const MAX_DRAIN_ROUNDS = 20;
// The shortest time between two reads of the files prompted by change events (each read rescans the folder).
const MIN_PUMP_SPACING_MS = 10;
// The shortest time between two background writes of the durable checkpoint (flush and stop write it at once).
const DURABLE_SPACING_MS = 1000;

/** Starts tailing `options.files` into the Kinesis stream; resolves after the first scan. */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const config = resolveAgentOptions(options);
  const { log } = config;
  const pattern = parseFilePattern(config.files);
  if ('error' in pattern) throw new AgentConfigError('files', pattern.error, config.files);
  config.signal?.throwIfAborted();

  const limits: BatchLimits = { maxRecords: config.maxBufferSizeRecords, maxBytes: config.maxBufferSizeBytes, maxAgeMs: config.maxBufferAgeMs };
  const counters: SendCounters = { recordsSent: 0, bytesSent: 0, putRecordsCalls: 0, retries: 0, throttles: 0, failedRecords: 0 };
  let linesRead = 0;
  let oversizeLines = 0;
  const queue: QueuedRecord[] = [];
  let queuedBytes = 0;
  let lastSeq = 0;
  let ackedSeq = 0;
  let flushThroughSeq = 0;
  let stopping = false;
  const ackWaiters = new Set<{ seq: number; resolve: () => void }>();
  const readerWake = new Wakeup();
  const senderWake = new Wakeup();

  const client = createKinesisClient(config);
  const tracker = new FileTracker({
    pattern,
    initialPosition: config.initialPosition,
    checkpoint: await readCheckpointFile(config.checkpointFile),
    rotateWaitMs: config.rotateWaitMs,
    now: Date.now,
    log,
  });

  const framing = { recordLimitBytes: KINESIS_RECORD_LIMIT_BYTES, oversize: config.oversize, partitionKey: config.partitionKey };
  const emit = (source: LineSource, line: Line): void => {
    linesRead += 1;
    const partitionKey = partitionKeyOf(line.data, framing);
    const keyBytes = Buffer.byteLength(partitionKey);
    if (line.data.length + keyBytes <= KINESIS_RECORD_LIMIT_BYTES) {
      // Nearly every line: one record, queued without frameLine's result object and its list.
      queue.push({ seq: ++lastSeq, data: line.data, partitionKey, enqueuedAt: Date.now(), fileKey: source.fileKey, generation: source.generation, endOffset: line.endOffset });
      queuedBytes += line.data.length + keyBytes;
      senderWake.notify();
      return;
    }
    const framed = frameLine(line.data, framing, partitionKey);
    if (framed.oversize) {
      oversizeLines += 1;
      const action = config.oversize === 'split' ? `split into ${framed.records.length} parts` : 'truncated';
      log(`line of ${line.data.length} bytes ending at offset ${line.endOffset} of ${source.path} is over the Kinesis record limit; ${action}`);
    }
    const lineStart = line.endOffset - line.data.length;
    const { records } = framed;
    const enqueuedAt = Date.now();
    for (let index = 0; index < records.length; index++) {
      const data = records[index]!;
      const last = index === records.length - 1;
      const endOffset = last ? line.endOffset : lineStart;
      queue.push(records.length > 1
        ? { seq: ++lastSeq, data, partitionKey, enqueuedAt, fileKey: source.fileKey, generation: source.generation, endOffset, part: true }
        : { seq: ++lastSeq, data, partitionKey, enqueuedAt, fileKey: source.fileKey, generation: source.generation, endOffset });
      queuedBytes += data.length + keyBytes;
    }
    senderWake.notify();
  };

  // Checkpoint writes are serialized and skipped when nothing changed. Each goes to the pending file
  // first (no fsync: a kill -9 restarts from it, at most the batch in flight resent), and then, in the
  // background, the newest at most once every DURABLE_SPACING_MS, to the durable file (fsync) for a crash
  // of the machine: an fsync per batch held the next PutRecords back about as long as the call itself took,
  // and one after another in the background cost the agent a tenth of its CPU time under bench/pipeline.
  let lastCheckpoint = '';
  const pendingFile = new PendingCheckpointFile(config.checkpointFile);
  let checkpointChain = Promise.resolve();
  let durableText = '';
  let durableChain = Promise.resolve();
  let lastDurableAt = Number.NEGATIVE_INFINITY;
  let durableTimer: NodeJS.Timeout | undefined;
  /** Writes the newest checkpoint to the durable file, after any durable write under way. */
  const makeDurable = (): Promise<void> => {
    durableChain = durableChain.catch(() => {}).then(async () => {
      if (durableText === lastCheckpoint) return;
      const text = lastCheckpoint;
      lastDurableAt = Date.now();
      await writeDurableCheckpoint(config.checkpointFile, text);
      durableText = text;
    });
    return durableChain;
  };
  const makeDurableSoon = (): void => {
    if (durableTimer || durableText === lastCheckpoint) return;
    durableTimer = setTimeout(() => {
      durableTimer = undefined;
      makeDurable().catch((error: unknown) => log(`durable checkpoint not written, will retry after the next batch: ${messageOf(error)}`));
    }, Math.max(0, lastDurableAt + DURABLE_SPACING_MS - Date.now()));
    durableTimer.unref();
  };
  const saveCheckpoint = (options: { durable?: boolean } = {}): Promise<void> => {
    checkpointChain = checkpointChain.catch(() => {}).then(async () => {
      const checkpoint = tracker.checkpoint(config.stream);
      const text = serializeCheckpoint(checkpoint);
      if (text !== lastCheckpoint) {
        pendingFile.write(text);
        lastCheckpoint = text;
      }
      if (options.durable) await makeDurable();
      else makeDurableSoon();
    });
    return checkpointChain;
  };

  // Scanning and reading are serialized: the reader loop, flush() and the drain all pump. The reader
  // loop's pumps rescan the folder only when a watch event says a name changed (created, renamed,
  // deleted) or pollIntervalMs passed since the last scan: a busy log's change events, one per write,
  // only need its new bytes read, and a scan per pump (the folder listed, every file opened, its first
  // KiB read) was a tenth of the agent's CPU time. Content changes a scan would see (copytruncate) are
  // seen by the read too; a name change whose event is lost waits for the next poll, as before.
  let pumpChain: Promise<number> = Promise.resolve(0);
  let namesChanged = true;
  let lastScanAt = Number.NEGATIVE_INFINITY;
  const pump = (options: { scan: 'always' | 'when-due' } = { scan: 'always' }): Promise<number> => {
    pumpChain = pumpChain.catch(() => 0).then(async () => {
      const before = linesRead;
      if (options.scan === 'always' || namesChanged || Date.now() - lastScanAt >= config.pollIntervalMs) {
        namesChanged = false;
        lastScanAt = Date.now();
        await tracker.scan();
      }
      await tracker.read(emit, () => !queueIsFull(queue.length, queuedBytes, limits));
      await saveCheckpoint();
      return linesRead - before;
    });
    return pumpChain;
  };

  const waitForAck = (seq: number): Promise<void> => {
    if (ackedSeq >= seq) return Promise.resolve();
    return new Promise((resolve) => ackWaiters.add({ seq, resolve }));
  };

  // fs.watch only shortens the wait; polling stays the source of truth (watch misses events on some filesystems).
  // The watcher is closed by its first event and armed again only when a read found nothing new: a busy log raises
  // an event per write, thousands a second (nginx writes each line), each a wake-up of this process, while the
  // reader of a busy log reads again MIN_PUMP_SPACING_MS after each read that found lines anyway. After arming it
  // reads once more, so a write just before arming is not left to the poll. A name change while the watcher is
  // closed waits for the next scan that is due (pollIntervalMs), as a lost event did.
  let watcher: FSWatcher | undefined;
  let watchFailed = false;
  const disarmWatcher = (): void => {
    watcher?.close();
    watcher = undefined;
  };
  const armWatcher = (): void => {
    if (watcher || watchFailed || stopping) return;
    try {
      const armed: FSWatcher = watch(pattern.directory, (event) => {
        if (event !== 'change') namesChanged = true;
        if (watcher === armed) disarmWatcher();
        readerWake.notify();
      }).on('error', () => {
        if (watcher === armed) disarmWatcher();
      });
      watcher = armed;
    } catch {
      watchFailed = true;
      log(`cannot watch ${pattern.directory}; relying on polling every ${config.pollIntervalMs} ms`);
    }
  };

  armWatcher();
  await pump();

  const readerLoop = (async () => {
    let lastPumpAt = Number.NEGATIVE_INFINITY;
    while (!stopping) {
      await readerWake.wait(config.pollIntervalMs);
      if (stopping) break;
      // One pump every few milliseconds at most reads whatever a busy log wrote meanwhile.
      const sinceLast = Date.now() - lastPumpAt;
      if (sinceLast < MIN_PUMP_SPACING_MS) await delay(MIN_PUMP_SPACING_MS - sinceLast);
      lastPumpAt = Date.now();
      const read = await pump({ scan: 'when-due' }).catch((error: unknown) => {
        log(`tailing ${config.files} failed, will retry: ${messageOf(error)}`);
        return 0;
      });
      if (read > 0) readerWake.notify();
      else if (!watcher && !watchFailed) {
        armWatcher();
        readerWake.notify();
      }
    }
  })();

  // Up to maxBatchesInFlight PutRecords calls at once; their acceptances are applied in the order the
  // batches were taken, so the checkpoint never passes a line that is not accepted yet.
  let inFlight = 0;
  let partsInFlight = false;
  let acknowledged: Promise<void> = Promise.resolve();
  const acknowledge = (batch: QueuedRecord[]): void => {
    for (const origin of acceptedOffsets(batch).values()) tracker.acknowledge(origin);
    ackedSeq = batch.at(-1)!.seq;
  };
  const senderLoop = (async () => {
    for (;;) {
      if (inFlight >= config.maxBatchesInFlight || partsInFlight) {
        await senderWake.wait(Number.POSITIVE_INFINITY);
        continue;
      }
      const decision = decideBatch(queue, limits, Date.now(), flushThroughSeq);
      if (decision.kind === 'idle') {
        if (stopping && flushThroughSeq === Number.POSITIVE_INFINITY && inFlight === 0) return;
        await senderWake.wait(Number.POSITIVE_INFINITY);
        continue;
      }
      if (decision.kind === 'wait') {
        await senderWake.wait(decision.ms);
        continue;
      }
      const parts = queue.slice(0, decision.count).some((record) => record.part);
      // Parts of a split line go in a batch that is alone in flight: sent after the ones before it are accepted.
      if (parts && inFlight > 0) {
        await senderWake.wait(Number.POSITIVE_INFINITY);
        continue;
      }
      const batch = queue.splice(0, decision.count);
      for (const record of batch) queuedBytes -= recordCost(record);
      readerWake.notify();
      inFlight += 1;
      partsInFlight = parts;
      const sent = putRecordsUntilAccepted(batch, { client, stream: config.stream, counters, log, backoff: { initialMs: config.retryInitialBackoffMs, maxMs: config.retryMaxBackoffMs } });
      acknowledged = acknowledged.then(() => sent).then(async () => {
        acknowledge(batch);
        await saveCheckpoint().catch((error: unknown) => log(`checkpoint not written, will retry after the next batch: ${messageOf(error)}`));
        for (const waiter of ackWaiters) {
          if (waiter.seq <= ackedSeq) {
            ackWaiters.delete(waiter);
            waiter.resolve();
          }
        }
        inFlight -= 1;
        if (parts) partsInFlight = false;
        senderWake.notify();
      });
    }
  })();

  const stats = (): AgentStats => {
    const files = tracker.stats();
    return {
      linesRead,
      ...counters,
      oversizeLines,
      bytesBehind: files.reduce((sum, file) => sum + file.bytesBehind, 0),
      recordsQueued: lastSeq - ackedSeq,
      files,
    };
  };

  const flush = async (): Promise<void> => {
    await pump();
    const target = lastSeq;
    flushThroughSeq = Math.max(flushThroughSeq, target);
    senderWake.notify();
    await waitForAck(target);
    await saveCheckpoint({ durable: true });
  };

  let status: StatusServer | undefined;
  if (config.statusPort !== undefined) status = await startStatusServer(config.statusPort, stats, config.statusHost, flush);

  let stopping$: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping$ ??= (async () => {
      stopping = true;
      disarmWatcher();
      readerWake.notify();
      await readerLoop;
      for (let round = 0; round < MAX_DRAIN_ROUNDS; round++) {
        const read = await pump().catch((error: unknown) => {
          log(`reading during drain failed: ${messageOf(error)}`);
          return 0;
        });
        const target = lastSeq;
        flushThroughSeq = Math.max(flushThroughSeq, target);
        senderWake.notify();
        await waitForAck(target);
        if (read === 0) break;
      }
      flushThroughSeq = Number.POSITIVE_INFINITY;
      senderWake.notify();
      await senderLoop;
      clearTimeout(durableTimer);
      await saveCheckpoint({ durable: true });
      pendingFile.close();
      // The durable file holds the newest checkpoint: a clean stop leaves only it.
      await removePendingCheckpoint(config.checkpointFile).catch((error: unknown) => log(`${config.checkpointFile}.next not removed: ${messageOf(error)}`));
      await tracker.close();
      await status?.close();
      client.destroy();
      log(`stopped: ${counters.recordsSent} records sent, checkpoint ${config.checkpointFile} written`);
    })();
    return stopping$;
  };

  config.signal?.addEventListener('abort', () => {
    stop().catch((error: unknown) => log(`stop after abort failed: ${messageOf(error)}`));
  }, { once: true });

  log(`following ${config.files} into stream ${config.stream}${status ? `; status at ${status.url}` : ''}`);
  return {
    stats,
    ...(status ? { statusUrl: status.url } : {}),
    flush,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
