/**
 * Counts the lines nginx has written to its access log, reading only what was appended since the last
 * look (a bounded amount each time), so the view can show requests per second without nginx's help.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** Bytes read per look at most; a backlog is caught up over the next looks. */
export const MAX_READ_PER_LOOK = 8 * 1024 * 1024;
const CHUNK = 256 * 1024;

export interface AccessLogFigures {
  lines: number;
  bytes: number;
}

/** Pure: newlines in `bytes`. */
export function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  let index = bytes.indexOf(10);
  while (index !== -1) {
    count += 1;
    index = bytes.indexOf(10, index + 1);
  }
  return count;
}

/** One access log followed across rotations: a new inode or a shorter file starts again at 0. */
export class AccessLogLines {
  private inode = -1;
  private offset = 0;
  private lines = 0;
  private bytes = 0;
  private readonly chunk = Buffer.alloc(CHUNK);

  constructor(readonly path: string) {}

  /** Lines and bytes nginx has written since the view started watching (rotated files count up to the rotation). */
  look(): AccessLogFigures {
    let fd: number | undefined;
    try {
      const stat = statSync(this.path);
      if (!stat.isFile()) return { lines: this.lines, bytes: this.bytes };
      if (stat.ino !== this.inode || stat.size < this.offset) {
        this.inode = stat.ino;
        this.offset = 0;
      }
      fd = openSync(this.path, 'r');
      const end = Math.min(stat.size, this.offset + MAX_READ_PER_LOOK);
      while (this.offset < end) {
        const read = readSync(fd, this.chunk, 0, Math.min(CHUNK, end - this.offset), this.offset);
        if (read <= 0) break;
        this.lines += countNewlines(this.chunk.subarray(0, read));
        this.bytes += read;
        this.offset += read;
      }
    } catch {
      // Not there yet, or rotated away between stat and open: the next look tries again.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return { lines: this.lines, bytes: this.bytes };
  }
}
