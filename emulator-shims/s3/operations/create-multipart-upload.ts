import { CHECKSUM_NAMES, type ChecksumName } from '../checksums.js';
import { invalidRequest } from '../errors.js';
import { storedHeaders, userMetadata } from '../object-headers.js';
import type { S3Operation } from '../operation.js';
import { parseTaggingHeader } from '../settings/tagging.js';
import { checkKey } from '../validation.js';
import { element, xmlDocument } from '../xml.js';

// FULL_OBJECT checksums exist only for the CRCs; COMPOSITE for all but CRC64NVME.
const FULL_OBJECT_CAPABLE: readonly ChecksumName[] = ['crc32', 'crc32c', 'crc64nvme'];

/** CreateMultipartUpload: a new upload id for a key, with the object's headers and checksum algorithm and type. */
export const createMultipartUpload: S3Operation = (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  const key = checkKey(call.key ?? '');
  const algorithmText = call.header('x-amz-checksum-algorithm');
  const algorithm = algorithmText?.toLowerCase() as ChecksumName | undefined;
  if (algorithm !== undefined && !CHECKSUM_NAMES.includes(algorithm)) throw invalidRequest('Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]');
  const typeText = call.header('x-amz-checksum-type')?.toUpperCase();
  if (typeText !== undefined && typeText !== 'COMPOSITE' && typeText !== 'FULL_OBJECT') throw invalidRequest('Value for x-amz-checksum-type header is invalid.');
  const type = (typeText ?? (algorithm === 'crc64nvme' || algorithm === undefined ? 'FULL_OBJECT' : 'COMPOSITE')) as 'COMPOSITE' | 'FULL_OBJECT';
  if (type === 'FULL_OBJECT' && algorithm !== undefined && !FULL_OBJECT_CAPABLE.includes(algorithm)) throw invalidRequest(`The FULL_OBJECT checksum type cannot be used with the ${algorithm.toUpperCase()} checksum algorithm.`);
  if (type === 'COMPOSITE' && algorithm === 'crc64nvme') throw invalidRequest('The COMPOSITE checksum type cannot be used with the CRC64NVME checksum algorithm.');
  const tagging = call.header('x-amz-tagging');
  const upload = call.store.uploads.create({
    bucket: bucket.record.name, key, accountId: call.scope.accountId, initiated: call.store.now(),
    headers: storedHeaders(call), metadata: userMetadata(call.request.headers),
    ...(tagging !== undefined ? { tags: parseTaggingHeader(tagging, 10) } : {}),
    ...(algorithm !== undefined ? { checksumAlgorithm: algorithm, checksumType: type } : {}),
  });
  return {
    headers: algorithm === undefined ? {} : { 'x-amz-checksum-algorithm': algorithm.toUpperCase(), 'x-amz-checksum-type': type },
    body: xmlDocument('InitiateMultipartUploadResult', `${element('Bucket', bucket.record.name)}${element('Key', key)}${element('UploadId', upload.record.uploadId)}`),
  };
};
