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
import { decodeCanonicalInto } from '../../shared/base64-bytes.js';
import { afterKey, asciiBytes, readList, readNameAndList, skipSpace, stringEnd } from '../../shared/json-bytes.js';

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

const STREAM_NAME_KEY = asciiBytes('DeliveryStreamName');
const RECORDS_KEY = asciiBytes('Records');
const DATA_KEY = asciiBytes('Data');
const MAX_STREAM_NAME = 64;

/** The PutRecordBatch input `body` holds, read and decoded, or undefined for any body the generic parse must read. */
export function readPutRecordBatchBody(body: Buffer): ReadPutRecordBatch | undefined {
  const read = readNameAndList(body, STREAM_NAME_KEY, MAX_STREAM_NAME, RECORDS_KEY, readRecords);
  return read && decodeRecords(body, read.name, read.spans);
}

/** The records' Data texts, as [start, end) pairs pushed on `spans`, from a list of 1 to MAX_BATCH_RECORDS `{"Data":"…"}`. */
function readRecords(body: Buffer, at: number, spans: number[]): number {
  return readList(body, at, MAX_BATCH_RECORDS, readRecord, spans);
}

/** From its `{`, one `{"Data":"…"}` record: its text's [start, end) pushed on `spans`; the index past its `}`, or -1. */
function readRecord(body: Buffer, at: number, spans: number[]): number {
  if (body[at] !== 0x7b) return -1;
  const valueAt = afterKey(body, skipSpace(body, at + 1), DATA_KEY);
  const end = valueAt === -1 ? -1 : stringEnd(body, valueAt);
  if (end === -1) return -1;
  spans.push(valueAt + 1, end);
  at = skipSpace(body, end + 1);
  return body[at] === 0x7d ? at + 1 : -1;
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
