/** One data stream of one account and region: its settings, shards and their records. */
import type { Scope } from '../shared/index.js';
import { recordHashKeyHex } from './hash-key.js';
import type { PutRecordsResultEntry } from '@aws-sdk/client-kinesis';
import { Shard, type ShardShape } from './shard.js';
import { streamSalt } from './sequence-number.js';

export type StreamStatus = 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING';
export type StreamMode = 'PROVISIONED' | 'ON_DEMAND';

/** Kinesis's default and bounds for RetentionPeriodHours (24 hours to 365 days). */
export const DEFAULT_RETENTION_HOURS = 24;
export const MAX_RETENTION_HOURS = 8760;

/** What a stream is, apart from its records: what the store writes to `stream.json`. */
export interface StreamSettings {
  name: string;
  accountId: string;
  region: string;
  createdMs: number;
  status: StreamStatus;
  retentionHours: number;
  mode: StreamMode;
  encryptionType: 'NONE' | 'KMS';
  keyId?: string;
  tags: Record<string, string>;
  shardLevelMetrics: string[];
}

/** A record to put, as PutRecords names its members (a validated request's entries go in as they are). */
export interface PutEntry {
  readonly Data: Buffer;
  readonly PartitionKey: string;
  readonly ExplicitHashKey?: string;
}

/** Pure: the partition of a region (ARNs of China and GovCloud regions differ). */
export const partitionOf = (region: string): string => (region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws');

export const streamArn = (scope: Scope, name: string): string => `arn:${partitionOf(scope.region)}:kinesis:${scope.region}:${scope.accountId}:stream/${name}`;

const FIRST_HASH_KEY = '0'.repeat(32);
const LAST_HASH_KEY = 'f'.repeat(32);

export type ShardFactory = (shape: ShardShape, salt: number) => Shard;

export class Stream {
  readonly arn: string;
  readonly salt: number;
  readonly shards: Shard[] = [];

  constructor(readonly settings: StreamSettings, private readonly makeShard: ShardFactory) {
    this.arn = streamArn({ accountId: settings.accountId, region: settings.region }, settings.name);
    this.salt = streamSalt(this.arn, settings.createdMs);
  }

  get name(): string {
    return this.settings.name;
  }

  get scope(): Scope {
    return { accountId: this.settings.accountId, region: this.settings.region };
  }

  get openShards(): Shard[] {
    return this.shards.filter((shard) => shard.open);
  }

  /** Adds a shard with the next shard number. */
  addShard(shape: Omit<ShardShape, 'index'>): Shard {
    const shard = this.makeShard({ ...shape, index: this.shards.length }, this.salt);
    this.shards.push(shard);
    return shard;
  }

  shard(index: number): Shard | undefined {
    return this.shards[index];
  }

  /** The open shard whose hash-key range holds `hashHex` (32 hex digits). */
  shardFor(hashHex: string): Shard | undefined {
    for (const shard of this.shards) if (shard.open && hashHex >= shard.startHex && hashHex <= shard.endHex) return shard;
    return undefined;
  }

  /** The open shard, when there is one only and its hash-key range is the whole key space. */
  private soleShard(): Shard | undefined {
    let open: Shard | undefined;
    for (const shard of this.shards) {
      if (!shard.open) continue;
      if (open !== undefined) return undefined;
      open = shard;
    }
    return open !== undefined && open.startHex === FIRST_HASH_KEY && open.endHex === LAST_HASH_KEY ? open : undefined;
  }

  /**
   * Puts entries, each into the open shard its hash key falls in, all arriving at `nowMs`. Entries of
   * one shard are written in one append, in entry order; `admit` may refuse an entry first (quotas).
   * Returns each entry's outcome as PutRecords answers it: its sequence number and shard, or the error.
   */
  put(entries: readonly PutEntry[], nowMs: number, admit?: (shard: Shard, entry: PutEntry) => string | undefined): PutRecordsResultEntry[] {
    const results: PutRecordsResultEntry[] = new Array(entries.length);
    // A stream whose one open shard spans every hash key puts every record there: no MD5 per record.
    const only = this.soleShard();
    if (only && !admit) {
      this.appendTo(only, entries, undefined, nowMs, results);
      return results;
    }
    const byShard = new Map<Shard, number[]>();
    for (let index = 0; index < entries.length; index += 1) {
      const entry = entries[index]!;
      const shard = only ?? this.shardFor(recordHashKeyHex(entry.PartitionKey, entry.ExplicitHashKey))!;
      const refusal = admit?.(shard, entry);
      if (refusal !== undefined) {
        results[index] = { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: refusal };
        continue;
      }
      const indexes = byShard.get(shard);
      if (indexes) indexes.push(index);
      else byShard.set(shard, [index]);
    }
    for (const [shard, indexes] of byShard) this.appendTo(shard, indexes.map((index) => entries[index]!), indexes, nowMs, results);
    return results;
  }

  /** Appends `entries` (the entries at `indexes`, or all of them) to `shard` and fills in their results. */
  private appendTo(shard: Shard, entries: readonly PutEntry[], indexes: readonly number[] | undefined, nowMs: number, results: PutRecordsResultEntry[]): void {
    let sequenceNumbers: string[] | undefined;
    try {
      sequenceNumbers = shard.append(entries, nowMs);
    } catch {
      // The shard's log could not be written (disk full, folder gone): those entries are not stored.
    }
    for (let at = 0; at < entries.length; at += 1) {
      results[indexes ? indexes[at]! : at] = sequenceNumbers
        ? { SequenceNumber: sequenceNumbers[at]!, ShardId: shard.id }
        : { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' };
    }
  }

  /** Drops records past the retention period from every shard. */
  trim(nowMs: number): void {
    const cutoff = nowMs - this.settings.retentionHours * 3_600_000;
    for (const shard of this.shards) shard.trim(cutoff);
  }

  /** A closed shard is listed while its records may still be read (within the retention period). */
  listed(shard: Shard, nowMs: number): boolean {
    return shard.open || shard.shape.closedMs! + this.settings.retentionHours * 3_600_000 > nowMs;
  }
}
