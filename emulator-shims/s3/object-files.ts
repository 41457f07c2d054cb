/**
 * The files holding one bucket's object bytes. A key's file sits at its own path under the bucket's
 * folder (key-path.ts) where it can; where it cannot (a folder already has that name, a file is in the
 * way of a folder, the path is too long, another key's file has the same name on a case-folding file
 * system), it is kept under its hash in a folder beside. Moves into place are synchronous, so a put
 * and a delete of the same key can never interleave between the file and the index.
 */
import { mkdirSync, renameSync, rmdirSync, unlinkSync, writeFile, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { foldedPath, keyFilePath, keyHashName } from './key-path.js';
import type { BodySource } from './upload-body.js';

const BY_HASH = '#';
// The callback form: lighter than a FileHandle for one small write.
const writeFileAsync = promisify(writeFile);

/** Writes a file that must not exist yet; a partial file left by a failure is removed. */
async function writeNew(path: string, bytes: Buffer): Promise<void> {
  try {
    await writeFileAsync(path, bytes, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' && (error as NodeJS.ErrnoException).code !== 'ENOENT') unlinkQuietly(path);
    throw error;
  }
}

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

  /**
   * Writes a new small object straight to its own path, off this thread: the caller holds the key's
   * commit lock and no record names the key yet, so no reader looks there. Answers undefined when the
   * path cannot take it (then place() decides).
   */
  async create(bytes: Buffer, key: string): Promise<string | undefined> {
    const path = keyFilePath(key);
    const folded = foldedPath(path);
    const owner = this.claims.get(folded);
    if (owner !== undefined && owner !== key) return undefined;
    // Claimed now, so a key of the same folded name meanwhile goes elsewhere.
    this.claims.set(folded, key);
    const target = join(this.objectsDirectory, path);
    try {
      await writeNew(target, bytes).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        await mkdir(dirname(target), { recursive: true });
        await writeNew(target, bytes);
      });
      return path;
    } catch {
      if (this.claims.get(folded) === key) this.claims.delete(folded);
      return undefined;
    }
  }

  /** Moves a finished temporary file into place as `key`'s bytes (or writes bytes held in memory); answers the file reference. */
  place(source: BodySource, key: string, previous: string | undefined): string {
    const path = keyFilePath(key);
    const folded = foldedPath(path);
    const owner = this.claims.get(folded);
    let file: string | undefined;
    if (owner === undefined || owner === key) {
      const target = join(this.objectsDirectory, path);
      // ext4 flushes a file renamed over another one before the rename returns (auto_da_alloc), which
      // costs milliseconds; the old file is unlinked first, in this same synchronous step.
      if (previous === path) unlinkQuietly(target);
      if (tryPut(source, target)) {
        this.claims.set(folded, key);
        file = path;
      }
    }
    if (file === undefined) {
      file = `${BY_HASH}${keyHashName(key)}`;
      mkdirSync(this.hashDirectory, { recursive: true });
      if (previous === file) unlinkQuietly(this.absolute(file));
      if ('path' in source) renameSync(source.path, this.absolute(file));
      else writeFileSync(this.absolute(file), source.bytes);
    }
    if (previous !== undefined && previous !== file) this.remove(key, previous);
    return file;
  }

  /** Removes a key's file and the folders its path left empty. */
  remove(key: string, file: string): void {
    const path = this.absolute(file);
    unlinkQuietly(path);
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

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone; nothing to free.
  }
}

/**
 * Renames a temporary file into place, or writes bytes to a new file there (never over another file),
 * making the parent folders once if they are missing; false when the path cannot hold a file.
 */
function tryPut(source: BodySource, to: string): boolean {
  const put = () => ('path' in source ? renameSync(source.path, to) : writeFileSync(to, source.bytes, { flag: 'wx' }));
  try {
    put();
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A file no record names (left by a stopped process) is in the way: it goes.
    if (code === 'EEXIST' && !('path' in source)) {
      unlinkQuietly(to);
      return tryOnce(put);
    }
    if (code !== 'ENOENT') return false;
  }
  try {
    mkdirSync(dirname(to), { recursive: true });
  } catch {
    return false;
  }
  return tryOnce(put);
}

function tryOnce(action: () => void): boolean {
  try {
    action();
    return true;
  } catch {
    return false;
  }
}
