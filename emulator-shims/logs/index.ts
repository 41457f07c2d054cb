export { createLogsService, type LogsService, type LogsServiceOptions } from './service.js';
export type { LogEvent, LogGroup, LogStream } from './store.js';
