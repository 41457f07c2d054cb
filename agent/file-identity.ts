import { createHash } from 'node:crypto';

/**
 * How many leading bytes fingerprint a file. Device+inode alone is not enough: inodes are reused
 * after logrotate deletes old files, and copytruncate keeps the inode while replacing the content.
 */
export const HEAD_BYTES = 1024;

export interface Head {
  /** How many leading bytes were hashed (less than HEAD_BYTES while the file is shorter). */
  length: number;
  sha256: string;
}

export interface FileIdentity {
  dev: string;
  ino: string;
  head: Head;
}

export function headOf(bytes: Buffer): Head {
  const length = Math.min(bytes.length, HEAD_BYTES);
  return { length, sha256: createHash('sha256').update(bytes.subarray(0, length)).digest('hex') };
}

/** True when `leading` (the first bytes of a file now) still starts with the fingerprinted bytes. */
export function headMatches(head: Head, leading: Buffer): boolean {
  if (leading.length < head.length) return false;
  return createHash('sha256').update(leading.subarray(0, head.length)).digest('hex') === head.sha256;
}
