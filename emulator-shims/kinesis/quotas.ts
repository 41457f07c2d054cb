/** Per-shard limits of a provisioned Kinesis stream (Kinesis Data Streams quotas page). */
export const SHARD_QUOTAS = {
  writeBytesPerSecond: 1024 * 1024,
  writeRecordsPerSecond: 1000,
  readBytesPerSecond: 2 * 1024 * 1024,
  readCallsPerSecond: 5,
} as const;

/** A bucket that refills continuously at `rate` per second up to `capacity`, and may go into debt. */
interface Bucket {
  tokens: number;
  at: number;
}

function refill(bucket: Bucket, now: number, rate: number, capacity: number): void {
  const elapsed = Math.max(0, now - bucket.at);
  bucket.tokens = Math.min(capacity, bucket.tokens + (elapsed * rate) / 1000);
  bucket.at = now;
}

export interface ShardQuotas {
  /** Takes one record of `bytes` (data + partition key) from the shard's write allowance; false when over. */
  admitWrite(shardKey: string, bytes: number): boolean;
  /** Takes one GetRecords call from the shard's read allowance; false when over calls or still in byte debt. */
  admitRead(shardKey: string): boolean;
  /** Charges the bytes a GetRecords answer returned; a large read puts the shard into debt for later calls. */
  chargeRead(shardKey: string, bytes: number): void;
}

/**
 * Pure (time injected): token buckets per shard, each holding one second of its quota, the way
 * Kinesis lets a short burst through and throttles a sustained rate above the limit.
 */
export function createShardQuotas(now: () => number): ShardQuotas {
  const buckets = new Map<string, { records: Bucket; writeBytes: Bucket; calls: Bucket; readBytes: Bucket }>();
  const shard = (key: string) => {
    let entry = buckets.get(key);
    if (!entry) {
      const at = now();
      entry = {
        records: { tokens: SHARD_QUOTAS.writeRecordsPerSecond, at },
        writeBytes: { tokens: SHARD_QUOTAS.writeBytesPerSecond, at },
        calls: { tokens: SHARD_QUOTAS.readCallsPerSecond, at },
        readBytes: { tokens: SHARD_QUOTAS.readBytesPerSecond, at },
      };
      buckets.set(key, entry);
    }
    return entry;
  };
  return {
    admitWrite(shardKey, bytes) {
      const { records, writeBytes } = shard(shardKey);
      const at = now();
      refill(records, at, SHARD_QUOTAS.writeRecordsPerSecond, SHARD_QUOTAS.writeRecordsPerSecond);
      refill(writeBytes, at, SHARD_QUOTAS.writeBytesPerSecond, SHARD_QUOTAS.writeBytesPerSecond);
      if (records.tokens < 1 || writeBytes.tokens < bytes) return false;
      records.tokens -= 1;
      writeBytes.tokens -= bytes;
      return true;
    },
    admitRead(shardKey) {
      const { calls, readBytes } = shard(shardKey);
      const at = now();
      refill(calls, at, SHARD_QUOTAS.readCallsPerSecond, SHARD_QUOTAS.readCallsPerSecond);
      refill(readBytes, at, SHARD_QUOTAS.readBytesPerSecond, SHARD_QUOTAS.readBytesPerSecond);
      if (calls.tokens < 1 || readBytes.tokens < 0) return false;
      calls.tokens -= 1;
      return true;
    },
    chargeRead(shardKey, bytes) {
      shard(shardKey).readBytes.tokens -= bytes;
    },
  };
}
