/** Validation of a transformation Lambda's response (reference §4.2). Pure. */
import { decodeBase64Many } from './base64-many.js';
import { base64Length } from './lambda-event.js';
import { lambdaRecordId, matchLambdaRecordId } from './record-id.js';
import { decodeCanonicalInto } from '../shared/base64-bytes.js';
import { asciiBytes, BACKSLASH, holds, holdsPlainText, QUOTE } from '../shared/json-bytes.js';

export type LambdaResult = 'Ok' | 'Dropped' | 'ProcessingFailed';

/** The answer for the record sent at the same position (answers are matched to records by their ids). */
export interface TransformedRecord {
  result: LambdaResult;
  data: Buffer;
  /** The record's metadata.partitionKeys; undefined when it has none. */
  partitionKeys: Record<string, string> | undefined;
}

/** An invocation-level failure: every record of the batch is retried, then goes to error output. */
export interface InvocationFailure {
  errorCode: string;
  errorMessage: string;
}

/**
 * The ids sent, by position: each one's text made only when it is asked for, and compared with an answer's bytes in
 * place. The Firehose engine's ids are made from each record's sequence and sub-index (LambdaRecordIds); a list of
 * strings (sentIdsOf) serves anything else.
 */
export interface SentIds {
  readonly length: number;
  /** The id sent at `position`, as text. */
  text(position: number): string;
  /** The id's length when `bytes` hold the id sent at `position` at `at` as printable ASCII other than the quote, else -1. */
  matchAt(bytes: Buffer, at: number, position: number): number;
}

/** Ids sent as strings. A class, not an object of closures made for each answer: see checkLambdaResponse. */
class StringIds implements SentIds {
  constructor(private readonly ids: readonly string[]) {}
  get length(): number { return this.ids.length; }
  text(position: number): string { return this.ids[position]!; }
  matchAt(bytes: Buffer, at: number, position: number): number {
    const id = this.ids[position]!;
    return holdsPlainText(bytes, at, id) ? id.length : -1;
  }
}

export const sentIdsOf = (ids: readonly string[]): SentIds => new StringIds(ids);

/**
 * The recordIds of `records`, each lambdaRecordId(idBase, subIndex), for checking a Lambda's answer: compared with the
 * answer's bytes in place, a text made only for an answer that needs parsing. A class, not closures made for each
 * invocation, which the checker's optimized code would specialise on and lose (see checkLambdaResponse).
 */
export class LambdaRecordIds implements SentIds {
  constructor(private readonly records: readonly { idBase: string; subIndex: number }[]) {}
  get length(): number { return this.records.length; }
  text(position: number): string {
    const record = this.records[position]!;
    return lambdaRecordId(record.idBase, record.subIndex);
  }
  matchAt(bytes: Buffer, at: number, position: number): number {
    const record = this.records[position]!;
    return matchLambdaRecordId(record.idBase, record.subIndex, bytes, at);
  }
}

/** A record as it was sent: its bytes. */
export interface SentRecord {
  data: Buffer;
}

/**
 * The records sent, in order, and the event they were sent in: record i's data went as the base64 text at
 * `textAt[i]` of `event` (the text is base64Length(data.length) long).
 */
export interface SentEvent {
  records: readonly SentRecord[];
  event: Buffer;
  textAt: readonly number[];
}

/** The bytes sent at `position` when `text` is the very text they were sent as, else undefined. */
function unchangedData(sent: SentEvent | undefined, position: number, text: string): Buffer | undefined {
  const record = sent?.records[position];
  const textAt = sent?.textAt[position];
  if (record === undefined || textAt === undefined || text.length !== base64Length(record.data.length)) return undefined;
  return sent!.event.toString('latin1', textAt, textAt + text.length) === text ? record.data : undefined;
}

/**
 * The bytes sent at `position` when the answer's `bytes` from `at` to `end` are the very text they were sent as,
 * else undefined: compared in place with the event's, without a string of either.
 */
function unchangedBytes(sent: SentEvent | undefined, position: number, bytes: Buffer, at: number, end: number): Buffer | undefined {
  const record = sent?.records[position];
  const textAt = sent?.textAt[position];
  if (record === undefined || textAt === undefined || end - at !== base64Length(record.data.length)) return undefined;
  return bytes.compare(sent!.event, textAt, textAt + end - at, at, end) === 0 ? record.data : undefined;
}

/** `records[i]` is the answer for the i-th id sent, whatever order the function answered in. */
export type ResponseCheck = { ok: true; records: TransformedRecord[] } | { ok: false; failure: InvocationFailure };

export const MISSING_RECORD_ID: InvocationFailure = {
  errorCode: 'Lambda.MissingRecordId',
  errorMessage: 'One or more record Ids were not returned. Ensure that the Lambda function returns all received record Ids.',
};
export const DUPLICATED_RECORD_ID: InvocationFailure = {
  errorCode: 'Lambda.DuplicatedRecordId',
  errorMessage: 'Multiple records were returned with the same record Id. Ensure that the Lambda function returns a unique record Id for each record.',
};
/** UNCONFIRMED: a recordId that was never sent is reported like a missing one (some sent id is then absent or the count is off). */
export const UNKNOWN_RECORD_ID: InvocationFailure = MISSING_RECORD_ID;
/** UNCONFIRMED message text; the code is documented for "response not parseable / not the status model". */
export function jsonProcessingFailure(detail: string): InvocationFailure {
  return {
    errorCode: 'Lambda.JsonProcessingException',
    errorMessage: `The Lambda function returned a response that could not be parsed as the Firehose data transformation model: ${detail}`,
  };
}
export const FUNCTION_ERROR: InvocationFailure = {
  errorCode: 'Lambda.FunctionError',
  errorMessage: 'The Lambda function was successfully invoked but it returned an error result.',
};
export const PROCESSING_FAILED_STATUS: InvocationFailure = {
  errorCode: 'Lambda.ProcessingFailedStatus',
  errorMessage: 'ProcessingFailed status set for record',
};
/** UNCONFIRMED: the reference requires recordId, result and data on every returned record, whatever the result. */
export const REQUIRE_DATA_FOR_EVERY_RESULT = true;

const RESULTS = new Set<string>(['Ok', 'Dropped', 'ProcessingFailed']);

/**
 * True when `text` (a multiple of 4 long) is standard padded base64 that decoded to `decodedLength`
 * bytes. Node's decoder skips characters outside the alphabet and stops at misplaced padding, so
 * either shows as fewer bytes than the length promises; it also takes the URL-safe '-' and '_',
 * which standard base64 does not. Same verdict as /^[A-Za-z0-9+/]*={0,2}$/, without a regex pass.
 */
function isStandardBase64(text: string, decodedLength: number): boolean {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return decodedLength === (text.length / 4) * 3 - padding && !text.includes('-') && !text.includes('_');
}

/**
 * Checks a raw response payload against the ids that were sent. With `sent`, the records sent in order and
 * the event they went in, a record answered with exactly the base64 text it was sent as (a record the
 * function returned unchanged) keeps the sent `data` as it is instead of its text being decoded again.
 * The records and the event themselves, not a function of the caller's: a closure made anew for each
 * invocation was the call target the checker's optimized code specialised on, thrown away when a
 * collection took it.
 */
export function checkLambdaResponse(
  payload: Uint8Array | string | undefined,
  ids: SentIds | readonly string[],
  sent?: SentEvent,
): ResponseCheck {
  const sentIds = isStringList(ids) ? sentIdsOf(ids) : ids;
  if (payload !== undefined && typeof payload !== 'string') {
    const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    const scanned = scanCanonicalResponse(bytes, sentIds, sent);
    if (scanned !== undefined) return scanned;
  }
  let parsed: unknown;
  try {
    // Decoded whole and parsed natively: 2.5× less CPU than reading each value from the bytes in JavaScript
    // (a 1.8 MB answer of 3,000 records: 5 ms against 12 ms, its large-object-space string and GC included).
    const text = typeof payload === 'string' ? payload : payload === undefined ? '' : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, failure: jsonProcessingFailure('the response is not JSON') };
  }
  if (!isObject(parsed) || !Array.isArray(parsed.records)) {
    return { ok: false, failure: jsonProcessingFailure("the response has no 'records' array") };
  }
  // Functions answer in the order they were sent: each record is first tried at its own place, and ids
  // are hashed only for an answer that is out of order.
  let positions: Map<string, number> | undefined;
  const records: TransformedRecord[] = new Array(sentIds.length);
  let answered = 0;
  // Data is decoded once the whole answer has passed its checks, into one buffer for the batch.
  const decoding: TransformedRecord[] = [];
  const texts: string[] = [];
  const decodingIds: string[] = [];
  const items = parsed.records as unknown[];
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index];
    if (!isObject(item) || typeof item.recordId !== 'string') return { ok: false, failure: jsonProcessingFailure("a record has no string 'recordId'") };
    let position: number | undefined = index;
    if (index >= sentIds.length || sentIds.text(index) !== item.recordId) {
      positions ??= new Map(Array.from({ length: sentIds.length }, (_, at) => [sentIds.text(at), at]));
      position = positions.get(item.recordId);
    }
    if (position !== undefined && records[position] !== undefined) return { ok: false, failure: DUPLICATED_RECORD_ID };
    if (position === undefined) return { ok: false, failure: UNKNOWN_RECORD_ID };
    if (typeof item.result !== 'string' || !RESULTS.has(item.result)) {
      return { ok: false, failure: jsonProcessingFailure(`record ${item.recordId} has result ${JSON.stringify(item.result)}; expected Ok, Dropped or ProcessingFailed`) };
    }
    answered += 1;
    const needsData = REQUIRE_DATA_FOR_EVERY_RESULT || item.result === 'Ok';
    if (item.data === undefined && !needsData) {
      records[position] = { result: item.result as LambdaResult, data: Buffer.alloc(0), partitionKeys: undefined };
      continue;
    }
    if (typeof item.data !== 'string' || item.data.length % 4 !== 0) {
      return { ok: false, failure: jsonProcessingFailure(`record ${item.recordId} has no base64 'data'`) };
    }
    const unchanged = unchangedData(sent, position, item.data);
    const record: TransformedRecord = { result: item.result as LambdaResult, data: unchanged ?? EMPTY, partitionKeys: undefined };
    if (unchanged === undefined) {
      decoding.push(record);
      texts.push(item.data);
      decodingIds.push(item.recordId);
    }
    const keys = isObject(item.metadata) ? item.metadata.partitionKeys : undefined;
    if (keys !== undefined) {
      if (!isObject(keys)) return { ok: false, failure: jsonProcessingFailure(`record ${item.recordId} has non-object metadata.partitionKeys`) };
      record.partitionKeys = partitionKeysOf(keys);
    }
    records[position] = record;
  }
  if (answered !== sentIds.length) return { ok: false, failure: MISSING_RECORD_ID };
  const decoded = decodeBase64Many(texts);
  for (let index = 0; index < decoded.length; index += 1) {
    const record = decoding[index]!;
    if (!isStandardBase64(texts[index]!, decoded[index]!.length)) return { ok: false, failure: jsonProcessingFailure(`record ${decodingIds[index]} has no base64 'data'`) };
    record.data = decoded[index]!;
  }
  return { ok: true, records };
}

const EMPTY = Buffer.alloc(0);

/** The keys with a value, as strings (null and absent ones left out), without per-record arrays. */
function partitionKeysOf(keys: Record<string, unknown>): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const key of Object.keys(keys)) {
    const value = keys[key];
    if (value === null || value === undefined) continue;
    const text = typeof value === 'string' ? value : String(value);
    // An own property even when named __proto__, where an assignment would set the prototype.
    if (key === '__proto__') Object.defineProperty(strings, key, { value: text, enumerable: true, writable: true, configurable: true });
    else strings[key] = text;
  }
  return strings;
}

const isStringList = (ids: SentIds | readonly string[]): ids is readonly string[] => Array.isArray(ids);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const OPEN = asciiBytes('{"records":[');
const RECORD_ID = asciiBytes('{"recordId":"');
const RESULT = asciiBytes('","result":"');
const DATA = asciiBytes(',"data":"');
const METADATA = asciiBytes(',"metadata":{"partitionKeys":{');
const RESULT_TEXTS: ReadonlyArray<[Buffer, LambdaResult]> = [[asciiBytes('Ok"'), 'Ok'], [asciiBytes('Dropped"'), 'Dropped'], [asciiBytes('ProcessingFailed"'), 'ProcessingFailed']];

/**
 * The verdict of checkLambdaResponse for an answer written exactly as JSON.stringify writes the documented
 * model (`{"records":[{"recordId":…,"result":…,"data":…[,"metadata":{"partitionKeys":{…}}]},…]}`, string
 * values, no backslash anywhere, every id in the order sent), read from the bytes with a few searches per
 * record instead of parsing the whole answer into objects: a 1 MiB batch's parse made about 2 MB of objects
 * at once, all alive until the check ended, which the endpoint's small young generation copied and promoted.
 * Undefined for anything else, and for every answer that fails a check, so checkLambdaResponse's parse
 * gives those their verdict and message; what this accepts is valid JSON whose parse would be accepted with
 * the same records.
 */
function scanCanonicalResponse(bytes: Buffer, sentIds: SentIds, sent?: SentEvent): ResponseCheck | undefined {
  // Without escapes, a string's text is what is between its quotes.
  if (sentIds.length === 0 || !holds(bytes, 0, OPEN) || bytes.indexOf(BACKSLASH) !== -1) return undefined;
  const records: TransformedRecord[] = new Array(sentIds.length);
  // The records whose data is decoded once the whole answer has been read, and where each one's text is.
  const decoding: TransformedRecord[] = [];
  const textBounds: number[] = [];
  // The last partition keys read, as the answer's bytes held them (a copy) and as an object.
  let lastKeysBytes: Buffer | undefined;
  let lastKeys: Record<string, string> | undefined;
  let at = OPEN.length;
  for (let position = 0; position < sentIds.length; position += 1) {
    if (position > 0) {
      if (bytes[at] !== 0x2c) return undefined;
      at += 1;
    }
    if (!holds(bytes, at, RECORD_ID)) return undefined;
    at += RECORD_ID.length;
    const idLength = sentIds.matchAt(bytes, at, position);
    if (idLength === -1 || bytes[at + idLength] !== QUOTE) return undefined;
    at += idLength;
    if (!holds(bytes, at, RESULT)) return undefined;
    at += RESULT.length;
    let result: LambdaResult | undefined;
    for (const [text, name] of RESULT_TEXTS) {
      if (holds(bytes, at, text)) {
        result = name;
        at += text.length;
        break;
      }
    }
    if (result === undefined || !holds(bytes, at, DATA)) return undefined;
    at += DATA.length;
    const end = bytes.indexOf(QUOTE, at);
    if (end === -1 || (end - at) % 4 !== 0) return undefined;
    // A record returned unchanged is compared with the text sent in place; only a changed one's text is decoded.
    const unchanged = unchangedBytes(sent, position, bytes, at, end);
    if (unchanged === undefined) textBounds.push(at, end);
    at = end + 1;
    let partitionKeys: Record<string, string> | undefined;
    if (holds(bytes, at, METADATA)) {
      at += METADATA.length - 1;
      const keysEnd = scanStringObject(bytes, at);
      if (keysEnd === -1 || bytes[keysEnd] !== 0x7d) return undefined;
      // Records in a row mostly carry the same keys (a transform's hour partitions): they share one object,
      // found by comparing the bytes in place, without a string of them per record.
      if (lastKeysBytes === undefined || keysEnd - at !== lastKeysBytes.length || !holds(bytes, at, lastKeysBytes)) {
        lastKeys = partitionKeysOf(JSON.parse(bytes.toString('utf8', at, keysEnd)) as Record<string, unknown>);
        lastKeysBytes = Buffer.from(bytes.subarray(at, keysEnd));
      }
      partitionKeys = lastKeys!;
      at = keysEnd + 1;
    }
    if (bytes[at] !== 0x7d) return undefined;
    at += 1;
    // Every member in the literal: one set after it gave each record with keys a second layout and a properties array.
    const record: TransformedRecord = { result, data: unchanged ?? EMPTY, partitionKeys };
    records[position] = record;
    if (unchanged === undefined) decoding.push(record);
  }
  if (at + 2 !== bytes.length || bytes[at] !== 0x5d || bytes[at + 1] !== 0x7d || !decodeInPlace(bytes, decoding, textBounds)) return undefined;
  return { ok: true, records };
}

/**
 * Decodes each record's text, `bytes[textBounds[2i]..textBounds[2i + 1])`, into one buffer for them all and gives
 * `records[i]` its view; false when a text is not canonical base64 (checkLambdaResponse's parse then gives the
 * verdict: Node's decoder takes unused bits that are not zero, this one does not). Decoded from the answer's bytes
 * in place: a string of each text for Node's decoder made most of what the endpoint allocated on this path.
 */
function decodeInPlace(bytes: Buffer, records: readonly TransformedRecord[], textBounds: readonly number[]): boolean {
  // Padding counted as bytes (every text is whole quads, checked by the scan): the sum is an upper bound, as in the
  // request readers that use the same decoder.
  let decodedBytes = 0;
  for (let index = 0; index < textBounds.length; index += 2) decodedBytes += ((textBounds[index + 1]! - textBounds[index]!) / 4) * 3;
  const into = Buffer.allocUnsafeSlow(decodedBytes);
  let offset = 0;
  for (let index = 0; index < records.length; index += 1) {
    const written = decodeCanonicalInto(bytes, textBounds[2 * index]!, textBounds[2 * index + 1]!, into, offset);
    if (written === -1) return false;
    records[index]!.data = into.subarray(offset, offset + written);
    offset += written;
  }
  return true;
}

/**
 * From the `{` at `at` of an object whose values are all strings (no backslash in the answer), the index
 * just past its `}`; -1 when it is not such an object or a string in it holds a control character.
 */
function scanStringObject(bytes: Buffer, at: number): number {
  if (bytes[at] !== 0x7b) return -1;
  at += 1;
  if (bytes[at] === 0x7d) return at + 1;
  for (;;) {
    for (let string = 0; string < 2; string += 1) {
      if (bytes[at] !== QUOTE) return -1;
      const end = bytes.indexOf(QUOTE, at + 1);
      if (end === -1) return -1;
      for (let index = at + 1; index < end; index += 1) if (bytes[index]! < 0x20) return -1;
      at = end + 1;
      if (string === 0) {
        if (bytes[at] !== 0x3a) return -1;
        at += 1;
      }
    }
    if (bytes[at] === 0x7d) return at + 1;
    if (bytes[at] !== 0x2c) return -1;
    at += 1;
  }
}
