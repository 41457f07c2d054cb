export { createLogsService, type LogsService, type LogsServiceOptions } from './service.js';
export type { LogGroup, LogStream, StoredEvent } from './store/model.js';
