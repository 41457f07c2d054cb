import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolveLogFormat } from '../lambda/index.js';
import type { PipelineConfig } from '../provision/index.js';
import type * as StackModule from '../stack/index.js';

// The stack as `make up` runs it: dist/ (`make bench` builds it first), so the agent is the bundled
// dist/agent/main.js and the transform the prebuilt zip, not TypeScript through tsx and a bundle built at
// start, whose loader and esbuild service would add their memory and CPU to the figures.
const BUILT_STACK = new URL('../dist/stack/index.js', import.meta.url);
if (!existsSync(fileURLToPath(BUILT_STACK))) throw new Error(`${fileURLToPath(BUILT_STACK)} is missing: run \`make build\` first (\`make bench\` does)`);
const built = (await import(BUILT_STACK.href)) as typeof StackModule;

export const { freePort, startNginx, startStack } = built;

/** The log_format string nginx runs with, as the stack resolves it. */
export function resolveLogFormatForBench(config: PipelineConfig): string {
  return resolveLogFormat(config.nginx.logFormat)!.format;
}
