/** Pure: the `Range` header of a GET, as RFC 9110 §14 defines it and S3 answers it. */
import { invalidRange } from './errors.js';

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * The bytes a GET asks for, or undefined for the whole object. A header that is not one valid
 * `bytes=` range (another unit, `5-3`, several ranges) is ignored and the whole object is answered,
 * as S3 does. `bytes=-N` is the last N bytes (the whole object when N ≥ its size). A range starting at
 * or after the end, or `bytes=-0`, is S3's 416 `InvalidRange`.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) throw invalidRange(header, size);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return { start, end };
}
