/** The source of a CopyObject or UploadPartCopy: `x-amz-copy-source`, its conditions and range. */
import { AwsError } from '../shared/index.js';
import { evaluateConditions } from './conditions.js';
import { invalidArgument, invalidRange, preconditionFailed } from './errors.js';
import type { ObjectRecord } from './object-index.js';
import type { S3Call } from './operation.js';
import type { ByteRange } from './ranges.js';
import { decodeStrict } from './request-line.js';
import type { Bucket } from './store.js';
import { checkKey } from './validation.js';

export interface CopySource {
  bucket: Bucket;
  record: ObjectRecord;
  path: string;
}

/** Finds the source object (`/bucket/key` or `bucket/key`, URL-encoded, `?versionId=` allowed) and checks its conditions. */
export function copySource(call: S3Call): CopySource {
  const header = call.header('x-amz-copy-source') ?? '';
  const [rawPath = '', rawQuery = ''] = header.split('?');
  const decoded = decodeStrict(rawPath.replace(/^\//, ''), header);
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw invalidArgument('Invalid copy source object key', 'x-amz-copy-source', header);
  const versionId = new URLSearchParams(rawQuery).get('versionId');
  if (versionId !== null && versionId !== 'null') throw invalidArgument('Invalid version id specified', 'x-amz-copy-source', header);
  const bucket = call.store.bucket(decoded.slice(0, slash));
  const record = call.store.object(bucket, checkKey(decoded.slice(slash + 1)));
  try {
    const outcome = evaluateConditions({
      ifMatch: call.header('x-amz-copy-source-if-match'), ifNoneMatch: call.header('x-amz-copy-source-if-none-match'),
      ifModifiedSince: call.header('x-amz-copy-source-if-modified-since'), ifUnmodifiedSince: call.header('x-amz-copy-source-if-unmodified-since'),
    }, record.etag, record.lastModified);
    // A copy answers 412 where a GET would answer 304.
    if (outcome === 'not-modified') throw preconditionFailed(call.header('x-amz-copy-source-if-none-match') !== undefined ? 'x-amz-copy-source-If-None-Match' : 'x-amz-copy-source-If-Modified-Since');
  } catch (error) {
    if (error instanceof AwsError && error.code === 'PreconditionFailed' && !String(error.fields.Condition).startsWith('x-amz')) {
      throw preconditionFailed(`x-amz-copy-source-${String(error.fields.Condition)}`);
    }
    throw error;
  }
  return { bucket, record, path: bucket.files.absolute(record.file) };
}

/** `x-amz-copy-source-range: bytes=first-last`, within the source (UploadPartCopy). */
export function copySourceRange(call: S3Call, size: number): ByteRange | undefined {
  const header = call.header('x-amz-copy-source-range');
  if (header === undefined) return undefined;
  const match = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  if (!match || Number(match[2]) < Number(match[1])) {
    throw invalidArgument('The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy', 'x-amz-copy-source-range', header);
  }
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (end >= size) throw invalidRange(header, size);
  return { start, end };
}
