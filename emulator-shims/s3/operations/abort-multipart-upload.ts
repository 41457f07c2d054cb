import { noSuchUpload } from '../errors.js';
import type { S3Operation } from '../operation.js';
import { checkKey } from '../validation.js';

/** AbortMultipartUpload: the upload and its parts are gone; NoSuchUpload for an id that is not in progress. */
export const abortMultipartUpload: S3Operation = async (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const key = checkKey(call.key ?? '');
  const uploadId = call.query.get('uploadId') ?? '';
  const upload = call.store.uploads.find(uploadId, bucket.record.name, key);
  if (!upload) throw noSuchUpload(uploadId);
  await call.store.uploads.remove(upload);
  return { status: 204 };
};
