/**
 * The files holding one bucket's object bytes. A key's file sits at its own path under the bucket's
 * folder (key-path.ts) where it can; where it cannot (a folder already has that name, a file is in the
 * way of a folder, the path is too long, another key's file has the same name on a case-folding file
 * system), it is kept under its hash in a folder beside. Moves into place are synchronous, so a put
 * and a delete of the same key can never interleave between the file and the index.
 */
import { mkdirSync, renameSync, rmdirSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { foldedPath, keyFilePath, keyHashName } from './key-path.js';

const BY_HASH = '#';

export class ObjectFiles {
  // Folded path → the key whose file it is, so no two keys share one file on any file system.
  private readonly claims = new Map<string, string>();

  constructor(readonly objectsDirectory: string, readonly hashDirectory: string) {}

  /** Notes a file found in the index at start-up. */
  register(key: string, file: string): void {
    if (!file.startsWith(BY_HASH)) this.claims.set(foldedPath(file), key);
  }

  /** The absolute path of a stored file reference. */
  absolute(file: string): string {
    return file.startsWith(BY_HASH) ? join(this.hashDirectory, file.slice(BY_HASH.length)) : join(this.objectsDirectory, file);
  }

  /** Moves a finished temporary file into place as `key`'s bytes; answers the file reference. */
  place(temporary: string, key: string, previous: string | undefined): string {
    const path = keyFilePath(key);
    const folded = foldedPath(path);
    const owner = this.claims.get(folded);
    let file: string | undefined;
    if (owner === undefined || owner === key) {
      const target = join(this.objectsDirectory, path);
      if (tryRename(temporary, target)) {
        this.claims.set(folded, key);
        file = path;
      }
    }
    if (file === undefined) {
      file = `${BY_HASH}${keyHashName(key)}`;
      mkdirSync(this.hashDirectory, { recursive: true });
      renameSync(temporary, this.absolute(file));
    }
    if (previous !== undefined && previous !== file) this.remove(key, previous);
    return file;
  }

  /** Removes a key's file and the folders its path left empty. */
  remove(key: string, file: string): void {
    const path = this.absolute(file);
    try {
      unlinkSync(path);
    } catch {
      // Already gone; nothing to free.
    }
    if (file.startsWith(BY_HASH)) return;
    const folded = foldedPath(file);
    if (this.claims.get(folded) === key) this.claims.delete(folded);
    // Empty folders go, so a later key may use the name as a file; a folder still in use stays.
    for (let folder = dirname(path); folder.startsWith(this.objectsDirectory) && folder !== this.objectsDirectory; folder = dirname(folder)) {
      try {
        rmdirSync(folder);
      } catch {
        break;
      }
    }
  }
}

/** Renames into place, making the parent folders once if they are missing; false when the path cannot hold a file. */
function tryRename(from: string, to: string): boolean {
  try {
    renameSync(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
  }
  try {
    mkdirSync(dirname(to), { recursive: true });
    renameSync(from, to);
    return true;
  } catch {
    return false;
  }
}
