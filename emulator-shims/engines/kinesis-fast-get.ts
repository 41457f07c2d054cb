import { createDecipheriv } from 'node:crypto';
import { createRequire } from 'node:module';
import type { KinesaliteStore } from './kinesalite-memory-records.js';
import { STREAM_NAME } from './kinesis-fast-put.js';

const require = createRequire(import.meta.url);

interface SequenceParts { shardCreateTime: number; shardIx: number; seqIx?: number | string; seqTime?: number; version?: number }

interface IteratorDb {
  ITERATOR_PWD_KEY: Buffer;
  ITERATOR_PWD_IV: Buffer;
  createShardIterator(stream: string, shardId: string, sequence: string): string;
  parseSequence(sequence: string): SequenceParts;
  incrementSequence(parts: SequenceParts, seqTime?: number | null): string;
  shardIxToHex(shardIx: number): string;
}

interface StoredRecord { PartitionKey: string; Data: string; ApproximateArrivalTimestamp: number }

// GetRecords limits and kinesalite's iterator format (8 bytes 0…01, then AES-256-CBC of
// "<14-digit ms>/<stream>/<shard id>/<sequence>/<zeros>"), as its GetShardIterator writes them.
const DEFAULT_LIMIT = 10_000;
const ITERATOR_HEADER = '0000000000000001';
const ITERATOR_LIFETIME_MS = 300_000;
const SHARD_ID = /^shardId-(\d{12})$/;
const SEQUENCE = /^\d+$/;

interface Position { stream: string; shardId: string; shardIx: number; sequence: string }

/** The position an iterator holds when it is one kinesalite wrote, unexpired and well formed; otherwise undefined. */
function readIterator(db: IteratorDb, iterator: string, now: number): Position | undefined {
  const bytes = Buffer.from(iterator, 'base64');
  if (bytes.length < 152 || bytes.length > 280 || bytes.toString('base64') !== iterator) return undefined;
  if (bytes.subarray(0, 8).toString('hex') !== ITERATOR_HEADER) return undefined;
  let text: string;
  try {
    const decipher = createDecipheriv('aes-256-cbc', db.ITERATOR_PWD_KEY, db.ITERATOR_PWD_IV);
    text = Buffer.concat([decipher.update(bytes.subarray(8)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
  const [created, stream, shardId, sequence, ...rest] = text.split('/');
  if (rest.length !== 1 || !created || !stream || !shardId || !sequence) return undefined;
  const issuedAt = Number(created);
  const shard = SHARD_ID.exec(shardId);
  if (!(issuedAt > 0 && issuedAt <= now && now - issuedAt <= ITERATOR_LIFETIME_MS)) return undefined;
  if (!shard || !STREAM_NAME.test(stream) || !SEQUENCE.test(sequence)) return undefined;
  const shardIx = Number(shard[1]);
  return shardIx < 2 ** 31 ? { stream, shardId, shardIx, sequence } : undefined;
}

/**
 * GetRecords for the common case, read straight from the stream's in-memory records: an iterator
 * kinesalite issued and that has not expired, on an open shard whose records are all within the
 * retention period. The answer is what kinesalite would give (records from the iterator's sequence
 * number, up to Limit; the next iterator just after the last record, or after the iterator's own
 * position when there were none; MillisBehindLatest 0), written as JSON text directly.
 * `undefined` means "let kinesalite answer": every error, a closed shard, expired records.
 */
export function createFastGetRecords(kinesalite: KinesaliteStore): (body: Record<string, unknown>) => Promise<Buffer | undefined> {
  const db = require('kinesalite/db') as IteratorDb;
  return (body) => {
    const { ShardIterator: iterator, Limit: limit, ...rest } = body;
    if (Object.keys(rest).length > 0 || typeof iterator !== 'string' || iterator.length === 0 || iterator.length > 512) return Promise.resolve(undefined);
    if (limit !== undefined && !(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= DEFAULT_LIMIT)) return Promise.resolve(undefined);
    const now = Date.now();
    const position = readIterator(db, iterator, now);
    if (!position) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      kinesalite.getStream(position.stream, (error, stream) => {
        const shard = stream?.Shards[position.shardIx];
        if (error || !stream || !shard || shard.SequenceNumberRange.EndingSequenceNumber != null) {
          resolve(undefined);
          return;
        }
        let start: SequenceParts;
        try {
          start = db.parseSequence(position.sequence);
        } catch {
          resolve(undefined);
          return;
        }
        const entries = kinesalite.getStreamDb(position.stream).shardEntriesFrom?.(`${db.shardIxToHex(position.shardIx)}/${position.sequence}`, (limit as number | undefined) ?? DEFAULT_LIMIT);
        if (!entries) {
          resolve(undefined);
          return;
        }
        const oldestKept = now - stream.RetentionPeriodHours * 3_600_000;
        const parts: string[] = [];
        let lastSequence: string | undefined;
        for (const entry of entries) {
          const record = entry.value as StoredRecord;
          // Records past retention are kinesalite's to drop.
          if (record.ApproximateArrivalTimestamp * 1000 < oldestKept) {
            resolve(undefined);
            return;
          }
          lastSequence = entry.key.slice(entry.key.indexOf('/') + 1);
          parts.push(`{"PartitionKey":${JSON.stringify(record.PartitionKey)},"Data":"${record.Data}","ApproximateArrivalTimestamp":${record.ApproximateArrivalTimestamp},"SequenceNumber":"${lastSequence}"}`);
        }
        const next = lastSequence === undefined
          ? db.incrementSequence(start, Math.max(now, start.seqTime ?? 0))
          : db.incrementSequence(db.parseSequence(lastSequence));
        const nextIterator = db.createShardIterator(position.stream, position.shardId, next);
        resolve(Buffer.from(`{"MillisBehindLatest":0,"NextShardIterator":"${nextIterator}","Records":[${parts.join(',')}]}`));
      });
    });
  };
}
