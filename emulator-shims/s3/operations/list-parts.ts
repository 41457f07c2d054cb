import { noSuchUpload } from '../errors.js';
import type { S3Operation } from '../operation.js';
import { ownerXml } from '../owner.js';
import { checkKey, checkLimit } from '../validation.js';
import { element, xmlDocument } from '../xml.js';

/** ListParts: the parts uploaded so far, by part number, paged by `part-number-marker` and `max-parts`. */
export const listParts: S3Operation = (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const key = checkKey(call.key ?? '');
  const uploadId = call.query.get('uploadId') ?? '';
  const upload = call.store.uploads.find(uploadId, bucket.record.name, key);
  if (!upload) throw noSuchUpload(uploadId);
  const markerText = call.query.get('part-number-marker');
  const marker = markerText === null ? 0 : checkLimit(markerText, 'part-number-marker', 10_000);
  const max = checkLimit(call.query.get('max-parts'), 'max-parts');
  const all = [...upload.parts.values()].filter((part) => part.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const page = all.slice(0, max);
  const algorithm = upload.record.checksumAlgorithm;
  const parts = page.map((part) =>
    `<Part>${element('PartNumber', part.partNumber)}${element('LastModified', new Date(part.lastModified).toISOString())}${element('ETag', `"${part.etag}"`)}${element('Size', part.size)}` +
    `${algorithm && part.checksum ? element(`Checksum${algorithm.toUpperCase()}`, part.checksum) : ''}</Part>`).join('');
  const owner = ownerXml(upload.record.accountId);
  return {
    body: xmlDocument('ListPartsResult',
      `${element('Bucket', bucket.record.name)}${element('Key', key)}${element('UploadId', uploadId)}` +
      `${element('PartNumberMarker', marker)}${element('NextPartNumberMarker', page.at(-1)?.partNumber ?? 0)}${element('MaxParts', max)}` +
      `${element('IsTruncated', all.length > page.length)}${parts}${ownerXml(upload.record.accountId, 'Initiator')}${owner}` +
      `${element('StorageClass', upload.record.headers['x-amz-storage-class'] ?? 'STANDARD')}` +
      `${algorithm ? element('ChecksumAlgorithm', algorithm.toUpperCase()) + element('ChecksumType', upload.record.checksumType) : ''}`),
  };
};
