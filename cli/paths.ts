import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Whether this process runs the TypeScript sources (tests, development) rather than the built dist/. */
export const FROM_SOURCES = fileURLToPath(import.meta.url).endsWith('.ts');

/** The repository (or installed package) root, where package.json is: above cli/, or above dist/cli/. */
export const PACKAGE_ROOT = basename(dirname(HERE)) === 'dist' ? resolve(HERE, '..', '..') : resolve(HERE, '..');

export function configPath(flags: Record<string, string | boolean>): string {
  return resolve(typeof flags.config === 'string' ? flags.config : process.env.HOSEPIPE_CONFIG ?? 'hosepipe.yaml');
}

export function stateDir(flags: Record<string, string | boolean>): string {
  return resolve(typeof flags.state === 'string' ? flags.state : process.env.HOSEPIPE_STATE_DIR ?? '.hosepipe');
}
