const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 0x3d;
const CHARS = Uint8Array.from(ALPHABET, (char) => char.charCodeAt(0));
// Two base64 characters for every 12 bits, laid out in memory order, so one 32-bit store writes
// the four characters of three bytes.
const PAIRS = new Uint16Array(4096);
const pairBytes = new Uint8Array(PAIRS.buffer);
for (let bits = 0; bits < 4096; bits += 1) {
  pairBytes[2 * bits] = CHARS[bits >> 6] as number;
  pairBytes[2 * bits + 1] = CHARS[bits & 63] as number;
}
const FIRST_PAIR_SHIFT = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 16;
const quad = (bits: number): number => ((PAIRS[bits >>> 12] as number) << FIRST_PAIR_SHIFT) | ((PAIRS[bits & 0xfff] as number) << (16 - FIRST_PAIR_SHIFT));

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
  /** How many characters were appended since reset(). */
  length(): number;
  /** The text appended since reset() from offset `from` to `to` (offsets as append() returns them), as one string. */
  read(from?: number, to?: number): string;
}

/** A Base64Texts whose buffer starts at `initialBytes` and doubles as needed. */
export function createBase64Texts(initialBytes = 1 << 20): Base64Texts {
  let buffer = Buffer.from(new ArrayBuffer(initialBytes));
  let quads = new Uint32Array(buffer.buffer);
  // A multiple of 4 (every text is), so the 32-bit view always lines up.
  let used = 0;
  // Three bytes are read as one 32-bit load; the view is kept while the caller passes the same buffer.
  let source: Uint8Array = buffer;
  let sourceView: DataView<ArrayBufferLike> = new DataView(buffer.buffer);

  const grow = (bytes: number): void => {
    const bigger = Buffer.from(new ArrayBuffer(Math.max(bytes, buffer.length * 2)));
    buffer.copy(bigger, 0, 0, used);
    buffer = bigger;
    quads = new Uint32Array(buffer.buffer);
  };

  const append = (bytes: Uint8Array, start: number, end: number): number => {
    const textLength = Math.ceil((end - start) / 3) * 4;
    if (used + textLength > buffer.length) grow(used + textLength);
    if (bytes !== source) {
      source = bytes;
      sourceView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const whole = end - ((end - start) % 3);
    const wordLoads = Math.min(whole, bytes.length - 3);
    let w = used >> 2;
    let i = start;
    // Twelve bytes (four groups) from three 32-bit loads at a time, then one group per load.
    for (; i + 12 <= whole; i += 12) {
      const a = sourceView.getUint32(i);
      const b = sourceView.getUint32(i + 4);
      const c = sourceView.getUint32(i + 8);
      quads[w++] = quad(a >>> 8);
      quads[w++] = quad(((a & 0xff) << 16) | (b >>> 16));
      quads[w++] = quad(((b & 0xffff) << 8) | (c >>> 24));
      quads[w++] = quad(c & 0xffffff);
    }
    for (; i < wordLoads; i += 3) quads[w++] = quad(sourceView.getUint32(i) >>> 8);
    for (; i < whole; i += 3) quads[w++] = quad(((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number));
    let o = w << 2;
    if (i < end) {
      const hasSecond = i + 1 < end;
      const bits = ((bytes[i] as number) << 16) | (hasSecond ? (bytes[i + 1] as number) << 8 : 0);
      buffer[o++] = CHARS[bits >>> 18] as number;
      buffer[o++] = CHARS[(bits >>> 12) & 63] as number;
      buffer[o++] = hasSecond ? (CHARS[(bits >>> 6) & 63] as number) : PAD;
      buffer[o++] = PAD;
    }
    used = o;
    return used;
  };

  return {
    reset: () => {
      used = 0;
    },
    append,
    length: () => used,
    read: (from = 0, to = used) => buffer.toString('latin1', from, to),
  };
}
