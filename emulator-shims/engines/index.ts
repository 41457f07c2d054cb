export { replayRequest } from './replay.js';
