import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root: where agent/ and lambda/ live. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function configPath(flags: Record<string, string | boolean>): string {
  return resolve(typeof flags.config === 'string' ? flags.config : process.env.HOSEPIPE_CONFIG ?? 'hosepipe.yaml');
}

export function stateDir(flags: Record<string, string | boolean>): string {
  return resolve(typeof flags.state === 'string' ? flags.state : process.env.HOSEPIPE_STATE_DIR ?? '.hosepipe');
}
