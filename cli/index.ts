export { main } from './main.js';
export * from '../stack/index.js';
export { COMMANDS, helpText, parseArgs, UsageError } from './flags.js';
