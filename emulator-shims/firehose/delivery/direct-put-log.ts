/**
 * DirectPut's durable side. A Kinesis-sourced stream can always read its records again from the
 * stream; records put straight into Firehose exist only in Firehose once PutRecord(Batch) has answered.
 * Each accepted batch is therefore appended to a log in the stream's folder before the answer, and a
 * restarted endpoint replays the batches its checkpoint has not passed: a kill -9 loses nothing that
 * was acknowledged (at-least-once, like the Kinesis source). The checkpoint is the last batch that,
 * with every batch before it, is written to S3; segments wholly behind it are deleted.
 *
 * A segment is a run of batches: [u32 magic][f64 batch number][f64 arrival ms][u32 count]
 * [u32 length × count][data]. The writes go to the page cache (no fsync): they survive the process,
 * not the machine. A batch cut short by a crash mid-write was never acknowledged, and replay stops there.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { giveBackBuffer, takeBuffer } from '../../shared/buffer-pool.js';
import { writeAtomically } from '../store.js';
import { ShardProgress, type Ticket } from './ticket.js';

const MAGIC = 0x48504450; // "HPDP"
const HEADER_BYTES = 24;
/** A new segment starts once the current one holds this much. */
export const SEGMENT_BYTES = 64 * 1024 * 1024;
const CHECKPOINT_FILE = 'checkpoint';
const SEGMENT = /^segment-(\d{16})\.log$/;

export interface LoggedBatch {
  arrivalMs: number;
  records: Buffer[];
  /** Settles once every record of the batch is written; the checkpoint then moves past it. */
  ticket: Ticket;
}

interface Segment { path: string; firstBatch: number; lastBatch: number; bytes: number; fd?: number }

const segmentName = (firstBatch: number): string => `segment-${String(firstBatch).padStart(16, '0')}.log`;

export class DirectPutLog {
  private readonly segments: Segment[] = [];
  private readonly progress: ShardProgress;
  private nextBatch: number;
  private closed = false;
  /** A checkpoint reached but not yet saved. */
  private checkpoint: number | undefined;

  /** Opens the log in `folder`; `fresh` discards whatever an earlier stream of the same name left there. */
  constructor(private readonly folder: string, fresh: boolean, private readonly segmentBytes = SEGMENT_BYTES) {
    if (fresh) rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    const checkpointFile = join(folder, CHECKPOINT_FILE);
    const saved = existsSync(checkpointFile) ? Number(readFileSync(checkpointFile, 'utf8')) : 0;
    // A checkpoint file that is not a batch number (cut short, edited) replays everything: at-least-once, never a loss.
    const checkpoint = Number.isSafeInteger(saved) && saved >= 0 ? saved : 0;
    for (const name of readdirSync(folder).sort()) {
      const match = SEGMENT.exec(name);
      if (match) this.segments.push({ path: join(folder, name), firstBatch: Number(match[1]), lastBatch: Number(match[1]) - 1, bytes: 0 });
    }
    this.nextBatch = checkpoint + 1;
    this.progress = new ShardProgress(checkpoint > 0 ? String(checkpoint) : undefined, (batch) => this.advance(Number(batch)));
  }

  /** The batches after the checkpoint, oldest first, each holding a ticket of its own. Call once, before append(). */
  replay(): LoggedBatch[] {
    const batches: LoggedBatch[] = [];
    const checkpoint = this.nextBatch - 1;
    for (const segment of this.segments) {
      const bytes = readFileSync(segment.path);
      segment.bytes = bytes.length;
      for (let at = 0; at + HEADER_BYTES <= bytes.length; ) {
        if (bytes.readUInt32BE(at) !== MAGIC) break;
        const batch = bytes.readDoubleBE(at + 4);
        const arrivalMs = bytes.readDoubleBE(at + 12);
        const count = bytes.readUInt32BE(at + 20);
        let dataAt = at + HEADER_BYTES + 4 * count;
        if (dataAt > bytes.length) break;
        const records: Buffer[] = [];
        for (let index = 0; index < count; index += 1) {
          const length = bytes.readUInt32BE(at + HEADER_BYTES + 4 * index);
          records.push(bytes.subarray(dataAt, dataAt + length));
          dataAt += length;
        }
        if (dataAt > bytes.length) break;
        at = dataAt;
        segment.lastBatch = batch;
        this.nextBatch = Math.max(this.nextBatch, batch + 1);
        if (batch > checkpoint) batches.push({ arrivalMs, records, ticket: this.progress.openBatch(String(batch)) });
      }
    }
    // Segments the checkpoint has passed (or that hold no whole batch) go now.
    this.checkpoint = checkpoint;
    this.saveCheckpoint();
    return batches;
  }

  /** Appends a batch before it is acknowledged, and returns the ticket that settles it. */
  append(arrivalMs: number, records: readonly Buffer[]): Ticket {
    const batch = this.nextBatch;
    this.nextBatch += 1;
    let size = HEADER_BYTES + 4 * records.length;
    for (const record of records) size += record.length;
    const bytes = takeBuffer(size);
    bytes.writeUInt32BE(MAGIC, 0);
    bytes.writeDoubleBE(batch, 4);
    bytes.writeDoubleBE(arrivalMs, 12);
    bytes.writeUInt32BE(records.length, 20);
    let at = HEADER_BYTES + 4 * records.length;
    records.forEach((record, index) => {
      bytes.writeUInt32BE(record.length, HEADER_BYTES + 4 * index);
      record.copy(bytes, at);
      at += record.length;
    });
    const segment = this.writableSegment(batch);
    try {
      if (!this.closed) {
        for (let written = 0; written < size; ) written += writeSync(segment.fd!, bytes, written, size - written);
      }
    } finally {
      giveBackBuffer(bytes);
    }
    segment.bytes += size;
    segment.lastBatch = batch;
    return this.progress.openBatch(String(batch));
  }

  /** Saves the checkpoint reached and closes the open segment; the files stay for the next start. */
  close(): void {
    this.saveCheckpoint();
    this.closed = true;
    for (const segment of this.segments) {
      if (segment.fd !== undefined) closeSync(segment.fd);
      delete segment.fd;
    }
  }

  private writableSegment(batch: number): Segment {
    const last = this.segments.at(-1);
    if (last?.fd !== undefined && last.bytes < this.segmentBytes) return last;
    if (last?.fd !== undefined) {
      closeSync(last.fd);
      delete last.fd;
    }
    const segment: Segment = { path: join(this.folder, segmentName(batch)), firstBatch: batch, lastBatch: batch - 1, bytes: 0 };
    if (!this.closed) segment.fd = openSync(segment.path, 'a');
    this.segments.push(segment);
    return segment;
  }

  // Batches settle one after another when an object is written: the checkpoint file is written once
  // for all of them. A crash before that write replays them again (at-least-once), never loses one.
  private advance(checkpoint: number): void {
    if (this.closed) return;
    const scheduled = this.checkpoint !== undefined;
    this.checkpoint = checkpoint;
    if (!scheduled) {
      setImmediate(() => {
        try {
          this.saveCheckpoint();
        } catch {
          // A checkpoint not saved (disk full, folder gone) only means more is replayed after a restart.
        }
      });
    }
  }

  private saveCheckpoint(): void {
    const checkpoint = this.checkpoint;
    this.checkpoint = undefined;
    if (this.closed || checkpoint === undefined) return;
    writeAtomically(join(this.folder, CHECKPOINT_FILE), checkpoint);
    while (this.segments.length > 0 && this.segments[0]!.lastBatch <= checkpoint) {
      const segment = this.segments.shift()!;
      if (segment.fd !== undefined) closeSync(segment.fd);
      unlinkSync(segment.path);
    }
  }
}
