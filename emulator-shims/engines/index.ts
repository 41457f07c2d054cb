export { createKinesisEngine, type KinesisEngine, type KinesisEngineOptions } from './kinesis.js';
export { createS3Engine, type S3Engine, type S3EngineOptions } from './s3.js';
export { decodeAwsChunked, isAwsChunked } from './aws-chunked.js';
export { CBOR_CONTENT_TYPE, cborRequestToJson, encodeCbor, jsonAnswerToCbor } from './kinesis-cbor.js';
export { createShardQuotas, recordHashKey, shardForHash, SHARD_QUOTAS, type ShardQuotas, type ShardRange } from './kinesis-quotas.js';
export { replayRequest } from './replay.js';
export { s3Operation, s3Target, type S3RequestLine } from './s3-operation.js';
