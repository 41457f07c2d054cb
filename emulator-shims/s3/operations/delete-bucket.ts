import type { S3Operation } from '../operation.js';

/** DeleteBucket: only an empty bucket (BucketNotEmpty otherwise); its uploads in progress go with it. */
export const deleteBucket: S3Operation = async (call) => {
  await call.store.deleteBucket(call.bucket ?? '');
  return { status: 204 };
};
