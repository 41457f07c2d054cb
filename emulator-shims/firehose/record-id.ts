/** Opaque record ids. AWS's format is undocumented (UNCONFIRMED); only uniqueness and equality matter. */
import { randomBytes } from 'node:crypto';

const RECORD_ID_BYTES = 84;

/** PutRecord/PutRecordBatch RecordId: a long opaque base64 string, as AWS's are. */
export function createRecordId(): string {
  return randomBytes(RECORD_ID_BYTES).toString('base64');
}

/** `count` RecordIds like createRecordId's, drawn from one call for random bytes instead of one call each. */
export function createRecordIds(count: number): string[] {
  const random = randomBytes(RECORD_ID_BYTES * count);
  return Array.from({ length: count }, (_, index) => random.toString('base64', index * RECORD_ID_BYTES, (index + 1) * RECORD_ID_BYTES));
}

/** The recordId Lambda sees: a 56-digit sequence-like number plus a 6-digit sub-index. */
export function lambdaRecordId(sequence: string, subIndex: number): string {
  return `${sequence.padStart(56, '0')}${String(subIndex).padStart(6, '0')}`;
}
