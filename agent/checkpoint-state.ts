import type { Head } from './file-identity.js';

/** One followed file as persisted: its identity and the offset up to which Kinesis accepted every line. */
export interface CheckpointEntry {
  path: string;
  dev: string;
  ino: string;
  head: Head;
  offset: number;
}

export interface Checkpoint {
  version: 1;
  stream: string;
  files: CheckpointEntry[];
}

export class CheckpointFormatError extends Error {
  readonly path: string;

  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(`checkpoint file ${path} is unreadable: ${problem}`, options);
    this.name = 'CheckpointFormatError';
    this.path = path;
  }
}

export function serializeCheckpoint(checkpoint: Checkpoint): string {
  const files = [...checkpoint.files].sort((a, b) => a.path.localeCompare(b.path) || a.ino.localeCompare(b.ino));
  return `${JSON.stringify({ ...checkpoint, files }, null, 2)}\n`;
}

/** Parses and checks a checkpoint; `path` is only for the error message. */
export function parseCheckpoint(text: string, path: string): Checkpoint {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CheckpointFormatError(path, 'not JSON', { cause: error });
  }
  const root = value as { version?: unknown; stream?: unknown; files?: unknown };
  if (root?.version !== 1) throw new CheckpointFormatError(path, `unknown version ${JSON.stringify(root?.version)}`);
  if (typeof root.stream !== 'string') throw new CheckpointFormatError(path, 'missing stream');
  if (!Array.isArray(root.files)) throw new CheckpointFormatError(path, 'missing files');
  const files = root.files.map((entry: unknown, index: number): CheckpointEntry => {
    const file = entry as Partial<CheckpointEntry> | null;
    const valid = typeof file?.path === 'string' && typeof file.dev === 'string' && typeof file.ino === 'string'
      && typeof file.offset === 'number' && Number.isInteger(file.offset) && file.offset >= 0
      && typeof file.head?.length === 'number' && typeof file.head.sha256 === 'string';
    if (!valid) throw new CheckpointFormatError(path, `files[${index}] is malformed`);
    return { path: file.path!, dev: file.dev!, ino: file.ino!, head: { length: file.head!.length, sha256: file.head!.sha256 }, offset: file.offset! };
  });
  return { version: 1, stream: root.stream, files };
}
