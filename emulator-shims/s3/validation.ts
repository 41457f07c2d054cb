/** What S3 accepts as a name, a key, a number in a query: checked before any file is touched. */
import { isRegionName } from '../shared/index.js';
import { invalidArgument, invalidBucketName, invalidUri, keyTooLong, MAX_KEY_BYTES } from './errors.js';

// 3–63 of lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.
const BUCKET_SHAPE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
// Prefixes and suffixes S3 reserves for its own kinds of bucket and access point aliases.
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Pure: the reason S3 refuses a general purpose bucket name, or undefined when it is valid. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long';
  if (!BUCKET_SHAPE.test(name)) return 'may hold only lowercase letters, digits, dots and hyphens, and must begin and end with a letter or digit';
  if (name.includes('..')) return 'must not have two adjacent periods';
  if (IP_ADDRESS.test(name)) return 'must not be formatted as an IP address';
  if (RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix))) return 'must not start with a reserved prefix';
  if (RESERVED_SUFFIXES.some((suffix) => name.endsWith(suffix))) return 'must not end with a reserved suffix';
  return undefined;
}

/** Throws S3's `InvalidBucketName` unless `name` is a valid bucket name; only then may it name a folder. */
export function checkBucketName(name: string): string {
  if (bucketNameProblem(name) !== undefined) throw invalidBucketName(name);
  return name;
}

/**
 * Throws S3's error for a key it refuses: longer than 1,024 bytes of UTF-8 (`KeyTooLongError`), or
 * holding a NUL, which no XML document can carry back (`InvalidURI`).
 */
export function checkKey(key: string): string {
  const size = Buffer.byteLength(key, 'utf8');
  if (size > MAX_KEY_BYTES) throw keyTooLong(size);
  if (key.includes('\u0000')) throw invalidUri(key);
  return key;
}

/** `partNumber`: an integer from 1 to 10,000 (S3's `InvalidArgument` otherwise). */
export function checkPartNumber(text: string | null): number {
  const value = text !== null && /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= 10_000)) throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', text ?? '');
  return value;
}

/** A `max-keys` / `max-parts` / `max-uploads` style limit: a non-negative integer, capped at `cap`. */
export function checkLimit(text: string | null, name: string, cap = 1000): number {
  if (text === null) return cap;
  if (!/^-?\d{1,10}$/.test(text) || Number(text) > 2_147_483_647) throw invalidArgument(`Provided ${name} not an integer or within integer range`, name, text);
  const value = Number(text);
  if (value < 0) throw invalidArgument(`Argument ${name} must be an integer between 0 and 2147483647`, name, text);
  return Math.min(value, cap);
}

/** `encoding-type`: only `url` exists. */
export function checkEncodingType(text: string | null): 'url' | undefined {
  if (text === null) return undefined;
  if (text.toLowerCase() !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', text);
  return 'url';
}

/** A region S3 knows how to name in a LocationConstraint: region-shaped (`EU` is eu-west-1's old name). */
export function locationRegion(constraint: string): string | undefined {
  if (constraint === 'EU') return 'eu-west-1';
  return isRegionName(constraint) ? constraint : undefined;
}
