export { createKinesisEngine, type KinesisEngineOptions } from './kinesis.js';
export { createS3Engine, type S3EngineOptions } from './s3.js';
export { decodeAwsChunked, isAwsChunked } from './aws-chunked.js';
