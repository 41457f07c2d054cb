import type { S3Operation } from '../operation.js';
import { checkKey } from '../validation.js';

/** DeleteObject: 204 whether or not the key was there, as S3 answers. */
export const deleteObject: S3Operation = async (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  await call.store.deleteObject(bucket, checkKey(call.key ?? ''));
  return { status: 204 };
};
