import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseCheckpoint, serializeCheckpoint, type Checkpoint } from './checkpoint-state.js';
import { AgentFileError } from './errors.js';

/**
 * Where each batch's checkpoint goes first: beside the durable one, written without fsync. A killed
 * agent (kill -9) restarts from it, as the kernel keeps what a killed process wrote; the durable file
 * at `path` follows in the background, fsynced, for a crash of the machine.
 */
export const pendingCheckpointPath = (path: string): string => `${path}.next`;

// The pending file holds the checkpoint's text, then this marker and the SHA-256 of that text, then spaces
// up to the length the file had (it is overwritten in place and never shrinks).
const SEAL = '#sha256 ';
const sealOf = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The checkpoint text of a pending file, or undefined when its seal is missing or does not match (torn). */
export function unsealPendingCheckpoint(content: string): string | undefined {
  const sealed = content.trimEnd();
  const at = sealed.lastIndexOf(SEAL);
  if (at === -1) return undefined;
  const text = sealed.slice(0, at);
  return sealed.slice(at + SEAL.length) === sealOf(text) ? text : undefined;
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AgentFileError('reading checkpoint', path, { cause: error });
  }
}

/**
 * The checkpoint to resume from, or null when there is none yet (the agent's first start): the pending
 * one when it reads whole (it is never older than the durable one), else the durable one. A pending
 * one a machine crash left torn is passed over: the durable one is older, so more lines are resent,
 * none lost.
 */
export async function readCheckpointFile(path: string): Promise<Checkpoint | null> {
  const pending = await readOptional(pendingCheckpointPath(path));
  // Torn (by a crash of the machine before it reached the disk): the durable one below.
  const text = pending === null ? undefined : unsealPendingCheckpoint(pending);
  if (text !== undefined) {
    try {
      return parseCheckpoint(text, pendingCheckpointPath(path));
    } catch {
      // Sealed but not a checkpoint this agent reads: the durable one below.
    }
  }
  const durable = await readOptional(path);
  return durable === null ? null : parseCheckpoint(durable, path);
}

/** Writes `text` to `path` through a temporary file, fsynced, and a rename. */
async function replaceFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  // The folder exists after the first write; creating it only when missing saves a call per batch.
  const handle = await open(temporary, 'w').catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    await mkdir(dirname(path), { recursive: true });
    return open(temporary, 'w');
  });
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

/**
 * Writes temp + fsync + rename, so a kill -9 or power loss leaves either the old or the new
 * checkpoint, never a torn one. `text` is the checkpoint serialized, when the caller has it already.
 */
export async function writeCheckpointFile(path: string, checkpoint: Checkpoint, text = serializeCheckpoint(checkpoint)): Promise<void> {
  await writeDurableCheckpoint(path, text);
}

/** writeCheckpointFile for a checkpoint already serialized. */
export async function writeDurableCheckpoint(path: string, text: string): Promise<void> {
  try {
    await replaceFile(path, text);
  } catch (error) {
    throw new AgentFileError('writing checkpoint', path, { cause: error });
  }
}

/**
 * The pending checkpoint file, kept open while the agent runs: each write is one positioned write over
 * the file's start, sealed with the text's SHA-256 and padded with spaces to the file's length. A write
 * in place instead of temp + rename: on ext4 a rename over an existing file starts writeback of the new
 * one (auto_da_alloc), which made these writes a quarter of the agent's CPU time under bench/pipeline.
 * A write the kernel did not finish (a crash of the machine) leaves a seal that does not match, and
 * readCheckpointFile passes it over for the durable file.
 */
export class PendingCheckpointFile {
  readonly path: string;
  #fd: number | undefined;
  #size = 0;

  constructor(checkpointPath: string) {
    this.path = pendingCheckpointPath(checkpointPath);
  }

  /**
   * Synchronous: without an fsync this only reaches the page cache, microseconds, where a trip through
   * libuv's thread pool took milliseconds on a busy machine. Once it returns, a restart after a kill -9
   * resumes from `text`.
   */
  write(text: string): void {
    try {
      const fd = this.#open();
      const sealed = `${text}${SEAL}${sealOf(text)}\n`;
      const bytes = Buffer.byteLength(sealed);
      const buffer = Buffer.alloc(Math.max(bytes, this.#size), 0x20);
      buffer.write(sealed, 0);
      for (let written = 0; written < buffer.length;) written += writeSync(fd, buffer, written, buffer.length - written, written);
      this.#size = buffer.length;
    } catch (error) {
      this.close();
      throw new AgentFileError('writing checkpoint', this.path, { cause: error });
    }
  }

  close(): void {
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    try {
      closeSync(fd);
    } catch {
      // Closing a descriptor only fails when it is already gone.
    }
  }

  #open(): number {
    if (this.#fd !== undefined) return this.#fd;
    // Never truncated: until the first write replaces it, the file keeps the last checkpoint written.
    const flags = constants.O_RDWR | constants.O_CREAT;
    let fd: number;
    try {
      fd = openSync(this.path, flags, 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dirname(this.path), { recursive: true });
      fd = openSync(this.path, flags, 0o644);
    }
    this.#size = fstatSync(fd).size;
    this.#fd = fd;
    return fd;
  }
}

/** Writes one pending checkpoint (PendingCheckpointFile opened, written and closed). */
export function writePendingCheckpoint(path: string, text: string): void {
  const file = new PendingCheckpointFile(path);
  try {
    file.write(text);
  } finally {
    file.close();
  }
}

/** After a durable write of the newest checkpoint (a clean stop): the pending copy says nothing more. */
export async function removePendingCheckpoint(path: string): Promise<void> {
  await rm(pendingCheckpointPath(path), { force: true });
}
