import test from 'ava';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../cli/paths.js';

const run = promisify(execFile);

interface Manifest {
  allowScripts?: Record<string, boolean>;
}

interface Lockfile {
  packages: Record<string, { hasInstallScript?: boolean }>;
}

function packagesWithInstallScripts(): string[] {
  const lock = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
  const names = Object.entries(lock.packages)
    .filter(([, entry]) => entry.hasInstallScript === true)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  return [...new Set(names)].sort();
}

test('allowScripts decides on exactly the dependencies that have install scripts, and approves only esbuild', (t) => {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as Manifest;
  const entries = manifest.allowScripts ?? {};
  // Keys are names (npm pins pkg@version only when the lockfile records where each package came from).
  t.deepEqual(Object.keys(entries).map((key) => key.replace(/(?<=.)@.*$/, '')).sort(), packagesWithInstallScripts());
  t.deepEqual(Object.entries(entries).filter(([, allowed]) => allowed).map(([key]) => key), ['esbuild']);
});

test('npm finds no install script that allowScripts leaves undecided', async (t) => {
  const { stdout } = await run('npm', ['install-scripts', 'ls', '--json'], { cwd: PACKAGE_ROOT });
  t.deepEqual(JSON.parse(stdout), { allowScripts: [] });
});
