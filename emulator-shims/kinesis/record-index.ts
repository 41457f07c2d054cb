/**
 * What a shard keeps in memory about each of its records, in typed arrays (about 32 bytes a record, no
 * object per record): position, arrival time, where its frame lies in the shard's byte space, and the
 * sizes of its frame and data. Records are pushed in position order and dropped from the front.
 */
const FIRST_CAPACITY = 1024;

export class RecordIndex {
  private positions = new Float64Array(FIRST_CAPACITY);
  private arrivals = new Float64Array(FIRST_CAPACITY);
  private addresses = new Float64Array(FIRST_CAPACITY);
  private frameLengths = new Uint32Array(FIRST_CAPACITY);
  private dataLengths = new Uint32Array(FIRST_CAPACITY);
  /** Slot of the oldest record kept; slots before it were dropped. */
  private head = 0;
  private end = 0;

  /** Records kept. */
  get size(): number {
    return this.end - this.head;
  }

  push(position: number, arrivalMs: number, address: number, frameBytes: number, dataBytes: number): void {
    if (this.end === this.positions.length) this.makeRoom();
    const slot = this.end;
    this.positions[slot] = position;
    this.arrivals[slot] = arrivalMs;
    this.addresses[slot] = address;
    this.frameLengths[slot] = frameBytes;
    this.dataLengths[slot] = dataBytes;
    this.end += 1;
  }

  /** The `index`-th record kept (0 is the oldest). */
  position(index: number): number {
    return this.positions[this.head + index]!;
  }

  arrivalMs(index: number): number {
    return this.arrivals[this.head + index]!;
  }

  /** Where the record's frame starts in the shard's byte space. */
  address(index: number): number {
    return this.addresses[this.head + index]!;
  }

  dataBytes(index: number): number {
    return this.dataLengths[this.head + index]!;
  }

  /** The bytes of the record's whole frame. */
  frameBytes(index: number): number {
    return this.frameLengths[this.head + index]!;
  }

  /** Forgets the `count` oldest records. */
  dropFirst(count: number): void {
    this.head += Math.min(count, this.size);
    if (this.head === this.end) {
      this.head = 0;
      this.end = 0;
    }
  }

  /** The index of the first record at or after `position`: direct when positions are consecutive, else a search. */
  indexOfPosition(position: number): number {
    const size = this.size;
    if (size === 0) return 0;
    const guess = Math.max(0, position - this.position(0));
    if (guess < size && this.position(guess) === position) return guess;
    let low = 0;
    let high = size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.position(middle) < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The index of the first record that arrived at or after `epochMs` (arrival order is position order). */
  indexOfArrival(epochMs: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.arrivalMs(middle) < epochMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Moves the kept records to the front when the dropped part is at least half, else doubles the arrays. */
  private makeRoom(): void {
    const size = this.size;
    const capacity = this.head * 2 >= this.positions.length ? this.positions.length : this.positions.length * 2;
    const move = <T extends Float64Array | Uint32Array>(from: T, make: (length: number) => T): T => {
      const to = capacity === from.length ? from : make(capacity);
      if (to === from) from.copyWithin(0, this.head, this.end);
      else to.set(from.subarray(this.head, this.end));
      return to;
    };
    this.positions = move(this.positions, (length) => new Float64Array(length));
    this.arrivals = move(this.arrivals, (length) => new Float64Array(length));
    this.addresses = move(this.addresses, (length) => new Float64Array(length));
    this.frameLengths = move(this.frameLengths, (length) => new Uint32Array(length));
    this.dataLengths = move(this.dataLengths, (length) => new Uint32Array(length));
    this.head = 0;
    this.end = size;
  }
}
