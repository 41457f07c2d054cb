/**
 * One shard: its hash-key range, lineage and records. Records sit in memory in arrival order (what
 * retention has not yet dropped) and, when the store persists, in the shard's log first. A record's
 * position counts from 1 in its shard and never repeats; its sequence number is made from it.
 */
import { END_POSITION, formatSequence, shardSequenceBase, type SequenceParts } from './sequence-number.js';
import { hashKeyHex } from './hash-key.js';
import type { ShardLog } from './shard-log.js';

export interface StoredRecord {
  readonly position: number;
  readonly arrivalMs: number;
  readonly partitionKey: string;
  readonly data: Buffer;
  readonly sequenceNumber: string;
}

export interface ShardShape {
  index: number;
  createdMs: number;
  start: bigint;
  end: bigint;
  parentId?: string;
  adjacentParentId?: string;
  closedMs?: number;
  /** The position after the shard's last record, once closed. */
  endPosition?: number;
}

export interface ShardRead {
  records: StoredRecord[];
  /** The position to read next. */
  next: number;
  /** Milliseconds between now and the oldest record not returned; 0 at the tip. */
  behindMs: number;
}

export const shardIdOf = (index: number): string => `shardId-${String(index).padStart(12, '0')}`;

/** Pure: the shard number of a `shardId-000000000003` name (Kinesis also takes the bare number); undefined otherwise. */
export function shardIndexOf(shardId: string): number | undefined {
  const match = /^(?:shardId-)?(\d{1,20})$/.exec(shardId);
  if (!match) return undefined;
  const index = Number(match[1]);
  return Number.isSafeInteger(index) && index < 2 ** 20 ? index : undefined;
}

export class Shard {
  readonly id: string;
  readonly startHex: string;
  readonly endHex: string;
  private readonly base: bigint;
  private records: StoredRecord[] = [];
  /** Index in `records` of the oldest record kept; older ones are dropped lazily. */
  private head = 0;
  nextPosition = 1;
  private lastArrivalMs = 0;

  constructor(readonly shape: ShardShape, salt: number, readonly log?: ShardLog) {
    this.id = shardIdOf(shape.index);
    this.startHex = hashKeyHex(shape.start);
    this.endHex = hashKeyHex(shape.end);
    this.base = shardSequenceBase(Math.floor(shape.createdMs / 1000), shape.index, salt);
  }

  get open(): boolean {
    return this.shape.closedMs === undefined;
  }

  get startingSequenceNumber(): string {
    return formatSequence(this.base, 0, this.shape.createdMs);
  }

  get endingSequenceNumber(): string | undefined {
    return this.shape.closedMs === undefined ? undefined : formatSequence(this.base, END_POSITION, this.shape.closedMs);
  }

  /** True when `parts` came from this shard (its number, creation second and stream salt). */
  owns(parts: SequenceParts): boolean {
    return parts.shardIndex === this.shape.index && parts.createdSeconds === Math.floor(this.shape.createdMs / 1000) && (this.base & 0xffffffn) === BigInt(parts.salt);
  }

  /** Fills memory from the log at start-up. */
  restore(records: readonly { position: number; arrivalMs: number; partitionKey: string; data: Buffer }[], nextPosition: number): void {
    this.records = records.map((record) => ({ ...record, sequenceNumber: formatSequence(this.base, record.position, record.arrivalMs) }));
    this.head = 0;
    this.nextPosition = Math.max(nextPosition, this.shape.endPosition ?? 1);
    this.lastArrivalMs = this.records.at(-1)?.arrivalMs ?? 0;
  }

  /**
   * Appends records that arrived at `nowMs` (never earlier than the last one, so arrival order is
   * position order): logged first when the store persists, then visible to readers.
   */
  append(entries: readonly { partitionKey: string; data: Buffer }[], nowMs: number): StoredRecord[] {
    const arrivalMs = Math.max(nowMs, this.lastArrivalMs);
    const added = entries.map((entry, index) => {
      const position = this.nextPosition + index;
      return { position, arrivalMs, partitionKey: entry.partitionKey, data: entry.data, sequenceNumber: formatSequence(this.base, position, arrivalMs) };
    });
    this.log?.append(added);
    this.nextPosition += added.length;
    this.lastArrivalMs = arrivalMs;
    for (const record of added) this.records.push(record);
    return added;
  }

  /** The position of the oldest record kept (the next position when none is). */
  get trimHorizon(): number {
    return this.records[this.head]?.position ?? this.nextPosition;
  }

  /** The first position whose record arrived at or after `epochMs`. */
  positionAt(epochMs: number): number {
    let low = this.head;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.records[middle]!.arrivalMs < epochMs) low = middle + 1;
      else high = middle;
    }
    return this.records[low]?.position ?? this.nextPosition;
  }

  /** Up to `limit` records from `from` (or the oldest kept), stopping before `maxBytes` of data (one record at least). */
  read(from: number, limit: number, maxBytes: number, nowMs: number): ShardRead {
    const first = this.records[this.head]?.position ?? this.nextPosition;
    let index = this.indexOf(from);
    const records: StoredRecord[] = [];
    let bytes = 0;
    while (index < this.records.length && records.length < limit) {
      const record = this.records[index]!;
      if (records.length > 0 && bytes + record.data.length > maxBytes) break;
      bytes += record.data.length;
      records.push(record);
      index += 1;
    }
    const next = records.at(-1) ? records.at(-1)!.position + 1 : Math.max(from, first);
    const waiting = this.records[index];
    return { records, next: Math.min(next, this.nextPosition), behindMs: waiting ? Math.max(0, nowMs - waiting.arrivalMs) : 0 };
  }

  /** The index in `records` of the first record at or after `position`: direct when positions are consecutive, else a search. */
  private indexOf(position: number): number {
    const guess = this.head + Math.max(0, position - (this.records[this.head]?.position ?? position));
    if (guess < this.records.length && this.records[guess]!.position === position) return guess;
    let low = this.head;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.records[middle]!.position < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Drops records that arrived before `cutoffMs` (retention), from memory and, segment by segment, from disk. */
  trim(cutoffMs: number): void {
    let head = this.head;
    while (head < this.records.length && this.records[head]!.arrivalMs < cutoffMs) head += 1;
    if (head === this.head) return;
    this.head = head;
    // Compact once the dropped part outweighs the kept part, so trimming stays linear overall.
    if (this.head > 1024 && this.head * 2 > this.records.length) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
    this.log?.dropBefore(this.trimHorizon);
  }

  /** Closes the shard (split, merge, resharding): no record is added after this. */
  close(nowMs: number): void {
    this.shape.closedMs = Math.max(nowMs, this.lastArrivalMs);
    this.shape.endPosition = this.nextPosition;
  }

  /** Records kept in memory (tests, metrics). */
  get size(): number {
    return this.records.length - this.head;
  }
}
