export { main } from './main.js';
export { startStack, staticPart, type Stack, type StackOptions } from './stack/stack.js';
export { flushFirehose, readAgentStatus, waitForAgentShipped, type AgentStatus } from './stack/drain.js';
export { findNginx, NginxMissingError, startNginx, type StartedNginx } from './stack/nginx.js';
export { renderNginxConfig, STATUS_ROUTES } from './stack/nginx-config.js';
export { freePort } from './stack/process.js';
export { startAgentProcess, type StartedAgentProcess } from './stack/agent-process.js';
export { COMMANDS, helpText, parseArgs, UsageError } from './flags.js';
