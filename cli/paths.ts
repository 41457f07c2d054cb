import { resolve } from 'node:path';

export { FROM_SOURCES, PACKAGE_ROOT } from '../stack/package-root.js';

export function configPath(flags: Record<string, string | boolean>): string {
  return resolve(typeof flags.config === 'string' ? flags.config : process.env.HOSEPIPE_CONFIG ?? 'hosepipe.yaml');
}

export function stateDir(flags: Record<string, string | boolean>): string {
  return resolve(typeof flags.state === 'string' ? flags.state : process.env.HOSEPIPE_STATE_DIR ?? '.hosepipe');
}
