/** Opaque record ids. AWS's format is undocumented (UNCONFIRMED); only uniqueness and equality matter. */
import { randomBytes } from 'node:crypto';
import { holdsPlainText } from '../shared/json-bytes.js';

export const RECORD_ID_BYTES = 84;

/** PutRecord/PutRecordBatch RecordId: a long opaque base64 string, as AWS's are. */
export function createRecordId(): string {
  return randomBytes(RECORD_ID_BYTES).toString('base64');
}

const SEQUENCE_DIGITS = 56;
const SUB_INDEX_DIGITS = 6;
/** ZEROS[n]: n zeros, the padding in front of a sequence or sub-index n characters short. */
const ZEROS = Array.from({ length: SEQUENCE_DIGITS + 1 }, (_, count) => '0'.repeat(count));
const NO_SUB_INDEX = ZEROS[SUB_INDEX_DIGITS]!;
/** The first sub-index longer than SUB_INDEX_DIGITS. A constant: `10 ** SUB_INDEX_DIGITS` in the function was a call to pow for every record (1.7% of the endpoint's CPU in bench/pipeline). */
const LONG_SUB_INDEX = 10 ** SUB_INDEX_DIGITS;

/**
 * The recordId Lambda sees: the sequence padded to 56 digits and the sub-index to 6 (a longer one is kept
 * whole). Made by concatenation: V8 joins the parts without copying them, and copies the id flat once, when the
 * Lambda event first reads it as text (measuring the event). Writing the digits into a buffer and reading it back
 * cost four calls into Node's buffer bindings a record, two to three times the time of the concatenation and the
 * later flattening together.
 */
export function lambdaRecordId(sequence: string, subIndex: number): string {
  const head = sequence.length >= SEQUENCE_DIGITS ? sequence : ZEROS[SEQUENCE_DIGITS - sequence.length]! + sequence;
  if (subIndex === 0) return head + NO_SUB_INDEX;
  const sub = String(subIndex);
  return sub.length >= SUB_INDEX_DIGITS ? head + sub : head + ZEROS[SUB_INDEX_DIGITS - sub.length]! + sub;
}

/** The number of digits lambdaRecordId writes for `subIndex` (a non-negative integer): 6, or more for a larger one. */
function subIndexDigits(subIndex: number): number {
  let digits = SUB_INDEX_DIGITS;
  for (let limit = LONG_SUB_INDEX; subIndex >= limit; limit *= 10) digits += 1;
  return digits;
}

/** The length of lambdaRecordId(sequence, subIndex), without making it. */
export const lambdaRecordIdLength = (sequence: string, subIndex: number): number => Math.max(SEQUENCE_DIGITS, sequence.length) + subIndexDigits(subIndex);

/** Text JSON.stringify writes as it is between quotes: printable ASCII other than `"` and `\\`. */
export const PLAIN_JSON_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Writes lambdaRecordId(sequence, subIndex) into `bytes` at `at`, for a sequence of PLAIN_JSON_TEXT (checked by the
 * caller); answers the index past it. No string of the id is made: one per record, alive until its batch was
 * answered, was a fifth of what a waiting record kept in the endpoint's heap, and was copied flat when written.
 */
export function writeLambdaRecordId(sequence: string, subIndex: number, bytes: Uint8Array, at: number): number {
  for (let pad = SEQUENCE_DIGITS - sequence.length; pad > 0; pad -= 1) bytes[at++] = 0x30;
  for (let index = 0; index < sequence.length; index += 1) bytes[at++] = sequence.charCodeAt(index);
  const end = at + subIndexDigits(subIndex);
  for (let digit = end - 1, rest = subIndex; digit >= at; digit -= 1, rest = Math.floor(rest / 10)) bytes[digit] = 0x30 + (rest % 10);
  return end;
}

/**
 * The length of lambdaRecordId(sequence, subIndex) when `bytes` hold it at `at` as printable ASCII other than the
 * quote, else -1; compared in place, without a string of the id.
 */
export function matchLambdaRecordId(sequence: string, subIndex: number, bytes: Uint8Array, at: number): number {
  const length = lambdaRecordIdLength(sequence, subIndex);
  if (at + length > bytes.length) return -1;
  let cursor = at;
  for (let pad = SEQUENCE_DIGITS - sequence.length; pad > 0; pad -= 1) if (bytes[cursor++] !== 0x30) return -1;
  if (!holdsPlainText(bytes, cursor, sequence)) return -1;
  cursor += sequence.length;
  for (let digit = at + length - 1, rest = subIndex; digit >= cursor; digit -= 1, rest = Math.floor(rest / 10)) if (bytes[digit] !== 0x30 + (rest % 10)) return -1;
  return length;
}
