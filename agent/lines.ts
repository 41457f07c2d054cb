/** A complete line as it was in the file, trailing "\n" included, and the file offset just after it. */
export interface Line {
  data: Buffer;
  endOffset: number;
}

export interface SplitResult {
  lines: Line[];
  /** Bytes after the last newline: a line still being written, which waits for its newline. */
  rest: Buffer;
}

const NEWLINE = 0x0a;

/**
 * Cuts `pending` (unterminated bytes that start at file offset `pendingStart`) plus a newly read
 * `chunk` into complete lines. Pure: the caller owns the file and the offsets.
 */
export function splitLines(pending: Buffer, pendingStart: number, chunk: Buffer): SplitResult {
  const bytes = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
  const lines: Line[] = [];
  let start = 0;
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, start)) {
    lines.push({ data: bytes.subarray(start, at + 1), endOffset: pendingStart + at + 1 });
    start = at + 1;
  }
  // Copy the remainder so a large read buffer is not kept alive by a short partial line.
  return { lines, rest: Buffer.from(bytes.subarray(start)) };
}
