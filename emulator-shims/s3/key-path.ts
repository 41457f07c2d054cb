/**
 * Where an object's bytes live: an S3 key as a relative file path, so that `logs/2026/01/a.json` is
 * the file `logs/2026/01/a.json` under the bucket's folder and a user can browse it. Each `/`-separated
 * segment becomes one file name that can name nothing else: `.` and `..` are escaped (`%2E`), an empty
 * segment (`//`, a leading or trailing `/`) is `%`, `%` itself, control characters and `\` are
 * percent-encoded, and a segment too long for a file name is cut and ends in `%~` and a hash of the
 * whole segment. Different keys give different paths. A key whose path cannot be a file (a file and a
 * folder of the same name, a file system that folds case) is kept by its hash instead (see object-files.ts).
 */
import { createHash } from 'node:crypto';

// Linux and macOS allow 255 bytes per file name; a little is left for safety.
const MAX_NAME_BYTES = 240;
// Characters written as %XX in a file name.
const ESCAPED = /[\u0000-\u001f\u007f%\\]/g;

/** Pure: one key segment as a file name (never empty, never `.` or `..`, at most 240 bytes). */
export function segmentFileName(segment: string): string {
  if (segment === '') return '%';
  if (segment === '.') return '%2E';
  if (segment === '..') return '%2E%2E';
  const encoded = segment.replace(ESCAPED, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  if (Buffer.byteLength(encoded, 'utf8') <= MAX_NAME_BYTES) return encoded;
  const digest = createHash('sha256').update(segment, 'utf8').digest('hex').slice(0, 32);
  return `${cutToBytes(encoded, MAX_NAME_BYTES - digest.length - 2)}%~${digest}`;
}

/** Pure: the relative path (segments joined by `/`) of a key's file under its bucket's folder. */
export function keyFilePath(key: string): string {
  return key.split('/').map(segmentFileName).join('/');
}

/** Pure: the name of a key's file when it cannot live at its own path: the SHA-256 of the key. */
export function keyHashName(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Pure: a path as a file system that ignores case and Unicode normalisation (macOS by default) sees it,
 * so two keys never claim one file there either.
 */
export function foldedPath(path: string): string {
  return path.normalize('NFD').toLowerCase();
}

/** Cuts a string to at most `limit` bytes of UTF-8 without splitting a character. */
function cutToBytes(text: string, limit: number): string {
  let bytes = 0;
  let end = 0;
  for (const character of text) {
    const size = Buffer.byteLength(character, 'utf8');
    if (bytes + size > limit) break;
    bytes += size;
    end += character.length;
  }
  return text.slice(0, end);
}
