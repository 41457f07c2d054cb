/** The headers an object keeps from its upload, and the headers a Get or Head answers with. */
import { AwsError } from '../shared/index.js';
import { invalidArgument } from './errors.js';
import type { ObjectRecord } from './object-index.js';
import type { S3Call } from './operation.js';

// Content headers S3 stores with an object and answers on Get/Head.
const STORED = ['content-type', 'content-encoding', 'content-disposition', 'content-language', 'cache-control', 'expires', 'x-amz-website-redirect-location', 'x-amz-storage-class', 'x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id'];
const STORAGE_CLASSES = new Set(['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'OUTPOSTS', 'GLACIER_IR', 'SNOW', 'EXPRESS_ONEZONE']);
const ENCRYPTIONS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);
const MAX_METADATA_BYTES = 2 * 1024;

/** Pure: the content headers of an upload to keep (aws-chunked is framing, not an encoding of the object). */
export function storedHeaders(call: Pick<S3Call, 'header'>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of STORED) {
    const value = call.header(name);
    if (value !== undefined) headers[name] = value;
  }
  if (headers['content-encoding'] !== undefined) {
    const encodings = headers['content-encoding'].split(',').map((value) => value.trim()).filter((value) => value && value !== 'aws-chunked');
    if (encodings.length > 0) headers['content-encoding'] = encodings.join(', ');
    else delete headers['content-encoding'];
  }
  const storageClass = headers['x-amz-storage-class'];
  if (storageClass !== undefined && !STORAGE_CLASSES.has(storageClass)) throw new AwsError('InvalidStorageClass', 'The storage class you specified is not valid', 400, { StorageClassRequested: storageClass.slice(0, 64) });
  if (storageClass === 'STANDARD') delete headers['x-amz-storage-class'];
  const encryption = headers['x-amz-server-side-encryption'];
  if (encryption !== undefined && !ENCRYPTIONS.has(encryption)) throw invalidArgument('The encryption method specified is not supported', 'x-amz-server-side-encryption', encryption);
  return headers;
}

/** Pure: `x-amz-meta-*` of an upload, names in lower case; S3's MetadataTooLarge past 2 KB. */
export function userMetadata(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const metadata: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : value;
    const short = name.slice('x-amz-meta-'.length);
    metadata[short] = text;
    size += Buffer.byteLength(short) + Buffer.byteLength(text);
  }
  if (size > MAX_METADATA_BYTES) {
    throw new AwsError('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size', 400, { Size: size, MaxSizeAllowed: MAX_METADATA_BYTES });
  }
  return metadata;
}

/** Pure: the headers of a Get or Head answer for an object. */
export function objectHeaders(record: ObjectRecord): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    'content-type': 'binary/octet-stream',
    etag: `"${record.etag}"`,
    'last-modified': new Date(record.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    // Every object is encrypted at rest on S3 (SSE-S3 unless the upload chose otherwise).
    'x-amz-server-side-encryption': 'AES256',
    ...record.headers,
  };
  for (const [name, value] of Object.entries(record.metadata)) headers[`x-amz-meta-${name}`] = value;
  if (record.tags && record.tags.length > 0) headers['x-amz-tagging-count'] = record.tags.length;
  return headers;
}
