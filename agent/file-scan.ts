import { readSync } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AgentFileError } from './errors.js';
import { HEAD_BYTES } from './file-identity.js';
import type { FilePattern } from './file-pattern.js';
import type { ObservedFile } from './reconcile.js';

/** An observed file with the handle it was observed through, so a decision acts on that very inode. */
export interface OpenedFile {
  observed: ObservedFile;
  handle: FileHandle;
}

/**
 * Opens every regular file the pattern matches and reads its identity through the open handle
 * (open first, then fstat: a rename between a stat and an open cannot mix up two files).
 * Files that vanish mid-scan are skipped; they show up on the next scan or never again.
 */
export async function observeMatchingFiles(pattern: FilePattern): Promise<OpenedFile[]> {
  let names: string[];
  try {
    names = await readdir(pattern.directory);
  } catch (error) {
    // A log directory that does not exist yet is normal before nginx's first start.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new AgentFileError('listing', pattern.directory, { cause: error });
  }
  const opened: OpenedFile[] = [];
  for (const name of names.filter((candidate) => pattern.matches(candidate))) {
    const file = await openObserved(join(pattern.directory, name));
    if (file) opened.push(file);
  }
  return opened;
}

export async function openObserved(path: string): Promise<OpenedFile | null> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') return null;
    throw new AgentFileError('opening', path, { cause: error });
  }
  try {
    const info = await handle.stat({ bigint: true });
    if (!info.isFile()) {
      await handle.close();
      return null;
    }
    const leading = await readAt(handle, 0, Math.min(Number(info.size), HEAD_BYTES));
    const observed = { path, dev: String(info.dev), ino: String(info.ino), size: Number(info.size), mtimeMs: Number(info.mtimeMs), leading };
    return { observed, handle };
  } catch (error) {
    await handle.close();
    throw new AgentFileError('inspecting', path, { cause: error });
  }
}

/** Finds the file with this device+inode in `directory` (a checkpointed file renamed while the agent was down). */
export async function findByInode(directory: string, dev: string, ino: string): Promise<OpenedFile | null> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return null;
  }
  for (const name of names) {
    const path = join(directory, name);
    const info = await stat(path, { bigint: true }).catch(() => null);
    if (info?.isFile() && String(info.dev) === dev && String(info.ino) === ino) return openObserved(path);
  }
  return null;
}

export async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  // Read on this thread: a local file's bytes come from the page cache in microseconds, where a trip
  // through libuv's thread pool per read took far longer on a busy machine. Only the bytes read are handed out.
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const bytesRead = readSync(handle.fd, buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}

/** Offset just after the last newline before `size`, so END_OF_FILE never starts mid-line. */
export async function lastLineStart(handle: FileHandle, size: number): Promise<number> {
  const window = Math.min(size, 64 * 1024);
  const tail = await readAt(handle, size - window, window);
  const at = tail.lastIndexOf(0x0a);
  if (at !== -1) return size - window + at + 1;
  // No newline in the window: a single huge unfinished line; skip it rather than send a fragment.
  return window === size ? 0 : size;
}
