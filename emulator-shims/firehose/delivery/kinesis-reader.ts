/**
 * Reads every shard of the source stream (reference §12): LATEST at creation, one GetRecords per shard
 * per poll, parents before children, KPL de-aggregation, and checkpoints that advance only when the
 * records they cover are written (at-least-once; a restart resumes after the checkpoint).
 */
import {
  GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type GetRecordsInput, type GetRecordsOutput, type GetShardIteratorInput,
  type GetShardIteratorOutput, type KinesisClient, type ListShardsInput, type ListShardsOutput, type _Record as KinesisRecord, type Shard,
} from '@aws-sdk/client-kinesis';
import type { Checkpoints } from '../store.js';
import { deaggregate } from './kpl.js';
import type { SourceRecord } from './source-record.js';
import { ShardProgress } from './ticket.js';

export const GET_RECORDS_LIMIT = 10_000;
/** Re-list shards every this many polls to find children after a reshard. */
export const LIST_SHARDS_EVERY_POLLS = 5;

interface ShardState {
  id: string;
  parents: string[];
  iterator?: string;
  /** Last sequence number handed to the pipeline (reads continue after it). */
  readSequence?: string;
  progress: ShardProgress;
  reachedEnd: boolean;
  finished: boolean;
}

/**
 * The Kinesis calls Firehose reads its source with; a failed call rejects with an error named after the
 * AWS error code (`ExpiredIteratorException`, `AccessDeniedException`), as the SDK's do.
 */
export interface KinesisSource {
  listShards(input: ListShardsInput): Promise<ListShardsOutput>;
  getShardIterator(input: GetShardIteratorInput): Promise<GetShardIteratorOutput>;
  getRecords(input: GetRecordsInput): Promise<GetRecordsOutput>;
}

/** The source read through an SDK client, wherever it points. */
export function kinesisThroughClient(client: KinesisClient): KinesisSource {
  return {
    listShards: (input) => client.send(new ListShardsCommand(input)),
    getShardIterator: (input) => client.send(new GetShardIteratorCommand(input)),
    getRecords: (input) => client.send(new GetRecordsCommand(input)),
  };
}

const NO_DATA = Buffer.alloc(0);
/** Source records are handed to the pipeline this many at a time (readShard). */
const HAND_OVER_RECORDS = 256;

export interface KinesisReaderOptions {
  source: KinesisSource;
  streamArn: string;
  /** Wall-clock instant the delivery stream was created; records before it are never delivered. */
  startWallMs: number;
  checkpoints: Checkpoints;
  saveCheckpoints: (checkpoints: Checkpoints) => void;
  /** Emulator clock minus wall clock, applied to arrival timestamps. */
  clockOffsetMs: () => number;
  onRecords: (records: SourceRecord[]) => void;
  onRead: (records: number, bytes: number, millisBehind: number) => void;
}

export interface PollResult { records: number; millisBehindLatest: number }

export class KinesisReader {
  private readonly shards = new Map<string, ShardState>();
  private polls = 0;
  private needsListing = false;
  private readableAtLastCheck = new Set<string>();
  private readonly streamName: string;

  constructor(private readonly options: KinesisReaderOptions) {
    this.streamName = options.streamArn.slice(options.streamArn.lastIndexOf('/') + 1);
  }

  /** First start: takes LATEST iterators for the open shards; closed shards hold nothing new. */
  async startAtLatest(): Promise<void> {
    for (const shard of await this.listShards()) {
      const state = this.track(shard);
      if (shard.SequenceNumberRange?.EndingSequenceNumber !== undefined) {
        state.finished = true;
        continue;
      }
      const { ShardIterator } = await this.options.source.getShardIterator({ StreamName: this.streamName, ShardId: shard.ShardId, ShardIteratorType: 'LATEST' });
      if (ShardIterator) state.iterator = ShardIterator;
    }
    this.persist();
  }

  /** Restart: resumes each shard after its checkpoint (or from the creation instant). */
  async resume(): Promise<void> {
    for (const shard of await this.listShards()) this.track(shard);
  }

  private async listShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.options.source.listShards(nextToken ? { NextToken: nextToken } : { StreamName: this.streamName });
      shards.push(...(page.Shards ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return shards;
  }

  private track(shard: Shard): ShardState {
    const id = shard.ShardId as string;
    const existing = this.shards.get(id);
    if (existing) return existing;
    const saved = this.options.checkpoints[id];
    const state: ShardState = {
      id,
      parents: [shard.ParentShardId, shard.AdjacentParentShardId].filter((parent): parent is string => parent !== undefined),
      progress: new ShardProgress(saved?.sequenceNumber, () => this.onProgress(state)),
      reachedEnd: false,
      finished: saved?.finished === true,
    };
    if (saved?.sequenceNumber) state.readSequence = saved.sequenceNumber;
    this.shards.set(id, state);
    return state;
  }

  private onProgress(state: ShardState): void {
    if (state.reachedEnd && state.progress.pending === 0) state.finished = true;
    this.persist();
  }

  private persist(): void {
    const checkpoints: Checkpoints = {};
    for (const state of this.shards.values()) {
      checkpoints[state.id] = {
        ...(state.progress.checkpoint ? { sequenceNumber: state.progress.checkpoint } : {}),
        ...(state.finished ? { finished: true } : {}),
      };
    }
    this.options.saveCheckpoints(checkpoints);
  }

  private readable(state: ShardState): boolean {
    if (state.finished || state.reachedEnd) return false;
    return state.parents.every((parent) => this.shards.get(parent)?.finished ?? true);
  }

  private async iteratorFor(state: ShardState): Promise<string | undefined> {
    if (state.iterator) return state.iterator;
    const input = state.readSequence
      ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, StartingSequenceNumber: state.readSequence }
      : { ShardIteratorType: 'TRIM_HORIZON' as const };
    const { ShardIterator } = await this.options.source.getShardIterator({ StreamName: this.streamName, ShardId: state.id, ...input });
    state.iterator = ShardIterator;
    return ShardIterator;
  }

  /**
   * After the tip is reached and everything read is written: re-lists shards and answers whether a shard
   * became readable (a child whose parents are now finished), so a flush keeps reading.
   */
  async unlockChildren(): Promise<boolean> {
    for (const shard of await this.listShards()) this.track(shard);
    const readable = new Set([...this.shards.values()].filter((state) => this.readable(state)).map((state) => state.id));
    const unlocked = [...readable].some((id) => !this.readableAtLastCheck.has(id));
    this.readableAtLastCheck = readable;
    return unlocked;
  }

  /**
   * One GetRecords per readable shard; `between`, when given, is awaited after each shard's records
   * were handed over, before the next shard is read (the engine runs its backlog there).
   */
  async poll(between?: () => Promise<void>): Promise<PollResult> {
    this.polls += 1;
    if (this.polls % LIST_SHARDS_EVERY_POLLS === 0 || this.needsListing) {
      this.needsListing = false;
      for (const shard of await this.listShards()) this.track(shard);
    }
    let total = 0;
    let behind = 0;
    for (const state of this.shards.values()) {
      if (!this.readable(state)) continue;
      const result = await this.readShard(state);
      total += result.records;
      behind = Math.max(behind, result.millisBehindLatest);
      if (between && result.records > 0) await between();
    }
    return { records: total, millisBehindLatest: behind };
  }

  private async readShard(state: ShardState): Promise<PollResult> {
    const iterator = await this.iteratorFor(state);
    if (!iterator) return { records: 0, millisBehindLatest: 0 };
    let response;
    try {
      response = await this.options.source.getRecords({ ShardIterator: iterator, Limit: GET_RECORDS_LIMIT });
    } catch (error) {
      if (error instanceof Error && error.name === 'ExpiredIteratorException') {
        delete state.iterator;
        return { records: 0, millisBehindLatest: 0 };
      }
      throw error;
    }
    const offset = this.options.clockOffsetMs();
    // Entries are emptied as they are read (below): the answer is this reader's alone.
    const read: Array<KinesisRecord | undefined> = response.Records ?? [];
    let count = 0;
    for (const record of read) if ((record!.ApproximateArrivalTimestamp?.getTime() ?? 0) >= this.options.startWallMs) count += 1;
    const last = read.at(-1)?.SequenceNumber;
    if (last) state.readSequence = last;
    if (response.NextShardIterator) state.iterator = response.NextShardIterator;
    else {
      delete state.iterator;
      state.reachedEnd = true;
      this.needsListing = true;
    }
    let bytes = 0;
    if (count > 0 && last) {
      const ticket = state.progress.openBatch(last);
      let sourceRecords: SourceRecord[] = [];
      for (let index = 0; index < read.length; index += 1) {
        const record = read[index]!;
        if ((record.ApproximateArrivalTimestamp?.getTime() ?? 0) < this.options.startWallMs) continue;
        // A read of a backlog is thousands of records made at once, more than the endpoint's young generation holds:
        // the answer's record objects are let go as they are read, and the source records are handed over a slice
        // at a time, so that neither lives through the collections the read itself causes and is moved to the old
        // generation (only what a record waiting for the Lambda needs of them stays).
        read[index] = undefined;
        if (sourceRecords.length === HAND_OVER_RECORDS) {
          this.options.onRecords(sourceRecords);
          sourceRecords = [];
        }
        // A view, not a copy: neither the SDK's decoded bytes nor the store's records change after they are read.
        const raw = record.Data;
        const data = raw === undefined ? NO_DATA : Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
        bytes += data.length;
        const wallArrival = record.ApproximateArrivalTimestamp?.getTime() ?? Date.now();
        const arrivalMs = wallArrival + offset;
        const sequenceNumber = record.SequenceNumber as string;
        const users = deaggregate(data);
        if (users === undefined) {
          // The common case, without a list and a closure per record. Every member in the literal, as for the
          // aggregate's user records below: one layout for every source record.
          ticket.hold();
          sourceRecords.push({ data, arrivalMs, idBase: sequenceNumber, subsequenceNumber: 0, subIndex: 0, shardId: state.id, partitionKey: record.PartitionKey as string, ticket });
          continue;
        }
        for (let subsequenceNumber = 0; subsequenceNumber < users.length; subsequenceNumber += 1) {
          const user = users[subsequenceNumber]!;
          ticket.hold();
          sourceRecords.push({ data: user.data, arrivalMs, idBase: sequenceNumber, subsequenceNumber, subIndex: subsequenceNumber * 1000, shardId: state.id, partitionKey: user.partitionKey, ticket });
        }
      }
      if (sourceRecords.length > 0) this.options.onRecords(sourceRecords);
      // Each record now holds the ticket; drop the reader's own hold.
      ticket.release();
    } else if (last) {
      // Everything in this batch predates the stream's creation: nothing to deliver, so it is covered already.
      state.progress.checkpoint = last;
      if (state.reachedEnd && state.progress.pending === 0) state.finished = true;
      this.persist();
    } else if (state.reachedEnd && state.progress.pending === 0) {
      state.finished = true;
      this.persist();
    }
    this.options.onRead(count, bytes, response.MillisBehindLatest ?? 0);
    return { records: count, millisBehindLatest: response.MillisBehindLatest ?? 0 };
  }
}
