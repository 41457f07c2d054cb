import { isUtf8 } from 'node:buffer';
import { hexValue } from './decode-value.js';

// Byte-level helpers of the JSON line writer: each reads or writes a Buffer at a position it is given
// and returns the next one, so the hot loops keep their state in locals.

export const QUOTE = 0x22;

export const isDigit = (code: number | undefined): boolean => code !== undefined && code >= 48 && code <= 57;

// Mirrors the integer and decimal rules of convertValue, minus leading zeros (JSON has none).
export const isJsonInteger = (line: Buffer, start: number, end: number): boolean => {
  if (end - start > 15 || (end - start > 1 && line[start] === 48)) return false;
  for (let i = start; i < end; i += 1) if (!isDigit(line[i])) return false;
  return true;
};
export const isJsonDecimal = (line: Buffer, start: number, end: number): boolean => {
  let i = start;
  while (i < end && isDigit(line[i])) i += 1;
  if (i === start || (i - start > 1 && line[start] === 48)) return false;
  if (i === end) return true;
  if (line[i] !== 0x2e || i + 1 === end) return false;
  for (i += 1; i < end; i += 1) if (!isDigit(line[i])) return false;
  return true;
};
export const isMethodByte = (code: number | undefined): boolean => code !== undefined && ((code >= 65 && code <= 90) || code === 95 || code === 45);
export const PART_NAMES = ['method', 'uri', 'protocol'];
export const HTTP_SLASH = Buffer.from('HTTP/', 'latin1');
export const isProtocol = (line: Buffer, start: number, end: number): boolean =>
  end - start === 8 && hasBytesAt(line, HTTP_SLASH, start) && isDigit(line[start + 5]) && line[start + 6] === 0x2e && isDigit(line[start + 7]);

// A plain loop beats Buffer#indexOf here: values are short, and the native call costs more than the scan.
export const indexOfBytes = (line: Buffer, literal: Buffer, from: number, end: number): number => {
  const first = literal[0] as number;
  const last = end - literal.length;
  for (let i = from; i <= last; i += 1) {
    if (line[i] !== first) continue;
    let j = 1;
    while (j < literal.length && line[i + j] === literal[j]) j += 1;
    if (j === literal.length) return i;
  }
  return -1;
};
export const hasBytesAt = (line: Buffer, bytes: Buffer, at: number): boolean => {
  for (let j = 0; j < bytes.length; j += 1) if (line[at + j] !== bytes[j]) return false;
  return true;
};

// The write position travels as an argument and a return value: kept in a closure it is reloaded
// from memory on every byte, which made these loops several times slower.
export const putRaw = (out: Buffer, o: number, line: Buffer, start: number, end: number, views: ByteViews): number => {
  let i = start;
  for (; i + 4 <= end; i += 4, o += 4) views.out.setInt32(o, views.line.getInt32(i));
  for (; i < end; i += 1) out[o++] = line[i] as number;
  return o;
};

/** DataViews of the line being read and the buffer being written, for four bytes at a time. */
export interface ByteViews {
  line: DataView;
  out: DataView;
}

// Whether any of a word's four bytes is zero, below 0x20, or above 0x7e ("Bit Twiddling Hacks"; exact
// as a yes or no whatever the byte order). A word with none of them, quotes and backslashes
// (nor a literal's first byte) is copied whole.
const hasZeroByte = (word: number): number => (word - 0x01010101) & ~word & 0x80808080;
const hasByteBelow20 = (word: number): number => (word - 0x20202020) & ~word & 0x80808080;
const hasByteAbove7e = (word: number): number => ((word + 0x01010101) | word) & 0x80808080;
const isPlainWord = (word: number): boolean =>
  (hasByteBelow20(word) | hasByteAbove7e(word) | hasZeroByte(word ^ 0x22222222) | hasZeroByte(word ^ 0x5c5c5c5c)) === 0;

// Only printable ASCII without quote or backslash is copied: it needs no JSON escaping and no decoding. -1 otherwise.
export const putQuoted = (out: Buffer, o: number, line: Buffer, start: number, end: number, views: ByteViews): number => {
  out[o++] = QUOTE;
  let i = start;
  for (; i + 4 <= end; i += 4, o += 4) {
    const word = views.line.getInt32(i);
    if (!isPlainWord(word)) break;
    views.out.setInt32(o, word);
  }
  for (; i < end; i += 1) {
    const code = line[i] as number;
    if (code < 0x20 || code > 0x7e || code === QUOTE || code === 0x5c) return -1;
    out[o++] = code;
  }
  out[o++] = QUOTE;
  return o;
};

/** copyUntil stopped at a byte that JSON text needs escaped or decoded (a backslash). */
export const NEEDS_DECODING = -2;
/** copyUntil stopped at a byte nginx's escape=default never writes unescaped (a quote, control or high byte). */
export const NOT_PRINTABLE = -3;

/**
 * Scan and copy in one pass: copies line[from, …) to out[o, …) until `literal` starts, and returns
 * where it starts (so the copy is that index minus `from` bytes long). Returns -1 when the literal
 * does not start before `limit`, NEEDS_DECODING or NOT_PRINTABLE when a byte cannot be copied as is.
 */
export const copyUntil = (line: Buffer, from: number, limit: number, literal: Buffer, out: Buffer, o: number, views: ByteViews): number => {
  const first = literal[0] as number;
  const firstWord = Math.imul(first, 0x01010101);
  const last = limit - literal.length;
  for (let i = from; i <= last; i += 1) {
    for (; i + 3 <= last; i += 4, o += 4) {
      const word = views.line.getInt32(i);
      if (!isPlainWord(word) || hasZeroByte(word ^ firstWord) !== 0) break;
      views.out.setInt32(o, word);
    }
    if (i > last) break;
    const code = line[i] as number;
    if (code === first) {
      let j = 1;
      while (j < literal.length && line[i + j] === literal[j]) j += 1;
      if (j === literal.length) return i;
    }
    if (code === 0x5c) return NEEDS_DECODING;
    if (code < 0x20 || code > 0x7e || code === QUOTE) return NOT_PRINTABLE;
    out[o++] = code;
  }
  return -1;
};

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
// JSON.stringify's short escapes; every other control byte becomes \u00xx.
const SHORT_ESCAPES: Record<number, number> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72, 0x22: 0x22, 0x5c: 0x5c };

// Writes one byte of a value as JSON.stringify writes it (bytes from 0x80 are UTF-8, written as they are).
const putJsonByte = (out: Buffer, o: number, byte: number): number => {
  if (byte >= 0x20 && byte !== QUOTE && byte !== 0x5c) {
    out[o++] = byte;
    return o;
  }
  out[o++] = 0x5c;
  const short = SHORT_ESCAPES[byte];
  if (short !== undefined) {
    out[o++] = short;
    return o;
  }
  out[o++] = 0x75;
  out[o++] = 0x30;
  out[o++] = 0x30;
  out[o++] = HEX_DIGITS[byte >> 4] as number;
  out[o++] = HEX_DIGITS[byte & 15] as number;
  return o;
};

/**
 * Writes an escape=default value that has backslashes as a JSON string, as decodeValue and then
 * JSON.stringify would: \xHH escapes become their bytes when those bytes are UTF-8, and the value
 * stays as nginx wrote it when they are not. -1 when a byte is one nginx would have escaped.
 */
export const putDecoded = (out: Buffer, o: number, line: Buffer, start: number, end: number): number => {
  const valueStart = o;
  let high = false;
  out[o++] = QUOTE;
  for (let i = start; i < end; ) {
    const code = line[i] as number;
    if (code === 0x5c) {
      const hex = i + 3 < end && line[i + 1] === 0x78 ? (hexValue(line[i + 2]) << 4) | hexValue(line[i + 3]) : -1;
      // A backslash that starts no escape is kept, as decodeValue keeps it.
      const byte = hex >= 0 ? hex : 0x5c;
      i += hex >= 0 ? 4 : 1;
      if (byte >= 0x80) high = true;
      o = putJsonByte(out, o, byte);
    } else {
      if (code < 0x20 || code > 0x7e || code === QUOTE) return -1;
      out[o++] = code;
      i += 1;
    }
  }
  out[o++] = QUOTE;
  // Escaping only rewrote ASCII bytes, so the written bytes are UTF-8 exactly when the decoded ones are.
  if (!high || isUtf8(out.subarray(valueStart + 1, o - 1))) return o;
  o = valueStart;
  out[o++] = QUOTE;
  for (let i = start; i < end; i += 1) o = putJsonByte(out, o, line[i] as number);
  out[o++] = QUOTE;
  return o;
};

/** Constant bytes (a JSON key and its punctuation) as 32-bit words, for putWords. */
export interface Words {
  readonly words: Int32Array;
  readonly length: number;
}

/**
 * Reads `bytes` (zero-padded to whole words) into `words` as little-endian words. Stored back with
 * setInt32(…, true), a constant the compiler folds, they are the same bytes on any platform.
 */
export const readWordsLE = (bytes: Uint8Array, words: Int32Array): void => {
  for (let j = 0; j < words.length; j += 1) {
    const at = 4 * j;
    words[j] = (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 24);
  }
};

export const toWords = (bytes: Uint8Array): Words => {
  const words = new Int32Array(Math.ceil(bytes.length / 4));
  readWordsLE(bytes, words);
  return { words, length: bytes.length };
};

/** Writes `constant` at `o` four bytes at a time; it may write up to 3 bytes of padding past its end. */
export const putWords = (view: DataView, o: number, constant: Words): number => {
  const { words } = constant;
  for (let j = 0; j < words.length; j += 1) view.setInt32(o + 4 * j, words[j] as number, true);
  return o + constant.length;
};
