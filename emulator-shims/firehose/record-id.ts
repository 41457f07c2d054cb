/** Opaque record ids. AWS's format is undocumented (UNCONFIRMED); only uniqueness and equality matter. */
import { randomBytes } from 'node:crypto';

/** PutRecord/PutRecordBatch RecordId: a long opaque base64 string, as AWS's are. */
export function createRecordId(): string {
  return randomBytes(84).toString('base64');
}

/** The recordId Lambda sees: a 56-digit sequence-like number plus a 6-digit sub-index. */
export function lambdaRecordId(sequence: string, subIndex: number): string {
  return `${sequence.padStart(56, '0')}${String(subIndex).padStart(6, '0')}`;
}
