export { createKinesisEngine, type KinesisEngine, type KinesisEngineOptions } from './kinesis.js';
export { CBOR_CONTENT_TYPE, cborRequestToJson, encodeCbor, jsonAnswerToCbor } from './kinesis-cbor.js';
export { createShardQuotas, recordHashKey, shardForHash, SHARD_QUOTAS, type ShardQuotas, type ShardRange } from './kinesis-quotas.js';
export { replayRequest } from './replay.js';
