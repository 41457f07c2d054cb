import type { S3Operation } from '../operation.js';
import { S3_NAMESPACE } from '../xml.js';

/** GetBucketLocation: the bucket's region, empty for us-east-1 as S3 answers it. */
export const getBucketLocation: S3Operation = (call) => {
  const { region } = call.store.bucket(call.bucket ?? '').record;
  const text = region === 'us-east-1' ? '' : region;
  return { body: `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_NAMESPACE}">${text}</LocationConstraint>` };
};
