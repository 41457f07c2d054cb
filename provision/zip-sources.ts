import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { zipSync, type Zippable } from 'fflate';

// Zip entries get fixed times and modes, so the same sources always make the same bytes (the same
// CodeSha256 locally and on AWS, and no code change in a plan when nothing changed).
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const UNIX = 3;
const FILE_MODE = (0o100644 << 16) >>> 0;
const EXECUTABLE_MODE = (0o100755 << 16) >>> 0;
// Never part of a package: what a checkout or an interpreter leaves beside the sources.
const SKIPPED = new Set(['.git', '__pycache__', '.DS_Store', '.hosepipe']);

/** Pure over the file system: a folder or a single file as a deterministic zip. */
export function zipSources(path: string): Uint8Array {
  const entries: Zippable = {};
  const add = (file: string, name: string): void => {
    const executable = (statSync(file).mode & 0o111) !== 0;
    entries[name] = [readFileSync(file), { mtime: FIXED_MTIME, os: UNIX, attrs: executable ? EXECUTABLE_MODE : FILE_MODE }];
  };
  if (statSync(path).isFile()) {
    add(path, basename(path));
  } else {
    for (const file of listFiles(path)) add(file, relative(path, file).split(sep).join('/'));
  }
  return zipSync(entries, { level: 9 });
}

function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (SKIPPED.has(name) || name.endsWith('.pyc')) continue;
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) files.push(...listFiles(path));
    else if (stat.isFile()) files.push(path);
  }
  return files;
}
