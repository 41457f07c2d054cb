import { readBody } from '../../shared/index.js';
import { joinFiles } from '../file-copy.js';
import { entityTooSmall, invalidPart, invalidPartOrder, malformedXml, MIN_PART_BYTES, noSuchUpload } from '../errors.js';
import { compositeChecksum, multipartEtag, parseCompletedParts } from '../multipart-checksums.js';
import type { S3Operation } from '../operation.js';
import type { StoredChecksum } from '../checksums.js';
import { checkWriteConditions } from '../store.js';
import { checkKey } from '../validation.js';
import { element, xmlDocument } from '../xml.js';
import { writeConditions } from '../write-conditions.js';

/**
 * CompleteMultipartUpload, with S3's part rules: parts listed in ascending order (InvalidPartOrder),
 * each uploaded with the ETag given (InvalidPart), every one but the last at least 5 MiB
 * (EntityTooSmall). The parts are joined into one file that becomes the object in one step.
 */
export const completeMultipartUpload: S3Operation = async (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const key = checkKey(call.key ?? '');
  const uploadId = call.query.get('uploadId') ?? '';
  const upload = call.store.uploads.find(uploadId, bucket.record.name, key);
  if (!upload) throw noSuchUpload(uploadId);
  const conditions = writeConditions(call);
  checkWriteConditions(bucket.index.get(key), key, conditions);
  const listed = parseCompletedParts((await readBody(call.request, 4 * 1024 * 1024)).toString('utf8'));
  if (listed.length === 0 || listed.length > 10_000) throw malformedXml();
  const { checksumAlgorithm: algorithm, checksumType } = upload.record;
  const parts = listed.map((entry, index) => {
    if (index > 0 && entry.partNumber <= listed[index - 1]!.partNumber) throw invalidPartOrder(uploadId);
    const part = upload.parts.get(entry.partNumber);
    if (!part || (entry.etag !== undefined && entry.etag !== part.etag)) throw invalidPart(uploadId, entry.partNumber, entry.etag);
    if (entry.checksum && algorithm && (entry.checksum.name !== algorithm || entry.checksum.value !== part.checksum)) throw invalidPart(uploadId, entry.partNumber, entry.etag);
    return part;
  });
  parts.forEach((part, index) => {
    if (index < parts.length - 1 && part.size < MIN_PART_BYTES) throw entityTooSmall(part.size, part.partNumber, `"${part.etag}"`);
  });
  const fullObject = checksumType !== 'COMPOSITE';
  const joined = await joinFiles(
    parts.map((part) => ({ path: call.store.uploads.partPath(uploadId, part.partNumber) })),
    call.store.temporaryDirectory,
    fullObject ? algorithm ?? 'crc64nvme' : undefined,
  );
  let checksum: StoredChecksum;
  if (fullObject) checksum = { name: algorithm ?? 'crc64nvme', value: joined.checksum!, type: 'FULL_OBJECT' };
  else checksum = { name: algorithm!, value: compositeChecksum(algorithm!, parts.map((part) => part.checksum ?? '')), type: 'COMPOSITE' };
  const etag = multipartEtag(parts.map((part) => part.etag));
  if (!call.store.uploads.find(uploadId, bucket.record.name, key)) throw noSuchUpload(uploadId);
  const { headers, metadata, tags } = upload.record;
  await call.store.commitObject(bucket, { path: joined.path }, {
    key, size: joined.size, etag, lastModified: call.store.now(), headers, metadata, checksum, parts: parts.map((part) => part.size), ...(tags && tags.length > 0 ? { tags } : {}),
  }, conditions);
  await call.store.uploads.remove(upload);
  const checksumXml = algorithm ? `${element(`Checksum${checksum.name.toUpperCase()}`, checksum.value)}${element('ChecksumType', checksum.type)}` : '';
  return {
    body: xmlDocument('CompleteMultipartUploadResult',
      `${element('Location', `${call.origin}/${bucket.record.name}/${encodeURIComponent(key).replace(/%2F/g, '/')}`)}${element('Bucket', bucket.record.name)}${element('Key', key)}${element('ETag', `"${etag}"`)}${checksumXml}`),
  };
};
