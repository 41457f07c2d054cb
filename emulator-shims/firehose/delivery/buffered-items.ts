/**
 * The records of one open S3 object, packed: their bytes copied one after another into a few slabs
 * (not one Buffer object per record, nor a view that keeps a whole GetRecords answer or Lambda
 * response alive), arrival times and record ends in typed arrays, and tickets as runs (records of one
 * source batch share one). A full 64 MiB buffer of short lines costs about its bytes plus 16 to 24
 * bytes a record.
 */
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

/** Bytes appended one run after another; a run never spans two slabs. Offsets count used bytes only. */
class ByteRuns {
  private readonly slabs: { bytes: Buffer; start: number; used: number }[] = [];
  length = 0;

  /** Appends `data` (and a newline after it when asked) as one run. */
  append(data: Uint8Array, newline: boolean): void {
    const size = data.length + (newline ? 1 : 0);
    let slab = this.slabs.at(-1);
    if (!slab || slab.bytes.length - slab.used < size) {
      const grown = slab ? Math.min(slab.bytes.length * 2, LARGEST_SLAB) : FIRST_SLAB;
      // Its own memory, not a slab of Node's pool shared with unrelated buffers.
      slab = { bytes: Buffer.allocUnsafeSlow(Math.max(grown, size)), start: this.length, used: 0 };
      this.slabs.push(slab);
    }
    slab.bytes.set(data, slab.used);
    if (newline) slab.bytes[slab.used + data.length] = NEWLINE;
    slab.used += size;
    this.length += size;
  }

  /** A view of the bytes from `start` to `end` (one run or several in one slab). */
  view(start: number, end: number): Buffer {
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

  /** Every byte appended, in order, as a few views. */
  pieces(): Buffer[] {
    return this.slabs.map((slab) => slab.bytes.subarray(0, slab.used));
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

export class BufferedItems {
  private data: ByteRuns | undefined = new ByteRuns();
  /** Kept apart only when asked (a destination object's records may go to error output as they came). */
  private raw: ByteRuns | undefined;
  private readonly dataEnds = new Numbers();
  private readonly rawEnds = new Numbers();
  private readonly arrivals = new Numbers();
  private readonly tickets: Ticket[] = [];
  private readonly ticketRuns: number[] = [];

  constructor(keepRawData: boolean) {
    this.raw = keepRawData ? new ByteRuns() : undefined;
  }

  /** Packed items of `items` (tests). */
  static of(items: readonly BufferedItem[], keepRawData = true): BufferedItems {
    const packed = new BufferedItems(keepRawData);
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
      this.raw.append(item.rawData, false);
      this.rawEnds.push(this.raw.length);
    }
    this.arrivals.push(item.arrivalMs);
    if (this.tickets.at(-1) === item.ticket) this.ticketRuns[this.ticketRuns.length - 1]! += 1;
    else {
      this.tickets.push(item.ticket);
      this.ticketRuns.push(1);
    }
  }

  /** Every record's data, one after another, as a few views (what the object's body is made of). */
  pieces(): Buffer[] {
    return this.bytes().pieces();
  }

  /**
   * Lets the records' bytes go (the object's body is made: only counts and tickets are needed until it
   * is written); pushing, reading items or pieces afterwards throws.
   */
  dropBytes(): void {
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
      const rawData = this.raw ? this.raw.view(index === 0 ? 0 : this.rawEnds.values[index - 1]!, this.rawEnds.values[index]!) : data;
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
