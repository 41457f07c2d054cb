/** Where a record came from, so its acceptance can move that file's checkpoint. */
export interface RecordOrigin {
  fileKey: string;
  generation: number;
  /**
   * File offset the checkpoint may move to once this record and everything before it is accepted:
   * the end of the line for a whole line or a last part, the start of the line for earlier parts.
   */
  endOffset: number;
}

/**
 * A record read and waiting for Kinesis. It is its own RecordOrigin (file key, generation, end offset) rather
 * than holding one: an object less per line, and the records of a busy log outlive a young-generation collection.
 */
export interface QueuedRecord extends RecordOrigin {
  seq: number;
  data: Buffer;
  partitionKey: string;
  enqueuedAt: number;
  /** One of the parts of a split line: its batch is sent alone, so the parts reach the shard in order. */
  part?: true;
}

export interface BatchLimits {
  maxRecords: number;
  /** Data plus partition keys, as Kinesis counts the 5 MiB PutRecords limit. */
  maxBytes: number;
  maxAgeMs: number;
}

export type BatchDecision =
  | { kind: 'send'; count: number; reason: 'records' | 'bytes' | 'age' | 'flush' }
  | { kind: 'wait'; ms: number }
  | { kind: 'idle' };

export function recordCost(record: Pick<QueuedRecord, 'data' | 'partitionKey'>): number {
  return record.data.length + Buffer.byteLength(record.partitionKey);
}

/**
 * Decides whether the head of the queue should be sent now, like the Kinesis Agent's buffer:
 * full by records, full by bytes, old enough, or forced by a flush up to `flushThroughSeq`.
 * Pure: time comes in as `now`.
 */
export function decideBatch(queue: readonly QueuedRecord[], limits: BatchLimits, now: number, flushThroughSeq: number): BatchDecision {
  const first = queue[0];
  if (!first) return { kind: 'idle' };
  let count = 0;
  let bytes = 0;
  for (const record of queue) {
    const cost = recordCost(record);
    if (count === limits.maxRecords) return { kind: 'send', count, reason: 'records' };
    if (bytes + cost > limits.maxBytes) return { kind: 'send', count: Math.max(count, 1), reason: 'bytes' };
    count += 1;
    bytes += cost;
  }
  if (count === limits.maxRecords) return { kind: 'send', count, reason: 'records' };
  if (first.seq <= flushThroughSeq) return { kind: 'send', count, reason: 'flush' };
  const age = now - first.enqueuedAt;
  if (age >= limits.maxAgeMs) return { kind: 'send', count, reason: 'age' };
  return { kind: 'wait', ms: limits.maxAgeMs - age };
}

/** True when the reader should stop reading until the sender catches up (two full batches queued). */
export function queueIsFull(queuedRecords: number, queuedBytes: number, limits: BatchLimits): boolean {
  return queuedRecords >= 2 * limits.maxRecords || queuedBytes >= 2 * limits.maxBytes;
}

/** Per file, the furthest offset a fully accepted batch proves delivered. */
export function acceptedOffsets(batch: readonly QueuedRecord[]): Map<string, RecordOrigin> {
  const furthest = new Map<string, RecordOrigin>();
  let previous: RecordOrigin | undefined;
  let previousKey = '';
  for (const origin of batch) {
    // Consecutive records mostly come from one file: its key is built once per run of them.
    const key = previous && previous.fileKey === origin.fileKey && previous.generation === origin.generation ? previousKey : `${origin.fileKey}#${origin.generation}`;
    previous = origin;
    previousKey = key;
    const known = furthest.get(key);
    if (!known || origin.endOffset > known.endOffset) furthest.set(key, origin);
  }
  return furthest;
}
