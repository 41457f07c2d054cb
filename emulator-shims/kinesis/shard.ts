/**
 * One shard: its hash-key range, lineage and records. A record's position counts from 1 in its shard
 * and never repeats; its sequence number is made from it. Each put's records are framed once (the
 * shard log's frames) and written to the shard's log first when the store persists. Memory holds an
 * index of the records retention has not yet dropped (position, arrival, address, sizes: no object per
 * record) and the frames themselves: all of them without a log; with one, only the most recent puts'
 * (`tailBytes`), older records being read back from the log's files (the page cache) by address.
 */
import type { _Record as KinesisRecord } from '@aws-sdk/client-kinesis';
import { END_POSITION, formatSequence, SequenceFormatter, shardSequenceBase, type SequenceParts } from './sequence-number.js';
import { hashKeyHex } from './hash-key.js';
import { RecordIndex } from './record-index.js';
import { BODY_FIXED, encodePutFrames, FRAME_HEADER, frameEnd, frameKeyEnd, type PutRecordEntry, type ShardLog } from './shard-log.js';

/** With a log, the bytes of recent frames a shard also keeps in memory, so readers at the tip do not read files. */
export const DEFAULT_TAIL_BYTES = 1024 * 1024;

/** One put's frames, from `address` on in the shard's byte space. */
interface Chunk { address: number; frames: Buffer }

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
  /** As GetRecords answers them; records of one arrival share one Date (nobody here changes it). */
  records: KinesisRecord[];
  /** Bytes of the records' data. */
  dataBytes: number;
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
  // One for puts and one for reads, which interleave: each goes through positions in order.
  private readonly putSequences: SequenceFormatter;
  private readonly readSequences: SequenceFormatter;
  private index = new RecordIndex();
  /** The frames kept in memory, oldest first, contiguous in the byte space and ending at its end. */
  private chunks: Chunk[] = [];
  /** Index in `chunks` of the oldest chunk kept; older ones are dropped lazily. */
  private chunkHead = 0;
  private chunkBytes = 0;
  /** Without a log, where the next put's frames go in the byte space. */
  private nextAddress = 0;
  nextPosition = 1;
  private lastArrivalMs = 0;

  constructor(readonly shape: ShardShape, salt: number, readonly log?: ShardLog, private readonly tailBytes = DEFAULT_TAIL_BYTES) {
    this.id = shardIdOf(shape.index);
    this.startHex = hashKeyHex(shape.start);
    this.endHex = hashKeyHex(shape.end);
    this.base = shardSequenceBase(Math.floor(shape.createdMs / 1000), shape.index, salt);
    this.putSequences = new SequenceFormatter(this.base);
    this.readSequences = new SequenceFormatter(this.base);
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

  /** Takes the index of the logged records at start-up (their bytes stay in the log). */
  restore(index: RecordIndex, nextPosition: number): void {
    this.index = index;
    this.chunks = [];
    this.chunkHead = 0;
    this.chunkBytes = 0;
    this.nextPosition = Math.max(nextPosition, this.shape.endPosition ?? 1);
    this.lastArrivalMs = index.size > 0 ? index.arrivalMs(index.size - 1) : 0;
  }

  /**
   * Appends records that arrived at `nowMs` (never earlier than the last one, so arrival order is
   * position order): logged first when the store persists, then visible to readers. Returns their
   * sequence numbers, in entry order.
   */
  append(entries: readonly PutRecordEntry[], nowMs: number): string[] {
    if (entries.length === 0) return [];
    const arrivalMs = Math.max(nowMs, this.lastArrivalMs);
    const first = this.nextPosition;
    const frames = encodePutFrames(entries, first, arrivalMs);
    const address = this.log ? this.log.appendFrames(frames, first, first + entries.length - 1) : this.nextAddress;
    this.nextAddress = address + frames.length;
    this.nextPosition += entries.length;
    this.lastArrivalMs = arrivalMs;
    const sequenceNumbers = new Array<string>(entries.length);
    let at = 0;
    for (let index = 0; index < entries.length; index += 1) {
      const frameBytes = FRAME_HEADER + frames.readUInt32BE(at + 4);
      this.index.push(first + index, arrivalMs, address + at, frameBytes, entries[index]!.Data.length);
      sequenceNumbers[index] = this.putSequences.format(first + index, arrivalMs);
      at += frameBytes;
    }
    this.keep({ address, frames });
    return sequenceNumbers;
  }

  /** The position of the oldest record kept (the next position when none is). */
  get trimHorizon(): number {
    return this.index.size > 0 ? this.index.position(0) : this.nextPosition;
  }

  /** The first position whose record arrived at or after `epochMs`. */
  positionAt(epochMs: number): number {
    const at = this.index.indexOfArrival(epochMs);
    return at < this.index.size ? this.index.position(at) : this.nextPosition;
  }

  /** Up to `limit` records from `from` (or the oldest kept), stopping before `maxBytes` of data (one record at least). */
  read(from: number, limit: number, maxBytes: number, nowMs: number): ShardRead {
    const { index } = this;
    const first = this.trimHorizon;
    const start = index.indexOfPosition(from);
    let end = start;
    let bytes = 0;
    while (end < index.size && end - start < limit) {
      const dataBytes = index.dataBytes(end);
      if (end > start && bytes + dataBytes > maxBytes) break;
      bytes += dataBytes;
      end += 1;
    }
    const records = this.records(start, end);
    const next = end > start ? index.position(end - 1) + 1 : Math.max(from, first);
    return { records, dataBytes: bytes, next: Math.min(next, this.nextPosition), behindMs: end < index.size ? Math.max(0, nowMs - index.arrivalMs(end)) : 0 };
  }

  /**
   * The records from index `start` to before `end`, in GetRecords's shape (one object each, and one Date
   * per run of records of one arrival, such as a put's): from the frames in memory, or else read from the
   * log in one go.
   */
  private records(start: number, end: number): KinesisRecord[] {
    if (end <= start) return [];
    const { index } = this;
    const firstAddress = index.address(start);
    let source: { bytes: Buffer; address: number } | undefined;
    let chunk = this.chunkAt(firstAddress);
    if (chunk < 0) {
      const endAddress = index.address(end - 1) + index.frameBytes(end - 1);
      source = { bytes: this.log!.read(firstAddress, endAddress - firstAddress), address: firstAddress };
    }
    const records: KinesisRecord[] = new Array(end - start);
    let arrival: Date | undefined;
    for (let at = start; at < end; at += 1) {
      const address = index.address(at);
      let bytes: Buffer;
      let offset: number;
      if (source) {
        bytes = source.bytes;
        offset = address - source.address;
      } else {
        while (address >= this.chunks[chunk]!.address + this.chunks[chunk]!.frames.length) chunk += 1;
        bytes = this.chunks[chunk]!.frames;
        offset = address - this.chunks[chunk]!.address;
      }
      const position = index.position(at);
      const arrivalMs = index.arrivalMs(at);
      if (arrival?.getTime() !== arrivalMs) arrival = new Date(arrivalMs);
      // The record's object is made once, not a frame's object spread into it.
      const keyEnd = frameKeyEnd(bytes, offset);
      records[at - start] = {
        SequenceNumber: this.readSequences.format(position, arrivalMs),
        ApproximateArrivalTimestamp: arrival,
        Data: bytes.subarray(keyEnd, frameEnd(bytes, offset)),
        PartitionKey: bytes.toString('utf8', offset + FRAME_HEADER + BODY_FIXED, keyEnd),
      };
    }
    return records;
  }

  /** The index in `chunks` of the chunk holding `address`; -1 when it is not in memory. */
  private chunkAt(address: number): number {
    const { chunks } = this;
    if (this.chunkHead >= chunks.length || address < chunks[this.chunkHead]!.address) return -1;
    let low = this.chunkHead;
    let high = chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (chunks[middle]!.address <= address) low = middle;
      else high = middle - 1;
    }
    return address < chunks[low]!.address + chunks[low]!.frames.length ? low : -1;
  }

  /** Keeps a put's frames in memory; with a log, drops the oldest beyond `tailBytes` (the newest stays). */
  private keep(chunk: Chunk): void {
    this.chunks.push(chunk);
    this.chunkBytes += chunk.frames.length;
    if (this.log) while (this.chunkBytes > this.tailBytes && this.chunks.length - this.chunkHead > 1) this.dropChunk();
    this.compactChunks();
  }

  private dropChunk(): void {
    this.chunkBytes -= this.chunks[this.chunkHead]!.frames.length;
    this.chunks[this.chunkHead] = undefined as unknown as Chunk;
    this.chunkHead += 1;
  }

  // Compact once the dropped part outweighs the kept part, so dropping stays linear overall.
  private compactChunks(): void {
    if (this.chunkHead > 1024 && this.chunkHead * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.chunkHead);
      this.chunkHead = 0;
    }
  }

  /** Drops records that arrived before `cutoffMs` (retention), from memory and, segment by segment, from disk. */
  trim(cutoffMs: number): void {
    const expired = this.index.indexOfArrival(cutoffMs);
    if (expired === 0) return;
    this.index.dropFirst(expired);
    // Frames wholly before the oldest record kept (all of them when none is) go too.
    const kept = this.index.size > 0 ? this.index.address(0) : Number.POSITIVE_INFINITY;
    while (this.chunkHead < this.chunks.length && this.chunks[this.chunkHead]!.address + this.chunks[this.chunkHead]!.frames.length <= kept) this.dropChunk();
    this.compactChunks();
    this.log?.dropBefore(this.trimHorizon);
  }

  /** Closes the shard (split, merge, resharding): no record is added after this. */
  close(nowMs: number): void {
    this.shape.closedMs = Math.max(nowMs, this.lastArrivalMs);
    this.shape.endPosition = this.nextPosition;
  }

  /** Records kept (within retention), in memory or in the log (tests, metrics). */
  get size(): number {
    return this.index.size;
  }

  /** Bytes of frames held in memory (tests, metrics). */
  get framesInMemory(): number {
    return this.chunkBytes;
  }
}
