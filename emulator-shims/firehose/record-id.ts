/** Opaque record ids. AWS's format is undocumented (UNCONFIRMED); only uniqueness and equality matter. */
import { randomBytes } from 'node:crypto';

const RECORD_ID_BYTES = 84;

/** PutRecord/PutRecordBatch RecordId: a long opaque base64 string, as AWS's are. */
export function createRecordId(): string {
  return randomBytes(RECORD_ID_BYTES).toString('base64');
}

// Base64 of RECORD_ID_BYTES (a multiple of 3) has no padding, so one text of many ids is their concatenation.
const RECORD_ID_CHARACTERS = (RECORD_ID_BYTES / 3) * 4;

/** `count` RecordIds like createRecordId's, cut from one base64 text of one call for random bytes. */
export function createRecordIds(count: number): string[] {
  const text = randomBytes(RECORD_ID_BYTES * count).toString('base64');
  const ids: string[] = new Array(count);
  for (let index = 0; index < count; index += 1) ids[index] = text.slice(index * RECORD_ID_CHARACTERS, (index + 1) * RECORD_ID_CHARACTERS);
  return ids;
}

/** The recordId Lambda sees: a 56-digit sequence-like number plus a 6-digit sub-index. */
export function lambdaRecordId(sequence: string, subIndex: number): string {
  // Sub-index 0 (every record that was not split) without a number's text and its padding each time.
  return `${sequence.padStart(56, '0')}${subIndex === 0 ? '000000' : String(subIndex).padStart(6, '0')}`;
}
