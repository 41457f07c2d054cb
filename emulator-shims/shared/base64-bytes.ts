/**
 * Standard padded base64 between byte buffers, with no string on the way: a DirectPut record's text is
 * decoded from the request's bytes, and a record's data encoded into the Lambda event's. Node decodes and
 * encodes only to and from strings, a string of each record's text per put and per event that made most of
 * what the endpoint allocated on that path (each collection of the young generation it caused copied the
 * records waiting for the Lambda).
 */

const ALPHABET = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 'latin1');
/** Each byte's value as a base64 digit; -1 for a byte that is none (padding included). */
const DIGITS = new Int8Array(256).fill(-1);
for (let value = 0; value < ALPHABET.length; value += 1) DIGITS[ALPHABET[value]!] = value;
const PAD = 0x3d;

/**
 * Decodes the text `source[start..end)` into `into` from `offset` when it is canonical base64 (whole quads of
 * the standard alphabet, then an optional padded quad whose unused bits are zero: the texts a standard encoder
 * writes, isCanonicalBase64's verdict); answers the bytes written, or -1 (with some bytes written) for any
 * other text. `into` must have room for (end - start) / 4 * 3 bytes.
 */
export function decodeCanonicalInto(source: Uint8Array, start: number, end: number, into: Uint8Array, offset: number): number {
  const length = end - start;
  if (length % 4 !== 0) return -1;
  if (length === 0) return 0;
  const padding = source[end - 1] !== PAD ? 0 : source[end - 2] === PAD ? 2 : 1;
  const whole = padding === 0 ? end : end - 4;
  let at = offset;
  for (let index = start; index < whole; index += 4) {
    const a = DIGITS[source[index]!]!;
    const b = DIGITS[source[index + 1]!]!;
    const c = DIGITS[source[index + 2]!]!;
    const d = DIGITS[source[index + 3]!]!;
    if ((a | b | c | d) < 0) return -1;
    const bits = (a << 18) | (b << 12) | (c << 6) | d;
    into[at] = bits >>> 16;
    into[at + 1] = (bits >>> 8) & 0xff;
    into[at + 2] = bits & 0xff;
    at += 3;
  }
  if (padding === 0) return at - offset;
  const a = DIGITS[source[whole]!]!;
  const b = DIGITS[source[whole + 1]!]!;
  if ((a | b) < 0) return -1;
  if (padding === 2) {
    if ((b & 0x0f) !== 0) return -1;
    into[at] = (a << 2) | (b >>> 4);
    return at + 1 - offset;
  }
  const c = DIGITS[source[whole + 2]!]!;
  if (c < 0 || (c & 0x03) !== 0) return -1;
  const bits = (a << 12) | (b << 6) | c;
  into[at] = bits >>> 10;
  into[at + 1] = (bits >>> 2) & 0xff;
  return at + 2 - offset;
}

/**
 * Writes the padded base64 of `data[start..end)` (all of it by default) into `into` from `at` (it must have
 * room); answers the index past it.
 */
export function encodeBase64Into(data: Uint8Array, into: Uint8Array, at: number, start = 0, end = data.length): number {
  const length = end - start;
  const whole = start + length - (length % 3);
  for (let index = start; index < whole; index += 3) {
    const bits = (data[index]! << 16) | (data[index + 1]! << 8) | data[index + 2]!;
    into[at] = ALPHABET[bits >>> 18]!;
    into[at + 1] = ALPHABET[(bits >>> 12) & 0x3f]!;
    into[at + 2] = ALPHABET[(bits >>> 6) & 0x3f]!;
    into[at + 3] = ALPHABET[bits & 0x3f]!;
    at += 4;
  }
  if (whole === end) return at;
  const two = end - whole === 2;
  const bits = (data[whole]! << 16) | (two ? data[whole + 1]! << 8 : 0);
  into[at] = ALPHABET[bits >>> 18]!;
  into[at + 1] = ALPHABET[(bits >>> 12) & 0x3f]!;
  into[at + 2] = two ? ALPHABET[(bits >>> 6) & 0x3f]! : PAD;
  into[at + 3] = PAD;
  return at + 4;
}
