/** Opaque record ids. AWS's format is undocumented (UNCONFIRMED); only uniqueness and equality matter. */
import { randomBytes } from 'node:crypto';

export const RECORD_ID_BYTES = 84;

/** PutRecord/PutRecordBatch RecordId: a long opaque base64 string, as AWS's are. */
export function createRecordId(): string {
  return randomBytes(RECORD_ID_BYTES).toString('base64');
}

const SEQUENCE_DIGITS = 56;
const SUB_INDEX_DIGITS = 6;
const ZERO = 0x30;
/** Where a recordId of a sequence up to SEQUENCE_DIGITS long and a sub-index up to SUB_INDEX_DIGITS is written. */
const idBytes = Buffer.alloc(SEQUENCE_DIGITS + SUB_INDEX_DIGITS, ZERO);

/** The recordId Lambda sees: a 56-digit sequence-like number plus a 6-digit sub-index. */
export function lambdaRecordId(sequence: string, subIndex: number): string {
  const sub = subIndex === 0 ? '' : String(subIndex);
  if (sequence.length > SEQUENCE_DIGITS || sub.length > SUB_INDEX_DIGITS || !isAscii(sequence)) {
    return `${sequence.padStart(SEQUENCE_DIGITS, '0')}${sub.padStart(SUB_INDEX_DIGITS, '0')}`;
  }
  // Written into zeros and read as one flat string: padStart and the template made several strings each, the id
  // a string of strings (made flat again when the event was written), about a quarter of what DirectPut's
  // ingest allocated per record.
  const start = SEQUENCE_DIGITS - sequence.length;
  idBytes.fill(ZERO, 0, start);
  idBytes.write(sequence, start, 'latin1');
  idBytes.fill(ZERO, SEQUENCE_DIGITS, idBytes.length - sub.length);
  if (sub.length > 0) idBytes.write(sub, idBytes.length - sub.length, 'latin1');
  return idBytes.toString('latin1');
}

/** True when every character of `text` is ASCII (written as latin1, each is its own byte). */
function isAscii(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) if (text.charCodeAt(index) > 0x7f) return false;
  return true;
}
