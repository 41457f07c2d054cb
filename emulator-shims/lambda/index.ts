export { createLambdaService, type LambdaService, type LambdaServiceOptions } from './service.js';
export { createLambdaServer } from './server.js';
export { LambdaError } from './errors.js';
export { replacementForDeprecatedRuntime, runnableRuntimes, runtimeFamily } from './runtimes.js';
