/**
 * One shard's records on disk: append-only segment files `<shardId>.<first position>.log`, each a run
 * of frames [u32 magic][u32 body bytes][u32 CRC-32 of body], body = [f64 position][f64 arrival ms]
 * [u32 partition-key bytes][partition key][data]. A put is written (to the page cache, no fsync: it
 * survives the process, not the machine) before it is answered. A frame cut short or damaged by a
 * crash was never acknowledged: loading stops there and cuts the segment back to its last whole frame.
 * The segments, oldest first, make one contiguous byte space per process (an address is a byte's
 * offset from the start of the oldest segment loaded or written): the shard keeps each record's
 * address, not its bytes, and reads records back from the files (the page cache) by address.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32Of } from './frame-crc.js';
import { RecordIndex } from './record-index.js';

const MAGIC = 0x48504b31; // "HPK1"
/** Bytes of a frame before its body. */
export const FRAME_HEADER = 12;
/** Bytes of a frame's body before its partition key: position, arrival, key length. */
export const BODY_FIXED = 20;
/** A new segment starts once the current one holds this much. */
export const SEGMENT_BYTES = 16 * 1024 * 1024;

export interface LoggedRecord {
  position: number;
  arrivalMs: number;
  partitionKey: string;
  data: Buffer;
}

/** A segment file; `address` is where its first byte lies in the shard's byte space. */
interface Segment { path: string; first: number; last: number; bytes: number; address: number }

const segmentName = (shardId: string, first: number): string => `${shardId}.${String(first).padStart(16, '0')}.log`;

/** Pure: the frames of `records`, in one buffer. */
export function encodeFrames(records: readonly LoggedRecord[]): Buffer {
  let total = 0;
  // Key lengths, not a Buffer per key: the keys are written straight into the frames.
  const keyBytes = records.map((record) => Buffer.byteLength(record.partitionKey, 'utf8'));
  records.forEach((record, index) => { total += FRAME_HEADER + BODY_FIXED + keyBytes[index]! + record.data.length; });
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  records.forEach((record, index) => { at = writeFrame(out, at, record.position, record.arrivalMs, record.partitionKey, keyBytes[index]!, record.data); });
  return out;
}

/** What a put hands a shard: a record without its position and arrival (those are the shard's). */
export interface PutRecordEntry {
  readonly Data: Uint8Array;
  readonly PartitionKey: string;
}

/**
 * Pure: the frames of one put's `entries`, at consecutive positions from `firstPosition`, all arrived at
 * `arrivalMs`: the same bytes as encodeFrames, without a record object per entry.
 */
export function encodePutFrames(entries: readonly PutRecordEntry[], firstPosition: number, arrivalMs: number): Buffer {
  let total = 0;
  const keyBytes = new Array<number>(entries.length);
  for (let index = 0; index < entries.length; index += 1) {
    const entry = entries[index]!;
    keyBytes[index] = Buffer.byteLength(entry.PartitionKey, 'utf8');
    total += FRAME_HEADER + BODY_FIXED + keyBytes[index]! + entry.Data.length;
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let index = 0; index < entries.length; index += 1) {
    const entry = entries[index]!;
    at = writeFrame(out, at, firstPosition + index, arrivalMs, entry.PartitionKey, keyBytes[index]!, entry.Data);
  }
  return out;
}

/** Keys up to this long that are ASCII are copied by character code rather than through Buffer#write. */
const SHORT_KEY = 64;

/** Writes one frame at `at` in `out` (which has room for it); returns the offset just past it. */
function writeFrame(out: Buffer, at: number, position: number, arrivalMs: number, partitionKey: string, keyLength: number, data: Uint8Array): number {
  const bodyBytes = BODY_FIXED + keyLength + data.length;
  const body = at + FRAME_HEADER;
  out.writeDoubleBE(position, body);
  out.writeDoubleBE(arrivalMs, body + 8);
  out.writeUInt32BE(keyLength, body + 16);
  const keyAt = body + BODY_FIXED;
  // A key of as many UTF-8 bytes as characters is ASCII: its character codes are its bytes, copied here
  // (a short key costs more in Buffer#write's call than in its bytes); any other key is encoded by it.
  if (keyLength === partitionKey.length && keyLength <= SHORT_KEY) {
    for (let index = 0; index < keyLength; index += 1) out[keyAt + index] = partitionKey.charCodeAt(index);
  } else {
    out.write(partitionKey, keyAt, keyLength, 'utf8');
  }
  out.set(data, body + BODY_FIXED + keyLength);
  out.writeUInt32BE(MAGIC, at);
  out.writeUInt32BE(bodyBytes, at + 4);
  out.writeUInt32BE(crc32Of(out, body, body + bodyBytes), at + 8);
  return body + bodyBytes;
}

/** Where a frame lies in a buffer, and what its body says. */
export interface FrameAt {
  /** Offset of the frame's first byte. */
  at: number;
  frameBytes: number;
  position: number;
  arrivalMs: number;
  keyBytes: number;
  dataBytes: number;
}

/** Pure: calls `each` for the whole frames at the start of `bytes`; returns where the first broken or partial one begins. */
export function scanFrames(bytes: Buffer, each: (frame: FrameAt) => void): number {
  let at = 0;
  while (at + FRAME_HEADER + BODY_FIXED <= bytes.length) {
    if (bytes.readUInt32BE(at) !== MAGIC) break;
    const bodyBytes = bytes.readUInt32BE(at + 4);
    const body = at + FRAME_HEADER;
    if (bodyBytes < BODY_FIXED || body + bodyBytes > bytes.length) break;
    if (crc32Of(bytes, body, body + bodyBytes) !== bytes.readUInt32BE(at + 8)) break;
    const keyBytes = bytes.readUInt32BE(body + 16);
    if (BODY_FIXED + keyBytes > bodyBytes) break;
    each({ at, frameBytes: FRAME_HEADER + bodyBytes, position: bytes.readDoubleBE(body), arrivalMs: bytes.readDoubleBE(body + 8), keyBytes, dataBytes: bodyBytes - BODY_FIXED - keyBytes });
    at = body + bodyBytes;
  }
  return at;
}

/** Pure: the partition key and data of the frame at `at` in `bytes` (a view of `bytes`, not a copy); no check. */
export function frameRecord(bytes: Buffer, at: number): { partitionKey: string; data: Buffer } {
  const keyEnd = frameKeyEnd(bytes, at);
  return { partitionKey: bytes.toString('utf8', at + FRAME_HEADER + BODY_FIXED, keyEnd), data: bytes.subarray(keyEnd, frameEnd(bytes, at)) };
}

/** Pure: where the partition key of the frame at `at` ends (its data begins); the key begins BODY_FIXED into the body. */
export const frameKeyEnd = (bytes: Buffer, at: number): number => at + FRAME_HEADER + BODY_FIXED + bytes.readUInt32BE(at + FRAME_HEADER + 16);

/** Pure: the offset just past the frame at `at`. */
export const frameEnd = (bytes: Buffer, at: number): number => at + FRAME_HEADER + bytes.readUInt32BE(at + 4);

/** Pure: the whole frames at the start of `bytes`, and where the first broken or partial one begins. */
export function decodeFrames(bytes: Buffer): { records: LoggedRecord[]; wholeBytes: number } {
  const records: LoggedRecord[] = [];
  const wholeBytes = scanFrames(bytes, (frame) => records.push({ position: frame.position, arrivalMs: frame.arrivalMs, ...frameRecord(bytes, frame.at) }));
  return { records, wholeBytes };
}

export class ShardLog {
  private readonly segments: Segment[] = [];
  private fd: number | undefined;

  constructor(private readonly folder: string, private readonly shardId: string) {}

  /**
   * The index of the logged records that arrived at or after `cutoffMs`, oldest first (their bytes stay
   * on disk), and the position after the last record ever logged (kept by the newest segment's name even
   * when its records have expired).
   */
  load(cutoffMs: number): { index: RecordIndex; nextPosition: number } {
    mkdirSync(this.folder, { recursive: true });
    const prefix = `${this.shardId}.`;
    const names = readdirSync(this.folder).filter((name) => name.startsWith(prefix) && /^\d{16}\.log$/.test(name.slice(prefix.length))).sort();
    const index = new RecordIndex();
    let nextPosition = 1;
    let address = 0;
    for (const name of names) {
      const path = join(this.folder, name);
      const first = Number(name.slice(prefix.length, prefix.length + 16));
      const bytes = readFileSync(path);
      let last = first - 1;
      const wholeBytes = scanFrames(bytes, (frame) => {
        last = frame.position;
        if (frame.arrivalMs >= cutoffMs) index.push(frame.position, frame.arrivalMs, address + frame.at, frame.frameBytes, frame.dataBytes);
      });
      if (wholeBytes < bytes.length) truncateSync(path, wholeBytes);
      this.segments.push({ path, first, last, bytes: wholeBytes, address });
      address += wholeBytes;
      nextPosition = Math.max(nextPosition, first, last + 1);
    }
    return { index, nextPosition };
  }

  /** Writes the frames of `records` (consecutive positions, oldest first) before returning. */
  append(records: readonly LoggedRecord[]): void {
    if (records.length === 0) return;
    this.appendFrames(encodeFrames(records), records[0]!.position, records.at(-1)!.position);
  }

  /**
   * Writes `frames` (from encodeFrames, of the records at positions `first` to `last`) before
   * returning; returns the address of their first byte.
   */
  appendFrames(frames: Buffer, first: number, last: number): number {
    let current = this.segments.at(-1);
    if (!current || current.bytes >= SEGMENT_BYTES) {
      this.closeFile();
      mkdirSync(this.folder, { recursive: true });
      const address = current ? current.address + current.bytes : 0;
      current = { path: join(this.folder, segmentName(this.shardId, first)), first, last: first - 1, bytes: 0, address };
      this.segments.push(current);
    }
    this.fd ??= openSync(current.path, 'a');
    let written = 0;
    try {
      while (written < frames.length) written += writeSync(this.fd, frames, written);
    } catch (error) {
      // A part written before the failure is a torn frame: cut it off, so the next frames follow whole ones
      // (and addresses stay true); where even that fails, the torn bytes stay counted in the segment.
      if (written > 0) {
        try {
          truncateSync(current.path, current.bytes);
        } catch {
          current.bytes += written;
        }
      }
      throw error;
    }
    const address = current.address + current.bytes;
    current.bytes += frames.length;
    current.last = last;
    return address;
  }

  /** The `bytes` bytes logged from `address` on (they may span segments). */
  read(address: number, bytes: number): Buffer {
    // Its own memory, not a slab of the pool: records read from it are views of it and may be kept a while.
    const out = Buffer.allocUnsafeSlow(bytes);
    let done = 0;
    for (const segment of this.segments) {
      if (done === bytes) break;
      const from = address + done;
      if (from >= segment.address + segment.bytes) continue;
      if (from < segment.address) throw new Error(`bytes at ${from} of ${this.shardId} are no longer logged`);
      const fd = openSync(segment.path, 'r');
      try {
        const want = Math.min(bytes - done, segment.address + segment.bytes - from);
        let got = 0;
        while (got < want) {
          const read = readSync(fd, out, done + got, want - got, from - segment.address + got);
          if (read === 0) throw new Error(`${segment.path} ends before byte ${from - segment.address + got}`);
          got += read;
        }
        done += got;
      } finally {
        closeSync(fd);
      }
    }
    if (done < bytes) throw new Error(`bytes ${address + done} to ${address + bytes} of ${this.shardId} were never logged`);
    return out;
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
