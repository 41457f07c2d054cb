/** An S3 object as the view opens it: gunzipped, split into records, error records' rawData decoded. Pure. */
import { gunzipSync, constants } from 'node:zlib';
import type { ObjectKind, ObjectPreview, PreviewRecord } from './types.js';

/** Records shown per object; the rest is summed up in `truncated`. */
export const PREVIEW_RECORDS = 50;
/** Characters kept of one record's text. */
export const PREVIEW_RECORD_CHARS = 16 * 1024;

/** The compression an object is stored with, from its key's extension (Firehose names objects so). */
export function compressionOf(key: string, contentEncoding?: string): ObjectPreview['compression'] {
  if (contentEncoding === 'gzip' || key.endsWith('.gz')) return 'gzip';
  if (key.endsWith('.zip')) return 'zip';
  if (key.endsWith('.snappy')) return 'snappy';
  return 'none';
}

/** The part of `key` between the fixed text of its prefix and the file name ("year=2026/month=11/…"). */
export function partitionOf(key: string, fixedPrefix: string): string {
  // From the last folder of the fixed text on: `…/migration/year=` gives `year=2026/month=11/…`.
  const folder = fixedPrefix.slice(0, fixedPrefix.lastIndexOf('/') + 1);
  const rest = key.startsWith(folder) ? key.slice(folder.length) : key;
  const slash = rest.lastIndexOf('/');
  return slash < 0 ? '' : rest.slice(0, slash);
}

/** The text before the first `!{…}` expression of a Firehose prefix: what every key under it starts with. */
export function fixedPart(prefix: string): string {
  const expression = prefix.indexOf('!{');
  return expression < 0 ? prefix : prefix.slice(0, expression);
}

export interface PreviewInput {
  bucket: string;
  key: string;
  kind: ObjectKind;
  fixedPrefix: string;
  /** The object's size in S3. */
  size: number;
  /** The bytes read (all of them, or the first part of a large object). */
  body: Uint8Array;
  complete: boolean;
  contentEncoding?: string;
}

export function previewObject(input: PreviewInput): ObjectPreview {
  const compression = compressionOf(input.key, input.contentEncoding);
  const base = { bucket: input.bucket, key: input.key, partition: partitionOf(input.key, input.fixedPrefix), size: input.size, compression };
  if (compression === 'zip' || compression === 'snappy') {
    return { ...base, records: [], truncated: false, note: `stored ${compression}-compressed; download it to read it` };
  }
  let text: string;
  let complete = input.complete;
  try {
    // A partial gzip (the first part of a large object) opens as far as it goes.
    text = compression === 'gzip' ? gunzipSync(input.body, complete ? {} : { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8') : Buffer.from(input.body).toString('utf8');
  } catch {
    return { ...base, records: [], truncated: false, note: 'the object is not valid gzip' };
  }
  const lines = text.split('\n');
  // The last piece of a partial read may be cut in the middle.
  if (!complete && lines.length > 1) lines.pop();
  if (lines.at(-1) === '') lines.pop();
  if (lines.length > PREVIEW_RECORDS) complete = false;
  const records = lines.slice(0, PREVIEW_RECORDS).map((line) => recordOf(line, input.kind));
  return { ...base, records, truncated: !complete };
}

function recordOf(line: string, kind: ObjectKind): PreviewRecord {
  const text = line.length > PREVIEW_RECORD_CHARS ? `${line.slice(0, PREVIEW_RECORD_CHARS)}…` : line;
  if (kind !== 'error') return { text };
  try {
    const parsed = JSON.parse(line) as { rawData?: unknown };
    if (typeof parsed.rawData !== 'string') return { text };
    const raw = Buffer.from(parsed.rawData, 'base64');
    const decoded = new TextDecoder('utf-8', { fatal: true });
    try {
      return { text, rawData: decoded.decode(raw).slice(0, PREVIEW_RECORD_CHARS) };
    } catch {
      // Not UTF-8 (binary garbage sent to nginx): printable ASCII as is, every other byte as \xNN.
      return { text, rawData: escapeBinary(raw.subarray(0, PREVIEW_RECORD_CHARS)), rawDataBinary: true };
    }
  } catch {
    return { text };
  }
}

/** Printable ASCII as is, every other byte as `\xNN`. */
export function escapeBinary(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : byte === 0x5c ? '\\\\' : `\\x${byte.toString(16).padStart(2, '0')}`;
  return out;
}
