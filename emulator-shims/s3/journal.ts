/**
 * An append-only file of JSON lines, written synchronously: an append to a file already open costs
 * about a microsecond, far less than an asynchronous write, and a request is answered only once what
 * it changed is in the file, so killing the process loses nothing acknowledged. A torn last line (the
 * process killed mid-write) is skipped when the file is read back.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';

export class Journal {
  private fd: number | undefined;
  private closed = false;

  constructor(private readonly path: string) {}

  /** Every entry in the file, oldest first; lines that do not parse (a torn end) are skipped. */
  static read<T>(path: string): T[] {
    if (!existsSync(path)) return [];
    const entries: T[] = [];
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line.length === 0) continue;
      try {
        entries.push(JSON.parse(line) as T);
      } catch {
        // A line cut short by a crash; what it recorded was never acknowledged.
      }
    }
    return entries;
  }

  /** Appends one entry; throws when it cannot be written. */
  append(entry: unknown): void {
    if (this.closed) throw new Error(`journal ${this.path} is closed`);
    this.fd ??= openSync(this.path, 'a');
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
  }

  /** Replaces the whole file with `entries` (compaction), atomically. */
  rewrite(entries: readonly unknown[]): void {
    if (this.closed) return;
    this.closeFile();
    const temporary = `${this.path}.compact`;
    writeFileSync(temporary, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    renameSync(temporary, this.path);
  }

  close(): void {
    this.closed = true;
    this.closeFile();
  }

  private closeFile(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
