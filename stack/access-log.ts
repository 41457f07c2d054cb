import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The newlines in `bytes`. */
export const newLinesIn = (bytes: Buffer): number => {
  let lines = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) lines += 1;
  return lines;
};

/** How far a log has been read, and the newlines found so far. */
export interface LineCount {
  bytes: number;
  lines: number;
}

/**
 * Adds the newlines `log` gained since `counted.bytes` to `counted`, reading only the bytes past it: a wait
 * re-reads the log every 10 ms, and a load step's log is megabytes. A log shorter than what was read is a new
 * one, counted from its start. Throws when the log cannot be opened (a missing one included).
 */
export function countNewLines(log: string, counted: LineCount): void {
  const fd = openSync(log, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < counted.bytes) {
      counted.bytes = 0;
      counted.lines = 0;
    }
    const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, Math.max(size - counted.bytes, 1)));
    while (counted.bytes < size) {
      const read = readSync(fd, chunk, 0, Math.min(chunk.length, size - counted.bytes), counted.bytes);
      if (read === 0) return;
      counted.lines += newLinesIn(chunk.subarray(0, read));
      counted.bytes += read;
    }
  } finally {
    closeSync(fd);
  }
}
