/** One data stream of one account and region: its settings, shards and their records. */
import type { Scope } from '../shared/index.js';
import { recordHashKeyHex } from './hash-key.js';
import { Shard, type ShardShape, type StoredRecord } from './shard.js';
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

export interface PutEntry {
  partitionKey: string;
  data: Buffer;
  explicitHashKey?: string;
}

/** One entry's outcome: its record, or the error Kinesis reports for the entry. */
export type PutOutcome = { shard: Shard; record: StoredRecord } | { shard: Shard; errorCode: string; errorMessage: string };

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
   */
  put(entries: readonly PutEntry[], nowMs: number, admit?: (shard: Shard, entry: PutEntry) => string | undefined): PutOutcome[] {
    const outcomes: PutOutcome[] = new Array(entries.length);
    const byShard = new Map<Shard, number[]>();
    // A stream whose one open shard spans every hash key puts every record there: no MD5 per record.
    const only = this.soleShard();
    entries.forEach((entry, index) => {
      const shard = only ?? this.shardFor(recordHashKeyHex(entry.partitionKey, entry.explicitHashKey))!;
      const refusal = admit?.(shard, entry);
      if (refusal !== undefined) {
        outcomes[index] = { shard, errorCode: 'ProvisionedThroughputExceededException', errorMessage: refusal };
        return;
      }
      const indexes = byShard.get(shard);
      if (indexes) indexes.push(index);
      else byShard.set(shard, [index]);
    });
    for (const [shard, indexes] of byShard) {
      try {
        const records = shard.append(indexes.map((index) => entries[index]!), nowMs);
        indexes.forEach((entryIndex, at) => { outcomes[entryIndex] = { shard, record: records[at]! }; });
      } catch {
        // The shard's log could not be written (disk full, folder gone): those entries are not stored.
        for (const entryIndex of indexes) outcomes[entryIndex] = { shard, errorCode: 'InternalFailure', errorMessage: 'Internal service failure.' };
      }
    }
    return outcomes;
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
