/**
 * One shard's records on disk: append-only segment files `<shardId>.<first position>.log`, each a run
 * of frames [u32 magic][u32 body bytes][u32 CRC-32 of body], body = [f64 position][f64 arrival ms]
 * [u32 partition-key bytes][partition key][data]. A put is written (to the page cache, no fsync: it
 * survives the process, not the machine) before it is answered. A frame cut short or damaged by a
 * crash was never acknowledged: loading stops there and cuts the segment back to its last whole frame.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

const MAGIC = 0x48504b31; // "HPK1"
const FRAME_HEADER = 12;
const BODY_FIXED = 20;
/** A new segment starts once the current one holds this much. */
export const SEGMENT_BYTES = 16 * 1024 * 1024;

export interface LoggedRecord {
  position: number;
  arrivalMs: number;
  partitionKey: string;
  data: Buffer;
}

interface Segment { path: string; first: number; last: number; bytes: number }

const segmentName = (shardId: string, first: number): string => `${shardId}.${String(first).padStart(16, '0')}.log`;

/** Pure: the frames of `records`, in one buffer. */
export function encodeFrames(records: readonly LoggedRecord[]): Buffer {
  let total = 0;
  const keys = records.map((record) => Buffer.from(record.partitionKey, 'utf8'));
  records.forEach((record, index) => { total += FRAME_HEADER + BODY_FIXED + keys[index]!.length + record.data.length; });
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  records.forEach((record, index) => {
    const key = keys[index]!;
    const bodyBytes = BODY_FIXED + key.length + record.data.length;
    const body = at + FRAME_HEADER;
    out.writeDoubleBE(record.position, body);
    out.writeDoubleBE(record.arrivalMs, body + 8);
    out.writeUInt32BE(key.length, body + 16);
    key.copy(out, body + BODY_FIXED);
    record.data.copy(out, body + BODY_FIXED + key.length);
    out.writeUInt32BE(MAGIC, at);
    out.writeUInt32BE(bodyBytes, at + 4);
    out.writeUInt32BE(crc32(out.subarray(body, body + bodyBytes)), at + 8);
    at = body + bodyBytes;
  });
  return out;
}

/** Pure: the whole frames at the start of `bytes`, and where the first broken or partial one begins. */
export function decodeFrames(bytes: Buffer): { records: LoggedRecord[]; wholeBytes: number } {
  const records: LoggedRecord[] = [];
  let at = 0;
  while (at + FRAME_HEADER + BODY_FIXED <= bytes.length) {
    if (bytes.readUInt32BE(at) !== MAGIC) break;
    const bodyBytes = bytes.readUInt32BE(at + 4);
    const body = at + FRAME_HEADER;
    if (bodyBytes < BODY_FIXED || body + bodyBytes > bytes.length) break;
    if (crc32(bytes.subarray(body, body + bodyBytes)) !== bytes.readUInt32BE(at + 8)) break;
    const keyBytes = bytes.readUInt32BE(body + 16);
    if (BODY_FIXED + keyBytes > bodyBytes) break;
    records.push({
      position: bytes.readDoubleBE(body),
      arrivalMs: bytes.readDoubleBE(body + 8),
      partitionKey: bytes.toString('utf8', body + BODY_FIXED, body + BODY_FIXED + keyBytes),
      data: bytes.subarray(body + BODY_FIXED + keyBytes, body + bodyBytes),
    });
    at = body + bodyBytes;
  }
  return { records, wholeBytes: at };
}

export class ShardLog {
  private readonly segments: Segment[] = [];
  private fd: number | undefined;

  constructor(private readonly folder: string, private readonly shardId: string) {}

  /**
   * The logged records that arrived at or after `cutoffMs`, oldest first, and the position after the
   * last record ever logged (kept by the newest segment's name even when its records have expired).
   */
  load(cutoffMs: number): { records: LoggedRecord[]; nextPosition: number } {
    mkdirSync(this.folder, { recursive: true });
    const prefix = `${this.shardId}.`;
    const names = readdirSync(this.folder).filter((name) => name.startsWith(prefix) && /^\d{16}\.log$/.test(name.slice(prefix.length))).sort();
    const records: LoggedRecord[] = [];
    let nextPosition = 1;
    for (const name of names) {
      const path = join(this.folder, name);
      const first = Number(name.slice(prefix.length, prefix.length + 16));
      const bytes = readFileSync(path);
      const decoded = decodeFrames(bytes);
      if (decoded.wholeBytes < bytes.length) truncateSync(path, decoded.wholeBytes);
      const last = decoded.records.at(-1)?.position ?? first - 1;
      this.segments.push({ path, first, last, bytes: decoded.wholeBytes });
      nextPosition = Math.max(nextPosition, first, last + 1);
      for (const record of decoded.records) if (record.arrivalMs >= cutoffMs) records.push(record);
    }
    return { records, nextPosition };
  }

  /** Writes the frames of `records` (consecutive positions, oldest first) before returning. */
  append(records: readonly LoggedRecord[]): void {
    if (records.length === 0) return;
    let current = this.segments.at(-1);
    if (!current || current.bytes >= SEGMENT_BYTES) {
      this.closeFile();
      mkdirSync(this.folder, { recursive: true });
      current = { path: join(this.folder, segmentName(this.shardId, records[0]!.position)), first: records[0]!.position, last: records[0]!.position - 1, bytes: 0 };
      this.segments.push(current);
    }
    this.fd ??= openSync(current.path, 'a');
    const frames = encodeFrames(records);
    let written = 0;
    while (written < frames.length) written += writeSync(this.fd, frames, written);
    current.bytes += frames.length;
    current.last = records.at(-1)!.position;
  }

  /** Deletes segments whose every record lies before `position`; the newest is kept (it holds the next position). */
  dropBefore(position: number): void {
    while (this.segments.length > 1 && this.segments[0]!.last < position) {
      const [segment] = this.segments.splice(0, 1);
      unlinkSync(segment!.path);
    }
  }

  close(): void {
    this.closeFile();
  }

  /** Deletes every segment of the shard. */
  remove(): void {
    this.closeFile();
    for (const segment of this.segments.splice(0)) rmSync(segment.path, { force: true });
  }

  private closeFile(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
