export { createFirehoseService, type FirehoseService, type FirehoseServiceOptions } from './service.js';
export { createFirehoseServer } from './server.js';
export type { FlushReport } from './delivery/engine.js';
