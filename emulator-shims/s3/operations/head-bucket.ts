import type { S3Operation } from '../operation.js';

/** HeadBucket: 200 with the bucket's region (SDKs and Terraform find a bucket's region this way). */
export const headBucket: S3Operation = (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  return { headers: { 'x-amz-bucket-region': bucket.record.region, 'x-amz-access-point-alias': 'false' } };
};
