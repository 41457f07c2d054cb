/**
 * Reading the usual shape of a JSON body from its bytes, for the bodies read without a parse: the put calls'
 * requests (Firehose's PutRecordBatch, Kinesis's PutRecords) and a Firehose transform's answer. Their readers
 * accept only bodies without a backslash, where a string's text is what is between its quotes, and leave anything
 * else to JSON.parse. Every function answers -1 or false, never throws, for bytes that are not what it looks for,
 * whatever the body holds.
 */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;

/** The index of the first byte from `at` that is not JSON whitespace. */
export function skipSpace(body: Buffer, at: number): number {
  for (;;) {
    const byte = body[at];
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return at;
    at += 1;
  }
}

/** True when `body` holds `literal` at `at`. */
export function holds(body: Buffer, at: number, literal: Buffer): boolean {
  if (at + literal.length > body.length) return false;
  for (let index = 0; index < literal.length; index += 1) if (body[at + index] !== literal[index]) return false;
  return true;
}

/**
 * True when `body` holds `text` at `at` as a JSON string's unescaped content: every character printable ASCII other
 * than the quote (a body read without a parse holds no backslash). Compared in place: no string is made of the bytes,
 * and one text's UTF-8 bytes never pass for another text's characters.
 */
export function holdsPlainText(body: Uint8Array, at: number, text: string): boolean {
  if (at + text.length > body.length) return false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === QUOTE || code > 0x7e || body[at + index] !== code) return false;
  }
  return true;
}

/** From the quote at `at`, the index of the string's closing quote (the body holds no escape), or -1. */
export function stringEnd(body: Buffer, at: number): number {
  return body[at] === QUOTE ? body.indexOf(QUOTE, at + 1) : -1;
}

/** From the quote at `at`, the index past `"key"` and its colon (and the whitespace after it), or -1. */
export function afterKey(body: Buffer, at: number, key: Buffer): number {
  if (body[at] !== QUOTE || !holds(body, at + 1, key) || body[at + 1 + key.length] !== QUOTE) return -1;
  at = skipSpace(body, at + key.length + 2);
  return body[at] === 0x3a ? skipSpace(body, at + 1) : -1;
}

/** By byte: the characters of a stream's name, [a-zA-Z0-9_.-] (Kinesis's and Firehose's name pattern). */
const NAME_CHARACTER = new Uint8Array(256);
for (const character of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-') NAME_CHARACTER[character.charCodeAt(0)] = 1;

/**
 * From the quote at `at`, the index of the closing quote of a string of 1 to `maxLength` of a stream name's
 * characters (its text is then its bytes as latin1), or -1 for any other value.
 */
export function nameEnd(body: Buffer, at: number, maxLength: number): number {
  const end = stringEnd(body, at);
  const length = end - at - 1;
  if (end === -1 || length < 1 || length > maxLength) return -1;
  for (let index = at + 1; index < end; index += 1) if (NAME_CHARACTER[body[index]!] !== 1) return -1;
  return end;
}

/**
 * A put call's body of exactly two members in either order, each once: a stream name under `nameKey` (1 to
 * `maxNameLength` of a name's characters) and a list under `recordsKey`, read by `readList` from its `[` (it pushes
 * numbers on `spans` and answers the index past the list and the whitespace after it, or -1). The name and what
 * `readList` pushed, or undefined for any other body, one holding a backslash among them.
 */
export function readNameAndList(
  body: Buffer,
  nameKey: Buffer,
  maxNameLength: number,
  recordsKey: Buffer,
  readList: (body: Buffer, at: number, spans: number[]) => number,
): { name: string; spans: number[] } | undefined {
  let at = skipSpace(body, 0);
  // Without escapes, a string's text is what is between its quotes.
  if (body[at] !== 0x7b || body.indexOf(BACKSLASH) !== -1) return undefined;
  at = skipSpace(body, at + 1);
  let name: string | undefined;
  let spans: number[] | undefined;
  for (;;) {
    if (holds(body, at + 1, nameKey)) {
      const valueAt = afterKey(body, at, nameKey);
      const end = valueAt === -1 || name !== undefined ? -1 : nameEnd(body, valueAt, maxNameLength);
      if (end === -1) return undefined;
      name = body.toString('latin1', valueAt + 1, end);
      at = skipSpace(body, end + 1);
    } else if (holds(body, at + 1, recordsKey)) {
      const valueAt = afterKey(body, at, recordsKey);
      if (valueAt === -1 || spans !== undefined) return undefined;
      spans = [];
      at = readList(body, valueAt, spans);
      if (at === -1) return undefined;
    } else return undefined;
    if (body[at] === 0x7d) break;
    if (body[at] !== 0x2c) return undefined;
    at = skipSpace(body, at + 1);
  }
  if (skipSpace(body, at + 1) !== body.length || name === undefined || spans === undefined) return undefined;
  return { name, spans };
}

/**
 * From the `[` at `at`, a list of 1 to `maxItems` items, each read by `readItem` from its first byte (it pushes what it
 * read on `spans` and answers the index past the item, or -1); the index past the list's `]` and the whitespace after
 * it, or -1.
 */
export function readList(body: Buffer, at: number, maxItems: number, readItem: (body: Buffer, at: number, spans: number[]) => number, spans: number[]): number {
  if (body[at] !== 0x5b) return -1;
  at = skipSpace(body, at + 1);
  for (let items = 1; items <= maxItems; items += 1) {
    at = readItem(body, at, spans);
    if (at === -1) return -1;
    at = skipSpace(body, at);
    if (body[at] === 0x5d) return skipSpace(body, at + 1);
    if (body[at] !== 0x2c) return -1;
    at = skipSpace(body, at + 1);
  }
  return -1;
}

/** A key or literal as the bytes the readers compare. */
export const asciiBytes = (text: string): Buffer => Buffer.from(text, 'latin1');
