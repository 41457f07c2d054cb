import { createHash } from 'node:crypto';

// Bytes kept as they are in a file name; everything else is percent-encoded.
const PLAIN = /^[A-Za-z0-9_-]$/;
// Longest file name most file systems take is 255 bytes; leave room for suffixes like `.tmp`.
const MAX_SEGMENT_BYTES = 200;

/**
 * One request value (a stream, function or log group name, an account, a region) as a single safe
 * file name: every byte outside `[A-Za-z0-9_-]` is percent-encoded, so `.`, `..`, `/`, NUL and
 * unicode can never name another folder, and two different values never share a file name.
 * Values too long for a file name are cut and suffixed with a hash of the whole value.
 */
export function safeFileName(value: string): string {
  let encoded = '';
  for (const character of value) {
    if (PLAIN.test(character)) encoded += character;
    else for (const byte of Buffer.from(character, 'utf8')) encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (encoded.length === 0) return '%';
  if (encoded.length <= MAX_SEGMENT_BYTES) return encoded;
  const digest = hashHex(value);
  return `${encoded.slice(0, MAX_SEGMENT_BYTES - digest.length - 1)}~${digest}`;
}

/** The value a safeFileName came from; undefined for a hashed (shortened) name or a name not made by it. */
export function fromSafeFileName(name: string): string | undefined {
  if (name.includes('~') || !/^(?:[A-Za-z0-9_-]|%[0-9A-F]{2})+$/.test(name)) return undefined;
  try {
    return decodeURIComponent(name);
  } catch {
    return undefined;
  }
}

function hashHex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 32);
}
