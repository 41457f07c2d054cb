import { planUpload } from '../checksum-check.js';
import { MAX_OBJECT_BYTES } from '../errors.js';
import type { S3Operation } from '../operation.js';
import { partTarget } from './part-target.js';
import { declaredSize, receiveBody } from '../upload-body.js';

/** UploadPart: part 1–10,000 of an upload in progress (NoSuchUpload for any other id), up to 5 GiB, checksummed like a PutObject. */
export const uploadPart: S3Operation = async (call) => {
  const { upload, partNumber } = partTarget(call);
  const declared = declaredSize(call.request, MAX_OBJECT_BYTES);
  const algorithm = upload.record.checksumAlgorithm;
  const plan = planUpload(call.request.headers, algorithm ?? 'crc64nvme');
  const body = await receiveBody(call.request, plan, call.store.temporaryDirectory, MAX_OBJECT_BYTES, declared);
  const sameAlgorithm = algorithm === undefined || body.checksum.name === algorithm;
  await call.store.uploads.commitPart(upload, body.source, {
    partNumber, etag: body.md5Hex, size: body.size, lastModified: call.store.now(), ...(sameAlgorithm ? { checksum: body.checksum.value } : {}),
  });
  const echo = algorithm !== undefined || plan.headerValue !== undefined || plan.trailer !== undefined;
  return { headers: { etag: `"${body.md5Hex}"`, ...(echo ? { [`x-amz-checksum-${body.checksum.name}`]: body.checksum.value } : {}) } };
};
