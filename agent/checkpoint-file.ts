import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseCheckpoint, serializeCheckpoint, type Checkpoint } from './checkpoint-state.js';
import { AgentFileError } from './errors.js';

/** The checkpoint at `path`, or null when there is none yet (the agent's first start). */
export async function readCheckpointFile(path: string): Promise<Checkpoint | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AgentFileError('reading checkpoint', path, { cause: error });
  }
  return parseCheckpoint(text, path);
}

/**
 * Writes temp + fsync + rename, so a kill -9 or power loss leaves either the old or the new
 * checkpoint, never a torn one. `text` is the checkpoint serialized, when the caller has it already.
 */
export async function writeCheckpointFile(path: string, checkpoint: Checkpoint, text = serializeCheckpoint(checkpoint)): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
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
  } catch (error) {
    throw new AgentFileError('writing checkpoint', path, { cause: error });
  }
}
