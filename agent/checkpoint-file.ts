import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
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
  if (pending !== null) {
    try {
      return parseCheckpoint(pending, pendingCheckpointPath(path));
    } catch {
      // Torn by a crash of the machine before it reached the disk: the durable one below.
    }
  }
  const text = await readOptional(path);
  return text === null ? null : parseCheckpoint(text, path);
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
 * Writes the pending checkpoint (temp + rename, no fsync): once this resolves, a restart after a
 * kill -9 resumes from it. A crash of the machine may lose or tear it; the durable one then counts.
 */
export async function writePendingCheckpoint(path: string, text: string): Promise<void> {
  const pending = pendingCheckpointPath(path);
  const temporary = `${pending}.${process.pid}.tmp`;
  try {
    // Synchronous: without an fsync these calls only reach the page cache, microseconds each, where
    // four trips through libuv's thread pool took milliseconds on a busy machine.
    try {
      writeFileSync(temporary, text);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(temporary, text);
    }
    renameSync(temporary, pending);
  } catch (error) {
    throw new AgentFileError('writing checkpoint', pendingCheckpointPath(path), { cause: error });
  }
}

/** After a durable write of the newest checkpoint (a clean stop): the pending copy says nothing more. */
export async function removePendingCheckpoint(path: string): Promise<void> {
  await rm(pendingCheckpointPath(path), { force: true });
}
