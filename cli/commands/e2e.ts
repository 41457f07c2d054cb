import { spawn } from 'node:child_process';
import { PACKAGE_ROOT } from '../paths.js';

/** `hosepipe e2e [name...]`: runs the scenarios through ava; names filter by scenario file name. */
export async function e2e(_flags: Record<string, string | boolean>, positionals: string[]): Promise<number> {
  const env = { ...process.env, ...(positionals.length > 0 ? { HOSEPIPE_SCENARIOS: positionals.join(',') } : {}) };
  const child = spawn(process.execPath, [`${PACKAGE_ROOT}/node_modules/ava/entrypoints/cli.mjs`, 'test/e2e/'], { cwd: PACKAGE_ROOT, stdio: 'inherit', env });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}
