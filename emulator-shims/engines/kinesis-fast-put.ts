import { hash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { BatchOperation, KinesaliteStore, KinesaliteStream } from './kinesalite-memory-records.js';

const require = createRequire(import.meta.url);

interface SequenceDb {
  stringifySequence(parts: { shardCreateTime: number; shardIx: number; seqIx: number; seqTime: number }): string;
  parseSequence(sequence: string): { shardCreateTime: number };
  shardIxToHex(shardIx: number): string;
}

export interface PutRecordsAnswer {
  FailedRecordCount: 0;
  Records: { SequenceNumber: string; ShardId: string }[];
}

// Kinesis's PutRecords limits (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html).
const MAX_RECORDS = 500;
const MAX_PARTITION_KEY_CHARACTERS = 256;
const MAX_DATA_BYTES = 1024 * 1024;
const MAX_REQUEST_BYTES = 5 * 1024 * 1024;
/** A stream name as Kinesis allows it. */
export const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
// Shards share kinesalite's sequence index in groups of this many.
const SHARDS_PER_SEQUENCE_GROUP = 5;

const decodedLength = (base64: string): number => (base64.length / 4) * 3 - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);

interface Entry { Data: string; PartitionKey: string }

/** The entries when `body` is a PutRecords request with nothing unusual in it; otherwise undefined. */
function plainEntries(body: Record<string, unknown>): { stream: string; entries: Entry[] } | undefined {
  const { StreamName: stream, Records: records, ...rest } = body;
  if (Object.keys(rest).length > 0 || typeof stream !== 'string' || !STREAM_NAME.test(stream)) return undefined;
  if (!Array.isArray(records) || records.length === 0 || records.length > MAX_RECORDS) return undefined;
  let bytes = 0;
  for (const record of records as unknown[]) {
    if (!record || typeof record !== 'object') return undefined;
    const { Data: data, PartitionKey: key, ...others } = record as Record<string, unknown>;
    if (typeof data !== 'string' || typeof key !== 'string' || Object.keys(others).length > 0) return undefined;
    if (key.length === 0 || key.length > MAX_PARTITION_KEY_CHARACTERS) return undefined;
    if (data.length % 4 !== 0 || !BASE64.test(data)) return undefined;
    const size = decodedLength(data);
    if (size > MAX_DATA_BYTES) return undefined;
    bytes += size + Buffer.byteLength(key);
  }
  if (bytes > MAX_REQUEST_BYTES) return undefined;
  return { stream, entries: records as Entry[] };
}

interface OpenShard { index: number; id: string; start: bigint; end: bigint; createTime: number }

/**
 * PutRecords for the common case, on kinesalite's own store: the same stream lock, shard choice (MD5
 * of the partition key in the shard's hash-key range), sequence numbers (kinesalite's format and
 * counters, so its GetShardIterator and GetRecords read them) and stored record. It answers only
 * requests with nothing to reject: `undefined` means "let kinesalite answer", which it does for
 * every malformed request, every ExplicitHashKey, and a stream that is missing or not writable,
 * with its own errors. kinesalite's generic validation and action took most of the endpoint's time
 * per shipped log line.
 */
export function createFastPutRecords(kinesalite: KinesaliteStore): (body: Record<string, unknown>) => Promise<PutRecordsAnswer | undefined> {
  const db = require('kinesalite/db') as SequenceDb;
  return (body) => {
    const request = plainEntries(body);
    if (!request) return Promise.resolve(undefined);
    const { stream: name, entries } = request;
    return new Promise((resolve, reject) => {
      kinesalite.metaDb.lock(name, (release) => {
        const done = release((error: Error | null, answer?: PutRecordsAnswer) => (error ? reject(error) : resolve(answer)));
        kinesalite.getStream(name, (error, stream) => {
          if (error || !stream || (stream.StreamStatus !== 'ACTIVE' && stream.StreamStatus !== 'UPDATING')) {
            done(null, undefined);
            return;
          }
          let answer: ReturnType<typeof assignSequences>;
          try {
            answer = assignSequences(db, stream, entries);
          } catch {
            // A stream shape this does not know (nothing was stored): kinesalite answers.
            done(null, undefined);
            return;
          }
          kinesalite.metaDb.put(name, stream, (putError) => {
            if (putError) return done(putError);
            kinesalite.getStreamDb(name).batch(answer.operations, {}, (batchError) => {
              if (batchError) done(batchError);
              else done(null, { FailedRecordCount: 0, Records: answer.results });
            });
          });
        });
      });
    });
  };
}

function openShards(db: SequenceDb, stream: KinesaliteStream): OpenShard[] {
  return stream.Shards.flatMap((shard, index) => (shard.SequenceNumberRange.EndingSequenceNumber == null
    ? [{ index, id: shard.ShardId, start: BigInt(shard.HashKeyRange.StartingHashKey), end: BigInt(shard.HashKeyRange.EndingHashKey), createTime: db.parseSequence(shard.SequenceNumberRange.StartingSequenceNumber).shardCreateTime }]
    : []));
}

/** Gives each entry its shard and next sequence number (advancing the stream's counters) and the store operation. */
function assignSequences(db: SequenceDb, stream: KinesaliteStream, entries: readonly Entry[]) {
  const shards = openShards(db, stream);
  const operations: BatchOperation[] = new Array(entries.length);
  const results: PutRecordsAnswer['Records'] = new Array(entries.length);
  const wallNow = Date.now();
  entries.forEach((entry, position) => {
    const hashKey = BigInt(`0x${hash('md5', entry.PartitionKey, 'hex')}`);
    const shard = shards.find((candidate) => hashKey >= candidate.start && hashKey <= candidate.end);
    if (!shard) throw new Error(`no open shard of the stream covers hash key ${hashKey}`);
    const group = Math.floor(shard.index / SHARDS_PER_SEQUENCE_GROUP);
    const now = Math.max(wallNow, shard.createTime);
    // The first record of a group sits above the shard's starting sequence number.
    stream._seqIx[group] ??= shard.createTime === now ? 1 : 0;
    const sequence = db.stringifySequence({ shardCreateTime: shard.createTime, shardIx: shard.index, seqIx: stream._seqIx[group]!, seqTime: now });
    stream._seqIx[group] = stream._seqIx[group]! + 1;
    operations[position] = { type: 'put', key: `${db.shardIxToHex(shard.index)}/${sequence}`, value: { PartitionKey: entry.PartitionKey, Data: entry.Data, ApproximateArrivalTimestamp: now / 1000 } };
    results[position] = { SequenceNumber: sequence, ShardId: shard.id };
  });
  return { operations, results };
}
