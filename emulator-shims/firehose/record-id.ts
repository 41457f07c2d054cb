/** Opaque record ids. AWS's format is undocumented (UNCONFIRMED); only uniqueness and equality matter. */
import { randomBytes } from 'node:crypto';

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
