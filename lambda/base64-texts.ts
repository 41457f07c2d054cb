/**
 * The base64 text of many byte ranges, written one after another into one buffer and read back as
 * strings of many ranges each. Each range's text is then a slice of such a string: a slice is a small
 * view in V8, where a string per record was most of the memory the collector copied and promoted.
 */
export interface Base64Texts {
  /** Forgets every text written so far. */
  reset(): void;
  /** Appends the base64 of `bytes[start, end)` (padded, as Buffer#toString('base64') writes it) and returns where its text ends. */
  append(bytes: Uint8Array, start: number, end: number): number;
  /**
   * The buffer to write the next range's bytes into, from `appendAt()`, with room for `bytes` of them;
   * `commit(length)` then appends them as append() would. The buffer may be replaced by a later call.
   */
  reserve(bytes: number): Buffer;
  /** Where the next range's bytes go in the buffer reserve() returned. */
  appendAt(): number;
  /** Appends the `length` bytes written from `appendAt()` and returns where their text ends. */
  commit(length: number): number;
  /** How many characters were appended since reset(). */
  length(): number;
  /** The text appended since reset() from offset `from` to `to` (offsets as append() returns them), as one string. */
  read(from?: number, to?: number): string;
}

const PAD = 0x3d;
/** Characters encoded per call when a text is put together in pieces (a multiple of 4). */
const PIECE_CHARS = 32 * 1024;

/**
 * A Base64Texts whose buffers start at `initialBytes` and double as needed.
 *
 * The ranges are not encoded one by one: each is copied to a multiple of three bytes into one buffer,
 * zeros after it, so that base64 of that whole buffer is every range's text one after another (three
 * bytes are four characters, and no group straddles two ranges). Node's own encoder, many times faster
 * than any loop here, then writes many ranges' texts at once. Where a range's length is not a multiple
 * of three, its zero bytes come out as "A"s in place of the "=" padding, which read() puts back.
 */
export function createBase64Texts(initialBytes = 1 << 20): Base64Texts {
  let raw = Buffer.allocUnsafeSlow(initialBytes);
  let text = Buffer.allocUnsafeSlow(Math.ceil(initialBytes / 3) * 4);
  let rawUsed = 0;
  // Where each padded text ends, and how many "=" it ends with (1 or 2), in append order.
  let padEnds = new Int32Array(1024);
  let padCounts = new Uint8Array(1024);
  let pads = 0;

  const growRaw = (bytes: number): void => {
    const bigger = Buffer.allocUnsafeSlow(Math.max(bytes, raw.length * 2));
    raw.copy(bigger, 0, 0, rawUsed);
    raw = bigger;
  };

  const reserve = (bytes: number): Buffer => {
    // Two more for the zeros commit() may write after the range.
    if (rawUsed + bytes + 2 > raw.length) growRaw(rawUsed + bytes + 2);
    return raw;
  };

  const append = (bytes: Uint8Array, start: number, end: number): number => {
    reserve(end - start);
    raw.set(bytes.subarray(start, end), rawUsed);
    return commit(end - start);
  };

  const commit = (length: number): number => {
    const rest = length % 3;
    const padded = length + (rest === 0 ? 0 : 3 - rest);
    const textEnd = ((rawUsed + padded) / 3) * 4;
    if (rest !== 0) {
      raw[rawUsed + length] = 0;
      if (rest === 1) raw[rawUsed + length + 1] = 0;
      if (pads === padEnds.length) {
        const ends = new Int32Array(pads * 2);
        ends.set(padEnds);
        padEnds = ends;
        const counts = new Uint8Array(pads * 2);
        counts.set(padCounts);
        padCounts = counts;
      }
      padEnds[pads] = textEnd;
      padCounts[pads] = 3 - rest;
      pads += 1;
    }
    rawUsed += padded;
    return textEnd;
  };

  const read = (from = 0, to = (rawUsed / 3) * 4): string => {
    // The first padded text ending after `from` (texts are appended in order, so the ends are sorted).
    let low = 0;
    let high = pads;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((padEnds[middle] as number) <= from) low = middle + 1;
      else high = middle;
    }
    if (low === pads || (padEnds[low] as number) > to) return raw.toString('base64', (from / 4) * 3, (to / 4) * 3);
    const length = to - from;
    if (text.length < length) text = Buffer.allocUnsafeSlow(Math.max(length, text.length * 2));
    // Encoded in pieces whose strings stay small young objects: only the string returned may be a large one.
    for (let at = 0; at < length; at += PIECE_CHARS) {
      const pieceFrom = ((from + at) / 4) * 3;
      text.write(raw.toString('base64', pieceFrom, Math.min(pieceFrom + (PIECE_CHARS / 4) * 3, (to / 4) * 3)), at, 'latin1');
    }
    for (let k = low; k < pads && (padEnds[k] as number) <= to; k += 1) {
      const at = (padEnds[k] as number) - from;
      text[at - 1] = PAD;
      if (padCounts[k] === 2) text[at - 2] = PAD;
    }
    return text.toString('latin1', 0, length);
  };

  return {
    reset: () => {
      rawUsed = 0;
      pads = 0;
    },
    append,
    reserve,
    appendAt: () => rawUsed,
    commit,
    length: () => (rawUsed / 3) * 4,
    read,
  };
}
