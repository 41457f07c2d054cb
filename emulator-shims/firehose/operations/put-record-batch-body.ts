/**
 * PutRecordBatch's body read from its bytes, for the bodies SDKs and CLIs send: one object with a
 * DeliveryStreamName string and a Records list of 1 to 500 objects, each holding only a Data string of
 * canonical base64; JSON whitespace anywhere between tokens, the two members in either order, no escape in
 * any string. Each record's text is decoded once, into one buffer for the batch, and no string of it
 * outlives the call: JSON.parse made one per record, the table's blob check decoded it into a scratch
 * buffer, the operation decoded it again and the strings were kept with their records until the
 * Lambda's event was written, most of what the endpoint's young generation copied and promoted there.
 * Anything else, valid or not, gives undefined: the generic JSON parse and validation then read it and give
 * every verdict and message. What this accepts is exactly what that path accepts with the same records.
 */
import { decodeCanonicalInto } from '../base64-bytes.js';

/** PutRecordBatch's limit on records per call. */
export const MAX_BATCH_RECORDS = 500;

/** A body read by readPutRecordBatchBody: valid by PutRecordBatch's table, its records decoded. */
export class ReadPutRecordBatch {
  constructor(
    readonly deliveryStreamName: string,
    /** Each record's bytes, views of one buffer. */
    readonly records: Buffer[],
  ) {}
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');
const STREAM_NAME_KEY = ascii('DeliveryStreamName');
const RECORDS_KEY = ascii('Records');
const DATA_KEY = ascii('Data');
const MAX_STREAM_NAME = 64;

/** By byte: the characters of a stream name (STREAM_NAME's pattern, [a-zA-Z0-9_.-]). */
const NAME_CHARACTER = new Uint8Array(256);
for (const character of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-') NAME_CHARACTER[character.charCodeAt(0)] = 1;

/** The index of the first byte from `at` that is not JSON whitespace. */
function skipSpace(body: Buffer, at: number): number {
  for (;;) {
    const byte = body[at];
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return at;
    at += 1;
  }
}

/** True when `body` holds `literal` at `at`. */
function holds(body: Buffer, at: number, literal: Buffer): boolean {
  if (at + literal.length > body.length) return false;
  for (let index = 0; index < literal.length; index += 1) if (body[at + index] !== literal[index]) return false;
  return true;
}

/** From the quote at `at`, the index of the string's closing quote (the body holds no escape), or -1. */
function stringEnd(body: Buffer, at: number): number {
  return body[at] === QUOTE ? body.indexOf(QUOTE, at + 1) : -1;
}

/** From the quote at `at`, the index past `"key"` and its colon (and the whitespace after it), or -1. */
function afterKey(body: Buffer, at: number, key: Buffer): number {
  if (body[at] !== QUOTE || !holds(body, at + 1, key) || body[at + 1 + key.length] !== QUOTE) return -1;
  at = skipSpace(body, at + key.length + 2);
  return body[at] === 0x3a ? skipSpace(body, at + 1) : -1;
}

/** The index of the closing quote of the stream name whose opening quote is at `at`, when it is a name STREAM_NAME allows; else -1. */
function streamNameEnd(body: Buffer, at: number): number {
  const end = stringEnd(body, at);
  const length = end - at - 1;
  if (end === -1 || length < 1 || length > MAX_STREAM_NAME) return -1;
  for (let index = at + 1; index < end; index += 1) if (NAME_CHARACTER[body[index]!] !== 1) return -1;
  return end;
}

/** The PutRecordBatch input `body` holds, read and decoded, or undefined for any body the generic parse must read. */
export function readPutRecordBatchBody(body: Buffer): ReadPutRecordBatch | undefined {
  let at = skipSpace(body, 0);
  // Without escapes, a string's text is what is between its quotes.
  if (body[at] !== 0x7b || body.indexOf(BACKSLASH) !== -1) return undefined;
  at = skipSpace(body, at + 1);
  let name: string | undefined;
  // The records' texts, as [start, end) pairs in the body.
  let spans: number[] | undefined;
  for (;;) {
    if (holds(body, at + 1, STREAM_NAME_KEY)) {
      const valueAt = afterKey(body, at, STREAM_NAME_KEY);
      const end = valueAt === -1 || name !== undefined ? -1 : streamNameEnd(body, valueAt);
      if (end === -1) return undefined;
      name = body.toString('latin1', valueAt + 1, end);
      at = skipSpace(body, end + 1);
    } else if (holds(body, at + 1, RECORDS_KEY)) {
      const valueAt = afterKey(body, at, RECORDS_KEY);
      if (valueAt === -1 || spans !== undefined) return undefined;
      spans = [];
      at = readRecords(body, valueAt, spans);
      if (at === -1) return undefined;
    } else return undefined;
    if (body[at] === 0x7d) break;
    if (body[at] !== 0x2c) return undefined;
    at = skipSpace(body, at + 1);
  }
  if (skipSpace(body, at + 1) !== body.length || name === undefined || spans === undefined) return undefined;
  return decodeRecords(body, name, spans);
}

/**
 * From the `[` at `at`, the records' Data texts as [start, end) pairs pushed on `spans`; the index past the
 * list's `]` and the whitespace after it, or -1 when the list is not 1 to MAX_BATCH_RECORDS `{"Data":"…"}`.
 */
function readRecords(body: Buffer, at: number, spans: number[]): number {
  if (body[at] !== 0x5b) return -1;
  at = skipSpace(body, at + 1);
  for (;;) {
    if (body[at] !== 0x7b || spans.length === 2 * MAX_BATCH_RECORDS) return -1;
    const valueAt = afterKey(body, skipSpace(body, at + 1), DATA_KEY);
    const end = valueAt === -1 ? -1 : stringEnd(body, valueAt);
    if (end === -1) return -1;
    spans.push(valueAt + 1, end);
    at = skipSpace(body, end + 1);
    if (body[at] !== 0x7d) return -1;
    at = skipSpace(body, at + 1);
    if (body[at] === 0x5d) return skipSpace(body, at + 1);
    if (body[at] !== 0x2c) return -1;
    at = skipSpace(body, at + 1);
  }
}

/** The records decoded into one buffer; undefined when a text is not canonical base64. */
function decodeRecords(body: Buffer, name: string, spans: readonly number[]): ReadPutRecordBatch | undefined {
  const count = spans.length / 2;
  let decodedBytes = 0;
  for (let index = 0; index < spans.length; index += 2) {
    const length = spans[index + 1]! - spans[index]!;
    if (length % 4 !== 0) return undefined;
    decodedBytes += (length / 4) * 3;
  }
  // Padding counted as bytes: the sum is an upper bound.
  const into = Buffer.allocUnsafeSlow(decodedBytes);
  const records: Buffer[] = new Array(count);
  let offset = 0;
  for (let index = 0; index < count; index += 1) {
    // From the body's bytes, with the table's blob check's verdict (isCanonicalBase64), and no string of the text.
    const written = decodeCanonicalInto(body, spans[2 * index]!, spans[2 * index + 1]!, into, offset);
    if (written === -1) return undefined;
    records[index] = into.subarray(offset, offset + written);
    offset += written;
  }
  return new ReadPutRecordBatch(name, records);
}
