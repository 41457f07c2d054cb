/**
 * The records of one open S3 object, packed: their bytes copied one after another into a few slabs
 * (not one Buffer object per record, nor a view that keeps a whole GetRecords answer or Lambda
 * response alive), arrival times and record ends in typed arrays, and tickets as runs (records of one
 * source batch share one). A full 64 MiB buffer of short lines costs about its bytes plus 16 to 24
 * bytes a record. Given a scratch folder, the bytes past the first SPILL_AFTER_BYTES go to a scratch
 * file of the buffer's own (the page cache, not the endpoint's memory) and are read back when the
 * object is made: dynamic partitioning's 64 MiB buffering hints kept a whole bench's data in the
 * endpoint's memory until the flush.
 */
import { closeSync, mkdirSync, openSync, readSync, rmSync, writevSync } from 'node:fs';
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { join } from 'node:path';
import { LIVING_TICKETS } from './ticket.js';
import type { Ticket } from './ticket.js';

export interface BufferedItem {
  data: Buffer;
  /** The record before processing, for error output if the object cannot be written where intended. */
  rawData: Buffer;
  arrivalMs: number;
  ticket: Ticket;
}

const FIRST_SLAB = 4 * 1024;
const LARGEST_SLAB = 1024 * 1024;
const NEWLINE = 0x0a;

/** Bytes of an open object kept in memory before the rest goes to its scratch file. */
export const SPILL_AFTER_BYTES = 1024 * 1024;
/** Bytes read from a scratch file at a time (a body's pieces, and the window records are read back through). */
const READ_BYTES = 4 * 1024 * 1024;

/**
 * Bytes appended one run after another; a run never spans two slabs, nor the file and memory. Offsets count
 * used bytes only. With `spillTo`, once the slabs hold SPILL_AFTER_BYTES, they are written to a scratch file
 * (made on the first spill) and memory keeps one slab for what comes next.
 */
class ByteRuns {
  private slabs: { bytes: Buffer; start: number; used: number }[] = [];
  length = 0;
  /** Bytes in the file: the runs before offset `onFile` are there, the others in the slabs. */
  private onFile = 0;
  private file: { fd: number; path: string } | undefined;
  /** The last stretch read back from the file, for records read one after another. */
  private window: { start: number; bytes: Buffer } | undefined;
  /** With `hashed`: the MD5 of the bytes written to the file so far, updated as they are written. */
  private md5: Hash | undefined;

  /**
   * `hashed`: the file's MD5 is made as its bytes are written, and takeFile hands it over (S3's ETag of an object
   * made of the file, which otherwise read the whole file back at the write, the flush's longest step).
   */
  constructor(private readonly spillTo?: () => string, private readonly hashed = false) {}

  /** Appends `data` (and a newline after it when asked) as one run. */
  append(data: Uint8Array, newline: boolean): void {
    const size = data.length + (newline ? 1 : 0);
    let slab = this.slabs.at(-1);
    if (!slab || slab.bytes.length - slab.used < size) {
      const grown = slab ? Math.min(slab.bytes.length * 2, LARGEST_SLAB) : FIRST_SLAB;
      let reused: Buffer | undefined;
      if (this.spillTo && this.length - this.onFile >= SPILL_AFTER_BYTES) reused = this.spill();
      // Its own memory, not a slab of Node's pool shared with unrelated buffers.
      slab = { bytes: reused && reused.length >= size ? reused : Buffer.allocUnsafeSlow(Math.max(grown, size)), start: this.length, used: 0 };
      this.slabs.push(slab);
    }
    slab.bytes.set(data, slab.used);
    if (newline) slab.bytes[slab.used + data.length] = NEWLINE;
    slab.used += size;
    this.length += size;
  }

  /**
   * Once bytes went to the scratch file: the rest follows them, and the file, closed, is the caller's (to remove
   * once done); these runs keep nothing. Undefined (and nothing changes) when everything is in memory.
   */
  takeFile(): { file: string; size: number; md5Hex?: string } | undefined {
    if (!this.file) return undefined;
    if (this.length > this.onFile) this.spill();
    const { fd, path } = this.file;
    closeSync(fd);
    this.file = undefined;
    this.slabs = [];
    this.window = undefined;
    const md5Hex = this.md5?.digest('hex');
    this.md5 = undefined;
    return md5Hex === undefined ? { file: path, size: this.length } : { file: path, size: this.length, md5Hex };
  }

  /** Writes every slab to the scratch file and empties the list; returns the largest slab, free for reuse. */
  private spill(): Buffer {
    if (!this.file) {
      const path = this.spillTo!();
      // Read and write: records go to error output from it; the mode an object file written by the S3 store gets.
      this.file = { fd: openSync(path, 'wx+', 0o666), path };
    }
    const pieces = this.slabs.map((slab) => slab.bytes.subarray(0, slab.used));
    let written = 0;
    const total = this.length - this.onFile;
    while (written < total) {
      let skip = written;
      const rest: Buffer[] = [];
      for (const piece of pieces) {
        if (skip >= piece.length) skip -= piece.length;
        else {
          rest.push(skip > 0 ? piece.subarray(skip) : piece);
          skip = 0;
        }
      }
      written += writevSync(this.file.fd, rest, this.onFile + written);
    }
    if (this.hashed) {
      this.md5 ??= createHash('md5');
      for (const piece of pieces) this.md5.update(piece);
    }
    this.onFile = this.length;
    let largest = this.slabs[0]!.bytes;
    for (const slab of this.slabs) if (slab.bytes.length > largest.length) largest = slab.bytes;
    this.slabs = [];
    return largest;
  }

  private readFile(start: number, length: number): Buffer {
    const bytes = Buffer.allocUnsafeSlow(length);
    let read = 0;
    while (read < length) {
      const count = readSync(this.file!.fd, bytes, read, length - read, start + read);
      if (count === 0) throw new Error(`scratch file ${this.file!.path} ends before byte ${start + length}`);
      read += count;
    }
    return bytes;
  }

  /** A view of the bytes from `start` to `end` (one run or several in one slab, or anywhere in the file). */
  view(start: number, end: number): Buffer {
    if (start < this.onFile) {
      const window = this.window;
      if (window && start >= window.start && end <= window.start + window.bytes.length) return window.bytes.subarray(start - window.start, end - window.start);
      const length = Math.max(end - start, Math.min(READ_BYTES, this.onFile - start));
      this.window = { start, bytes: this.readFile(start, length) };
      return this.window.bytes.subarray(0, end - start);
    }
    let low = 0;
    let high = this.slabs.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.slabs[middle]!.start <= start) low = middle;
      else high = middle - 1;
    }
    const slab = this.slabs[low]!;
    return slab.bytes.subarray(start - slab.start, end - slab.start);
  }

  /** Every byte appended, in order, as a few buffers (read back from the scratch file, then the slabs' views). */
  pieces(): Buffer[] {
    const pieces: Buffer[] = [];
    for (let at = 0; at < this.onFile; at += READ_BYTES) pieces.push(this.readFile(at, Math.min(READ_BYTES, this.onFile - at)));
    for (const slab of this.slabs) pieces.push(slab.bytes.subarray(0, slab.used));
    return pieces;
  }

  /** Closes and removes the scratch file, if there is one. */
  discard(): void {
    this.window = undefined;
    this.md5 = undefined;
    if (!this.file) return;
    closeSync(this.file.fd);
    // Gone already when the stream's folder was removed (DeleteDeliveryStream).
    rmSync(this.file.path, { force: true });
    this.file = undefined;
  }
}

/** A growable Float64Array. */
class Numbers {
  values = new Float64Array(64);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length] = value;
    this.length += 1;
  }
}

/** A rawEnds entry's end in the raw bytes, whether the record was copied there or not. */
const rawEndOf = (entry: number): number => (entry < 0 ? -1 - entry : entry);

export class BufferedItems {
  private data: ByteRuns | undefined;
  /** Kept apart only when asked (a destination object's records may go to error output as they came). */
  private raw: ByteRuns | undefined;
  private readonly dataEnds = new Numbers();
  /**
   * Where each record's raw data ends in `raw`; `-1 - end` for a record whose raw data was its data (the same
   * buffer, with no newline added), which is read back from the data's copy instead of being copied twice.
   */
  private readonly rawEnds = new Numbers();
  private readonly arrivals = new Numbers();
  private readonly tickets: Ticket[] = [];
  private readonly ticketRuns: number[] = [];

  /**
   * `scratchFolder`: where the bytes past SPILL_AFTER_BYTES go (a file each for data and raw data); kept in memory
   * without it. `hashData`: the data's scratch file gets its MD5 made as it is written (see takeFile).
   */
  constructor(keepRawData: boolean, scratchFolder?: string, hashData = false) {
    const spillTo = scratchFolder === undefined ? undefined : (kind: string) => () => {
      mkdirSync(scratchFolder, { recursive: true });
      return join(scratchFolder, `${randomUUID()}.${kind}`);
    };
    this.data = new ByteRuns(spillTo?.('data'), hashData);
    this.raw = keepRawData ? new ByteRuns(spillTo?.('raw')) : undefined;
  }

  /** Packed items of `items` (tests). */
  static of(items: readonly BufferedItem[], keepRawData = true, scratchFolder?: string): BufferedItems {
    const packed = new BufferedItems(keepRawData, scratchFolder);
    for (const item of items) packed.push(item);
    return packed;
  }

  /** Records held. */
  get length(): number {
    return this.arrivals.length;
  }

  /** Copies the item in; with `newline`, its data gets a newline after it (Firehose's AppendDelimiterToRecord). */
  push(item: BufferedItem, newline = false): void {
    const data = this.bytes();
    data.append(item.data, newline);
    this.dataEnds.push(data.length);
    if (this.raw) {
      if (item.rawData === item.data && !newline) this.rawEnds.push(-1 - this.raw.length);
      else {
        this.raw.append(item.rawData, false);
        this.rawEnds.push(this.raw.length);
      }
    }
    this.arrivals.push(item.arrivalMs);
    if (this.tickets.at(-1) === item.ticket) this.ticketRuns[this.ticketRuns.length - 1]! += 1;
    else {
      this.tickets.push(item.ticket);
      this.ticketRuns.push(1);
    }
  }

  /**
   * The records' data as one file, when part of it went to a scratch file (see ByteRuns.takeFile): the file is
   * the caller's from now on, and the bytes are dropped. Undefined, and nothing changes, when it is all in memory.
   */
  takeFile(): { file: string; size: number; md5Hex?: string } | undefined {
    const file = this.bytes().takeFile();
    if (file) this.dropBytes();
    return file;
  }

  /** Every record's data, one after another, as a few views (what the object's body is made of). */
  pieces(): Buffer[] {
    return this.bytes().pieces();
  }

  /**
   * Lets the records' bytes go, and removes their scratch files (the object's body is made, or the records
   * went elsewhere: only counts and tickets are needed until it is written); pushing, reading items or pieces
   * afterwards throws. Idempotent.
   */
  dropBytes(): void {
    this.data?.discard();
    this.raw?.discard();
    this.data = undefined;
    this.raw = undefined;
  }

  private bytes(): ByteRuns {
    if (!this.data) throw new Error('the records\' bytes were dropped once the object was made');
    return this.data;
  }

  /** Each item, its data and raw data as views (the raw data is the data when it was not kept apart). */
  *[Symbol.iterator](): IterableIterator<BufferedItem> {
    const bytes = this.bytes();
    let run = 0;
    let leftInRun = this.ticketRuns[0] ?? 0;
    for (let index = 0; index < this.length; index += 1) {
      while (leftInRun === 0) {
        run += 1;
        leftInRun = this.ticketRuns[run]!;
      }
      leftInRun -= 1;
      const data = bytes.view(index === 0 ? 0 : this.dataEnds.values[index - 1]!, this.dataEnds.values[index]!);
      const rawEnd = this.rawEnds.values[index]!;
      const rawData = this.raw && rawEnd >= 0 ? this.raw.view(index === 0 ? 0 : rawEndOf(this.rawEnds.values[index - 1]!), rawEnd) : data;
      yield { data, rawData, arrivalMs: this.arrivals.values[index]!, ticket: this.tickets[run]! };
    }
  }

  /** Releases every record's hold on its ticket. */
  releaseTickets(): void {
    this.tickets.forEach((ticket, run) => {
      for (let count = 0; count < this.ticketRuns[run]!; count += 1) ticket.release();
    });
  }
}

/**
 * Packed items that live as long as the module, in each state the record path leaves them (raw data kept
 * apart or not, bytes dropped), with the byte runs and number arrays they hold: a memory-reducing full
 * collection while no object is open would otherwise drop these classes' layouts with their last
 * instances, and the record path's optimized code with them (see LIVING_TICKETS).
 */
export const LIVING_ITEMS: readonly BufferedItems[] = [new BufferedItems(true), new BufferedItems(false), new BufferedItems(true)];
for (const items of LIVING_ITEMS) {
  const data = Buffer.from('x');
  items.push({ data, rawData: data, arrivalMs: 0, ticket: LIVING_TICKETS[0]! });
  items.push({ data, rawData: Buffer.from('y'), arrivalMs: 0, ticket: LIVING_TICKETS[1]! }, true);
}
LIVING_ITEMS[2]!.dropBytes();
