export { createFirehoseService, type FirehoseService, type FirehoseServiceOptions } from './service.js';
export { createFirehoseServer } from './server.js';
export type { FlushReport } from './delivery/engine.js';
export type { InvokeAnswer, InvokeFunction } from './delivery/lambda-invoker.js';
