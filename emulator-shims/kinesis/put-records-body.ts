/**
 * PutRecords's body read from its bytes, for the bodies SDKs, CLIs and agents send: one object with a StreamName
 * string and a Records list of 1 to 500 objects, each holding a Data string of canonical base64 and a PartitionKey
 * of printable ASCII, in either order; JSON whitespace anywhere between tokens, the two members in either order,
 * no escape in any string. Each record's text is decoded once, into one buffer for the call: the parse made a
 * string of the whole body (a large object of its own, past V8's young generation), a string of each record's
 * text and a buffer of each record's bytes, a third of what the endpoint allocated under an agent's load.
 * Anything else, valid or not (a StreamARN, an ExplicitHashKey, another member), gives undefined: the JSON parse
 * and readInput then read it and give every verdict and message. What this accepts is exactly what that path
 * accepts, read into the same input.
 */
import { decodeCanonicalInto } from '../shared/base64-bytes.js';
import { afterKey, asciiBytes, holds, QUOTE, readList, readNameAndList, skipSpace, stringEnd } from '../shared/json-bytes.js';
import { MAX_PUT_RECORDS, MAX_RECORD_BYTES } from './operations/put-rules.js';
import type { PutEntry } from './stream.js';

const STREAM_NAME_KEY = asciiBytes('StreamName');
const RECORDS_KEY = asciiBytes('Records');
const DATA_KEY = asciiBytes('Data');
const PARTITION_KEY_KEY = asciiBytes('PartitionKey');
/** STREAM_NAME's and PartitionKey's length limits (shapes.ts, put-records.ts). */
const MAX_STREAM_NAME = 128;
const MAX_PARTITION_KEY = 256;

/** The input readInput reads from such a body: its members in the table's order, absent ones left out. */
export interface ReadPutRecords {
  Records: PutEntry[];
  StreamName: string;
}

/** The PutRecords input `body` holds, read and decoded, or undefined for any body the JSON parse must read. */
export function readPutRecordsBody(body: Buffer): ReadPutRecords | undefined {
  const read = readNameAndList(body, STREAM_NAME_KEY, MAX_STREAM_NAME, RECORDS_KEY, readRecords);
  return read && decodeRecords(body, read.name, read.spans);
}

/** Each record's Data text and partition key, as [start, end) pairs pushed on `spans`, from a list of 1 to MAX_PUT_RECORDS records. */
function readRecords(body: Buffer, at: number, spans: number[]): number {
  return readList(body, at, MAX_PUT_RECORDS, readRecord, spans);
}

/**
 * From its `{`, one record of a Data text and a partition key of 1 to 256 printable ASCII characters, each once, in
 * either order: their [start, end) pairs pushed on `spans`; the index past its `}`, or -1.
 */
function readRecord(body: Buffer, at: number, spans: number[]): number {
  if (body[at] !== 0x7b) return -1;
  at = skipSpace(body, at + 1);
  let dataStart = -1;
  let dataEnd = -1;
  let keyStart = -1;
  let keyEnd = -1;
  for (;;) {
    if (dataEnd === -1 && holds(body, at + 1, DATA_KEY)) {
      const valueAt = afterKey(body, at, DATA_KEY);
      dataEnd = valueAt === -1 ? -1 : stringEnd(body, valueAt);
      if (dataEnd === -1) return -1;
      dataStart = valueAt + 1;
      at = skipSpace(body, dataEnd + 1);
    } else if (keyEnd === -1 && holds(body, at + 1, PARTITION_KEY_KEY)) {
      const valueAt = afterKey(body, at, PARTITION_KEY_KEY);
      keyEnd = valueAt === -1 ? -1 : plainTextEnd(body, valueAt, MAX_PARTITION_KEY);
      if (keyEnd === -1) return -1;
      keyStart = valueAt + 1;
      at = skipSpace(body, keyEnd + 1);
    } else return -1;
    if (body[at] === 0x7d) break;
    if (body[at] !== 0x2c) return -1;
    at = skipSpace(body, at + 1);
  }
  if (dataEnd === -1 || keyEnd === -1) return -1;
  spans.push(dataStart, dataEnd, keyStart, keyEnd);
  return at + 1;
}

/** From the quote at `at`, the index of the closing quote of a string of 1 to `maxLength` printable ASCII characters, or -1. */
function plainTextEnd(body: Buffer, at: number, maxLength: number): number {
  const end = stringEnd(body, at);
  const length = end - at - 1;
  if (end === -1 || length < 1 || length > maxLength) return -1;
  for (let index = at + 1; index < end; index += 1) {
    const byte = body[index]!;
    if (byte < 0x20 || byte > 0x7e || byte === QUOTE) return -1;
  }
  return end;
}

/** The records decoded into one buffer; undefined when a text is not canonical base64 or decodes past a record's limit. */
function decodeRecords(body: Buffer, name: string, spans: readonly number[]): ReadPutRecords | undefined {
  let decodedBytes = 0;
  for (let index = 0; index < spans.length; index += 4) {
    const length = spans[index + 1]! - spans[index]!;
    if (length % 4 !== 0) return undefined;
    decodedBytes += (length / 4) * 3;
  }
  // Padding counted as bytes: the sum is an upper bound.
  const into = Buffer.allocUnsafeSlow(decodedBytes);
  const records: PutEntry[] = new Array(spans.length / 4);
  let offset = 0;
  for (let index = 0; index < spans.length; index += 4) {
    // From the body's bytes, with readBlob's verdict (canonical base64 only), and no string of the text.
    const written = decodeCanonicalInto(body, spans[index]!, spans[index + 1]!, into, offset);
    if (written === -1 || written > MAX_RECORD_BYTES) return undefined;
    // The members readInput reads into, in its order.
    records[index / 4] = { Data: into.subarray(offset, offset + written), PartitionKey: body.toString('latin1', spans[index + 2]!, spans[index + 3]!) };
    offset += written;
  }
  return { Records: records, StreamName: name };
}
