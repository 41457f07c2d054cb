export { createFirehoseService, type DeliveryStreamInspection, type DeliveryStreamView, type FirehoseService, type FirehoseServiceOptions } from './service.js';
export { createFirehoseServer } from './server.js';
export type { EngineView, FlushReport } from './delivery/engine.js';
export type { BufferView } from './delivery/object-buffers.js';
export type { WrittenObject } from './delivery/recent-objects.js';
export type { InvokeAnswer, InvokeFunction } from './delivery/lambda-invoker.js';
export type { KinesisSource } from './delivery/kinesis-reader.js';
export type { ObjectPut, PutObject } from './delivery/s3-writer.js';
