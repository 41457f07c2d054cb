import { joinFiles } from '../file-copy.js';
import { invalidArgument, invalidRequest, MAX_OBJECT_BYTES } from '../errors.js';
import { storedHeaders, userMetadata } from '../object-headers.js';
import type { S3Operation } from '../operation.js';
import { copySource } from '../copy-source.js';
import { parseTaggingHeader } from '../settings/tagging.js';
import { checkKey } from '../validation.js';
import { element, xmlDocument } from '../xml.js';
import { CHECKSUM_NAMES, type ChecksumName } from '../checksums.js';
import { writeConditions } from '../write-conditions.js';

/**
 * CopyObject: a new object with the source's bytes (up to 5 GiB), its metadata copied or replaced
 * (`x-amz-metadata-directive`), its tags likewise; copying an object onto itself must change something.
 */
export const copyObject: S3Operation = async (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const key = checkKey(call.key ?? '');
  const source = copySource(call);
  const metadataDirective = call.header('x-amz-metadata-directive') ?? 'COPY';
  const taggingDirective = call.header('x-amz-tagging-directive') ?? 'COPY';
  if (metadataDirective !== 'COPY' && metadataDirective !== 'REPLACE') throw invalidArgument('Unknown metadata directive.', 'MetadataDirective', metadataDirective);
  if (taggingDirective !== 'COPY' && taggingDirective !== 'REPLACE') throw invalidArgument('Unknown tagging directive.', 'TaggingDirective', taggingDirective);
  if (source.record.size > MAX_OBJECT_BYTES) throw invalidRequest(`The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_OBJECT_BYTES}`);
  const replaced = metadataDirective === 'REPLACE';
  const sameObject = source.bucket === bucket && source.record.key === key;
  const changes = ['x-amz-storage-class', 'x-amz-server-side-encryption', 'x-amz-website-redirect-location'].some((name) => call.header(name) !== undefined);
  if (sameObject && !replaced && !changes) {
    throw invalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
  }
  const requested = call.header('x-amz-checksum-algorithm')?.toLowerCase() as ChecksumName | undefined;
  if (requested !== undefined && !CHECKSUM_NAMES.includes(requested)) throw invalidRequest('Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]');
  const checksumName = requested ?? (source.record.checksum?.type === 'FULL_OBJECT' ? source.record.checksum.name : 'crc64nvme');
  // COPY keeps the source's content headers; storage class, encryption and redirect may still change.
  const kept = ['x-amz-storage-class', 'x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id', 'x-amz-website-redirect-location'];
  const headers = replaced ? storedHeaders(call) : { ...source.record.headers, ...storedHeaders({ header: (name) => (kept.includes(name) ? call.header(name) : undefined) }) };
  const metadata = replaced ? userMetadata(call.request.headers) : source.record.metadata;
  const tagging = call.header('x-amz-tagging');
  const tags = taggingDirective === 'REPLACE' ? (tagging === undefined ? [] : parseTaggingHeader(tagging, 10)) : source.record.tags ?? [];
  const copied = await joinFiles([{ path: source.path }], call.store.temporaryDirectory, checksumName);
  const checksum = { name: checksumName, value: copied.checksum!, type: 'FULL_OBJECT' as const };
  const stored = await call.store.commitObject(bucket, { path: copied.path }, {
    key, size: copied.size, etag: copied.md5Hex, lastModified: call.store.now(), headers, metadata, checksum, ...(tags.length > 0 ? { tags } : {}),
  }, writeConditions(call));
  const label = `Checksum${checksumName.toUpperCase()}`;
  return {
    body: xmlDocument('CopyObjectResult',
      `${element('ETag', `"${stored.etag}"`)}${element('LastModified', new Date(stored.lastModified).toISOString())}${element(label, checksum.value)}${element('ChecksumType', 'FULL_OBJECT')}`),
  };
};
