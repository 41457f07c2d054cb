import { planUpload } from '../checksum-check.js';
import { MAX_OBJECT_BYTES } from '../errors.js';
import { storedHeaders, userMetadata } from '../object-headers.js';
import type { S3Operation } from '../operation.js';
import { parseTaggingHeader } from '../settings/tagging.js';
import { checkWriteConditions } from '../store.js';
import { declaredSize, receiveBody } from '../upload-body.js';
import { checkKey } from '../validation.js';
import { writeConditions } from '../write-conditions.js';

/**
 * PutObject: the body streams to a temporary file (aws-chunked decoded, Content-MD5 and checksums
 * verified), then becomes the object in one step; a failed check or a client that leaves keeps the
 * old object. `If-None-Match: *` and `If-Match` are checked before the body and again at the end.
 */
export const putObject: S3Operation = async (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const key = checkKey(call.key ?? '');
  const conditions = writeConditions(call);
  checkWriteConditions(bucket.index.get(key), key, conditions);
  const headers = storedHeaders(call);
  const metadata = userMetadata(call.request.headers);
  const tagging = call.header('x-amz-tagging');
  const tags = tagging === undefined ? undefined : parseTaggingHeader(tagging, 10);
  const declared = declaredSize(call.request, MAX_OBJECT_BYTES);
  const plan = planUpload(call.request.headers);
  const body = await receiveBody(call.request, plan, call.store.temporaryDirectory, MAX_OBJECT_BYTES, declared);
  const checksum = { ...body.checksum, type: 'FULL_OBJECT' as const };
  await call.store.commitObject(bucket, body.source, {
    key, size: body.size, etag: body.md5Hex, lastModified: call.store.now(), headers, metadata, checksum, ...(tags && tags.length > 0 ? { tags } : {}),
  }, conditions);
  return {
    headers: {
      etag: `"${body.md5Hex}"`,
      [`x-amz-checksum-${checksum.name}`]: checksum.value,
      'x-amz-checksum-type': 'FULL_OBJECT',
      'x-amz-server-side-encryption': headers['x-amz-server-side-encryption'] ?? 'AES256',
    },
  };
};
