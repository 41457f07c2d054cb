import { copySource, copySourceRange } from '../copy-source.js';
import { joinFiles } from '../file-copy.js';
import { entityTooLarge, MAX_OBJECT_BYTES } from '../errors.js';
import type { S3Operation } from '../operation.js';
import { partTarget } from './part-target.js';
import { element, xmlDocument } from '../xml.js';

/** UploadPartCopy: a part made of an existing object's bytes, all or `x-amz-copy-source-range`. */
export const uploadPartCopy: S3Operation = async (call) => {
  const { upload, partNumber } = partTarget(call);
  const source = copySource(call);
  const range = copySourceRange(call, source.record.size);
  const size = range ? range.end - range.start + 1 : source.record.size;
  if (size > MAX_OBJECT_BYTES) throw entityTooLarge(size);
  const algorithm = upload.record.checksumAlgorithm ?? 'crc64nvme';
  const copied = await joinFiles([{ path: source.path, ...(range ?? {}) }], call.store.temporaryDirectory, algorithm);
  const lastModified = call.store.now();
  await call.store.uploads.commitPart(upload, { path: copied.path }, { partNumber, etag: copied.md5Hex, size: copied.size, lastModified, checksum: copied.checksum! });
  const label = upload.record.checksumAlgorithm ? element(`Checksum${algorithm.toUpperCase()}`, copied.checksum) : '';
  return { body: xmlDocument('CopyPartResult', `${element('ETag', `"${copied.md5Hex}"`)}${element('LastModified', new Date(lastModified).toISOString())}${label}`) };
};
