import { noSuchUpload } from '../errors.js';
import type { S3Call } from '../operation.js';
import type { Upload } from '../uploads.js';
import { checkKey, checkPartNumber } from '../validation.js';

/** The upload in progress and the part number an UploadPart or UploadPartCopy names: NoSuchUpload for any other upload id. */
export function partTarget(call: S3Call): { upload: Upload; partNumber: number } {
  const bucket = call.store.bucket(call.bucket ?? '');
  const key = checkKey(call.key ?? '');
  const partNumber = checkPartNumber(call.query.get('partNumber'));
  const uploadId = call.query.get('uploadId') ?? '';
  const upload = call.store.uploads.find(uploadId, bucket.record.name, key);
  if (!upload) throw noSuchUpload(uploadId);
  return { upload, partNumber };
}
