export { createKinesisService, type KinesisService, type KinesisServiceOptions } from './service.js';
export { createKinesisServer } from './server.js';
export { type KinesisRecords } from './records.js';
export { KinesisStore, type KinesisStoreOptions } from './store.js';
export { CBOR_CONTENT_TYPE, cborRequestToJson, encodeCbor } from './cbor.js';
export { createShardQuotas, SHARD_QUOTAS, type ShardQuotas } from './quotas.js';
export { recordHashKey } from './hash-key.js';
