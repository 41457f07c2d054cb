import { resolveLogFormat } from '../lambda/index.js';
import type { PipelineConfig } from '../provision/index.js';

export { freePort, startNginx, startStack } from '../stack/index.js';

/** The log_format string nginx runs with, as the stack resolves it. */
export function resolveLogFormatForBench(config: PipelineConfig): string {
  return resolveLogFormat(config.nginx.logFormat)!.format;
}
