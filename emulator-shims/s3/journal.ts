/**
 * An append-only file of JSON lines with group commit: entries appended while a write is under way go
 * out together in the next write, and each append resolves once its line is in the file (so a request
 * is answered only after what it changed would survive the process being killed). A torn last line
 * (the process killed mid-write) is skipped when the file is read back.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

interface Waiting {
  line: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class Journal {
  private handle: Promise<FileHandle> | undefined;
  private queue: Waiting[] = [];
  private writing: Promise<void> | undefined;
  private closed = false;
  private snapshot: (() => readonly unknown[]) | undefined;

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

  /** Appends one entry; resolves when it is written. */
  append(entry: unknown): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`journal ${this.path} is closed`));
    return new Promise((resolve, reject) => {
      this.queue.push({ line: `${JSON.stringify(entry)}\n`, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  /**
   * Replaces the whole file with what `snapshot` answers when the writer next runs (compaction). The
   * snapshot must describe everything appended so far: the appends still waiting then resolve unwritten.
   */
  compact(snapshot: () => readonly unknown[]): void {
    if (this.closed) return;
    this.snapshot = snapshot;
    this.writing ??= this.drain();
  }

  /** Resolves when every append so far is written. */
  async settle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  async close(): Promise<void> {
    await this.settle();
    this.closed = true;
    await this.closeHandle();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 || this.snapshot) {
        const batch = this.queue;
        this.queue = [];
        try {
          if (this.snapshot) {
            const entries = this.snapshot();
            this.snapshot = undefined;
            await this.closeHandle();
            const temporary = `${this.path}.compact`;
            writeFileSync(temporary, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
            renameSync(temporary, this.path);
          } else {
            this.handle ??= open(this.path, 'a');
            await (await this.handle).write(batch.map((waiting) => waiting.line).join(''));
          }
          for (const waiting of batch) waiting.resolve();
        } catch (error) {
          this.handle = undefined;
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await (await handle.catch(() => undefined))?.close().catch(() => undefined);
  }
}
