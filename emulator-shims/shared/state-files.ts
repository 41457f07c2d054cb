/**
 * Files in the state folder, read as hostile too: what an older version, a crash or a hand edit left
 * there must never stop the endpoint starting. Readers report what they skip through `warn`.
 */
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRegionName } from './request-scope.js';
import { fromSafeFileName } from './safe-name.js';
import type { Scope } from './service.js';

/** Writes `value` as JSON to `path` through a temporary file, so a reader never sees half of it. */
export function writeJsonAtomically(path: string, value: unknown, indent?: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(value, null, indent));
  renameSync(temporary, path);
}

/** The parsed JSON of `path`, or undefined (reported, unless the file does not exist). */
export function readJsonFile(path: string, warn: (line: string) => void): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`skipped ${path}: ${(error as Error).message}`);
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    warn(`skipped ${path}: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * The sub-folder names of `path` (none when it does not exist); other entries are reported (but
 * `*.tmp` and those `expected` says are known files) and left alone.
 */
export function subfolders(path: string, warn: (line: string) => void, expected: (name: string) => boolean = () => false): string[] {
  let names: string[];
  try {
    names = readdirSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`skipped ${path}: ${(error as Error).message}`);
    return [];
  }
  return names.filter((name) => {
    try {
      if (statSync(join(path, name)).isDirectory()) return true;
    } catch {
      // A dangling link or an entry that vanished: reported below like any other non-folder.
    }
    if (!name.endsWith('.tmp') && !expected(name)) warn(`skipped ${join(path, name)}: not a folder`);
    return false;
  });
}

/**
 * The `<account>/<region>/` folders under `root` (each name a safe file name), with the scope each names. A
 * folder that does not name a 12-digit account or a region is reported and skipped, as `subfolders` reports
 * what is not a folder (`expected` names files the root may hold besides).
 */
export function* scopeFolders(root: string, warn: (line: string) => void, expected?: (name: string) => boolean): Generator<{ scope: Scope; path: string }> {
  for (const accountName of subfolders(root, warn, expected)) {
    const accountId = fromSafeFileName(accountName);
    if (accountId === undefined || !/^\d{12}$/.test(accountId)) {
      warn(`skipped ${join(root, accountName)}: not an account folder`);
      continue;
    }
    for (const regionName of subfolders(join(root, accountName), warn)) {
      const region = fromSafeFileName(regionName);
      if (region === undefined || !isRegionName(region)) {
        warn(`skipped ${join(root, accountName, regionName)}: not a region folder`);
        continue;
      }
      yield { scope: { accountId, region }, path: join(root, accountName, regionName) };
    }
  }
}
