export { createS3Service, type S3Service, type S3ServiceOptions } from './service.js';
export { createS3Server } from './server.js';
export type { PutObjectInput, S3ObjectApi, ObjectHead } from './object-api.js';
export { s3Operation, s3Target, type S3RequestLine } from './operation-name.js';
export { checksumBase64, crc32c, crc64nvme, type ChecksumName } from './checksums.js';
export { decodeAwsChunked, isAwsChunked } from './aws-chunked.js';
