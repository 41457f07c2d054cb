import { readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createChecksummer, type ChecksumName } from '../checksums.js';
import { evaluateConditions } from '../conditions.js';
import { AwsError } from '../../shared/index.js';
import { internalError, noSuchKey } from '../errors.js';
import type { ObjectRecord } from '../object-index.js';
import { objectHeaders } from '../object-headers.js';
import type { S3Answer, S3Call, S3Operation } from '../operation.js';
import { parseRange, type ByteRange } from '../ranges.js';
import type { Bucket } from '../store.js';
import { checkKey, checkPartNumber } from '../validation.js';

// `response-*` query parameters of a GET override the stored header of the same name.
const OVERRIDES = ['content-type', 'content-language', 'expires', 'cache-control', 'content-disposition', 'content-encoding'];
// Objects up to this size are read in one call rather than streamed.
const SMALL_OBJECT_BYTES = 256 * 1024;

/** GetObject: the object's bytes (a range, a part, or all), after its conditions; 304 / 412 / 416 as S3 answers. */
export const getObject: S3Operation = (call) => readObject(call, false);

/** HeadObject: the same answer as GetObject without the bytes. */
export const headObject: S3Operation = (call) => readObject(call, true);

async function readObject(call: S3Call, head: boolean, attempt = 0): Promise<S3Answer> {
  const bucket = call.store.bucket(call.bucket ?? '');
  const key = checkKey(call.key ?? '');
  const record = call.store.object(bucket, key);
  const headers: Record<string, string | number> = objectHeaders(record);
  const outcome = evaluateConditions({
    ifMatch: call.header('if-match'), ifNoneMatch: call.header('if-none-match'),
    ifModifiedSince: call.header('if-modified-since'), ifUnmodifiedSince: call.header('if-unmodified-since'),
  }, record.etag, record.lastModified);
  if (outcome === 'not-modified') return { status: 304, headers: { etag: headers.etag, 'last-modified': headers['last-modified'] } };
  const partNumber = call.query.get('partNumber');
  let range: ByteRange | undefined;
  if (partNumber !== null) {
    range = partRange(record, checkPartNumber(partNumber));
    headers['x-amz-mp-parts-count'] = record.parts?.length ?? 1;
  } else {
    range = parseRange(call.header('range'), record.size);
  }
  if (!head) for (const name of OVERRIDES) {
    const value = call.query.get(`response-${name}`);
    if (value !== null) headers[name] = value;
  }
  if (call.header('x-amz-checksum-mode')?.toUpperCase() === 'ENABLED' && range === undefined && record.checksum) {
    headers[`x-amz-checksum-${record.checksum.name}`] = record.checksum.value ?? (await computeChecksum(bucket, record, record.checksum.name));
    headers['x-amz-checksum-type'] = record.checksum.type;
  }
  const start = range?.start ?? 0;
  const length = range ? range.end - range.start + 1 : record.size;
  headers['content-length'] = length;
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${record.size}`;
  const status = range ? 206 : 200;
  // A Head answers from the index alone, as does an empty body.
  if (head || length === 0) return { status, headers };
  if (record.size <= SMALL_OBJECT_BYTES) return { status, headers, body: readSmall(bucket, record).subarray(start, start + length) };
  const handle = await openObject(bucket, record);
  // A put replaced the object between the lookup and the open: answer the new one.
  if (!handle) {
    if (attempt < 3 && bucket.index.get(key)) return readObject(call, head, attempt + 1);
    throw noSuchKey(key);
  }
  return { status, headers, body: handle.createReadStream({ start, end: start + length - 1, highWaterMark: 1024 * 1024 }) };
}

/**
 * A small object's bytes, read at once: cheaper than a chain of asynchronous calls, and nothing can
 * move the file while a synchronous read runs (every move happens on this thread).
 */
function readSmall(bucket: Bucket, record: ObjectRecord): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(bucket.files.absolute(record.file));
  } catch {
    throw noSuchKey(record.key);
  }
  if (bytes.length !== record.size) throw internalError(new Error(`${record.key} holds ${bytes.length} bytes on disk, ${record.size} in the index`));
  return bytes;
}

/**
 * The whole object's checksum under `name`, from its stored bytes, for an object written without one
 * (see StoredChecksum.value); kept on the record while it is still the index's, so it is computed once.
 */
async function computeChecksum(bucket: Bucket, record: ObjectRecord, name: ChecksumName): Promise<string> {
  const checksummer = createChecksummer(name);
  if (record.size <= SMALL_OBJECT_BYTES) {
    checksummer.update(readSmall(bucket, record));
  } else {
    const handle = await openObject(bucket, record);
    if (!handle) throw noSuchKey(record.key);
    try {
      for await (const chunk of handle.createReadStream({ highWaterMark: 1024 * 1024, autoClose: false })) checksummer.update(chunk as Buffer);
    } finally {
      await handle.close();
    }
  }
  const value = checksummer.digest().toString('base64');
  if (record.checksum && bucket.index.get(record.key) === record) record.checksum.value = value;
  return value;
}

/** Opens a large object's file if it is still the one `record` describes (same record in the index, same size). */
async function openObject(bucket: Bucket, record: ObjectRecord): Promise<FileHandle | undefined> {
  const handle = await open(bucket.files.absolute(record.file), 'r').catch(() => undefined);
  if (!handle) return undefined;
  if (bucket.index.get(record.key) === record && (await handle.stat()).size === record.size) return handle;
  await handle.close();
  return undefined;
}

function partRange(record: ObjectRecord, partNumber: number): ByteRange | undefined {
  const parts = record.parts ?? [record.size];
  if (partNumber > parts.length) throw new AwsError('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416, { PartNumberRequested: partNumber, ActualPartCount: parts.length });
  if (!record.parts) return undefined;
  const start = parts.slice(0, partNumber - 1).reduce((sum, size) => sum + size, 0);
  return { start, end: start + parts[partNumber - 1]! - 1 };
}
