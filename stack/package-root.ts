import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Whether this process runs the TypeScript sources (tests, development) rather than the built dist/. */
export const FROM_SOURCES = fileURLToPath(import.meta.url).endsWith('.ts');

/** The repository (or installed package) root, where package.json is: above stack/, or above dist/stack/. */
export const PACKAGE_ROOT = basename(dirname(HERE)) === 'dist' ? resolve(HERE, '..', '..') : resolve(HERE, '..');
