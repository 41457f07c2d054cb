export { ACCESS_LOG, CONTAINER } from './layout.js';
export { agentOptionsFor, readyFile, type ReadyState } from './run-files.js';
