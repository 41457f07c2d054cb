import { createTransformHandler } from './create-handler.js';
import { readTransformConfig } from './environment.js';

// Read once per container: a bad variable fails the cold start with its name, not every record.
const config = readTransformConfig(process.env);

/** The Lambda entry point (`index.handler` in the bundle). */
export const handler = createTransformHandler(config);
