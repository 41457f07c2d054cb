import { fstatSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RecordOrigin } from './batching.js';
import type { Checkpoint, CheckpointEntry } from './checkpoint-state.js';
import { AgentFileError, messageOf } from './errors.js';
import { findByInode, lastLineStart, observeMatchingFiles, readAt, type OpenedFile } from './file-scan.js';
import { HEAD_BYTES, headMatches, headOf, type Head } from './file-identity.js';
import type { FilePattern } from './file-pattern.js';
import { splitLines, type Line } from './lines.js';
import type { InitialPosition } from './options.js';
import { inodeKey, reconcileScan, type ScanDecision, type TrackedView } from './reconcile.js';

/**
 * Bytes a read asks for, unless a line longer than that is still unterminated (then as many as it holds, so a
 * line of many MiB is joined in a few reads, not re-copied once per chunk). Every line of a read is queued at
 * once, before the queue's bound is checked again: at 1 MiB a read of short lines queued ~5,000 records (an
 * object, a view and a key each) on top of the two batches the bound allows, and they outlived the agent's
 * young-generation collections. bench/pipeline, two runs each taken turn about: the agent's scavenges 313 / 281
 * → 221 / 221 ms, what they moved to the old generation 204 / 184 → 142 / 139 bytes a line, its CPU 5.2 / 4.7
 * → 3.8 / 4.2 µs a line (64 KiB measured the same as 128).
 */
const READ_CHUNK_BYTES = 128 * 1024;
// Enough bytes before the read offset to tell a real copy from a file that merely starts the same.
const TAIL_BYTES = 64;
/** Past contents kept per file to recognise their copies: logrotate's `rotate` count is often around this. */
const KEPT_CONTENTS = 8;

/** What a copy of a file's earlier content is checked against. */
interface ContentSnapshot {
  generation: number;
  head: Head;
  leading: Buffer;
  readOffset: number;
  ackedOffset: number;
  tail: Buffer;
}

interface TrackedFile {
  key: string;
  path: string;
  dev: string;
  ino: string;
  head: Head;
  /** First bytes (up to HEAD_BYTES), to recognise a copy that is still being written. */
  leading: Buffer;
  /**
   * The contents before the last truncations, newest first (at most KEPT_CONTENTS): each copytruncate's
   * copy holds one. More than one, because a busy agent can first see a copy after the file was
   * truncated again (two rotations between two scans; the older copy renamed to .2 by then).
   */
  previous: ContentSnapshot[];
  handle: FileHandle;
  /** Bumped when the content is replaced (copytruncate), so late acks of old content are ignored. */
  generation: number;
  /** End of the last complete line handed out. */
  readOffset: number;
  /** Bytes after readOffset already read: a line still waiting for its newline. */
  pending: Buffer;
  /** Every line before this offset was accepted by Kinesis: the checkpointed offset. */
  ackedOffset: number;
  tail: Buffer;
  matched: boolean;
  size: number;
  mtimeMs: number;
  lastGrowthAt: number;
  /** Set when a file that left the pattern went quiet: its unterminated last line is sent as is. */
  finishing: boolean;
  /** Copies (copytruncate) whose checkpoint follows this file's acks up to `upTo`. */
  mirrors: Array<{ key: string; generation: number; sourceGeneration: number; upTo: number }>;
}

export interface TrackedFileStats {
  path: string;
  size: number;
  readOffset: number;
  checkpointOffset: number;
  bytesBehind: number;
  matched: boolean;
}

export interface FileTrackerOptions {
  pattern: FilePattern;
  initialPosition: InitialPosition;
  checkpoint: Checkpoint | null;
  rotateWaitMs: number;
  now: () => number;
  log: (line: string) => void;
}

export interface LineSource {
  fileKey: string;
  generation: number;
  path: string;
}

/**
 * The I/O shell around reconcileScan: keeps an open handle per followed file (so a renamed or deleted
 * file can be finished, and its inode cannot be reused while we hold it), reads complete lines in
 * mtime order (a rotated file before its successor) and moves checkpoint offsets on acknowledgement.
 */
export class FileTracker {
  readonly #options: FileTrackerOptions;
  readonly #files = new Map<string, TrackedFile>();
  #restored: CheckpointEntry[] | null;
  #firstScan = true;
  #serial = 0;
  /** Copy candidates seen on the previous scan, by path+inode → size:mtime; adopted once unchanged. */
  #candidates = new Map<string, string>();
  /** Files closed after leaving the pattern; if one shows up again it resumes instead of starting over. */
  #retired = new Map<string, { head: Head; offset: number }>();

  constructor(options: FileTrackerOptions) {
    this.#options = options;
    this.#restored = options.checkpoint?.files ?? null;
  }

  async scan(): Promise<void> {
    const opened = await observeMatchingFiles(this.#options.pattern);
    const handles = new Map(opened.map((file) => [file.observed.path, file]));
    const restored = this.#restored ?? [];
    const views: TrackedView[] = [
      ...[...this.#files.values()].map((file) => ({
        ...file,
        readPosition: file.readOffset + file.pending.length,
        contents: [{ generation: file.generation, head: file.head, leading: file.leading }, ...file.previous],
      })),
      ...restored.map((entry, index) => ({ ...entry, key: `checkpoint:${index}`, readPosition: entry.offset, contents: [{ generation: 0, head: entry.head }] })),
    ];
    const decisions = reconcileScan(views, opened.map((file) => file.observed), {
      applyInitialPosition: this.#firstScan && this.#options.checkpoint === null,
      initialPosition: this.#options.initialPosition,
    });
    const adopted = new Set<OpenedFile>();
    const candidates = new Map<string, string>();
    // Continue before copies: a copy is verified against the file it was copied from.
    const order = { continue: 0, new: 1, copy: 2, missing: 3 } as const;
    for (const decision of decisions.sort((a, b) => order[a.kind] - order[b.kind])) {
      await this.#apply(decision, handles, adopted, restored, candidates);
    }
    this.#candidates = candidates;
    await Promise.all(opened.filter((file) => !adopted.has(file)).map((file) => file.handle.close()));
    this.#restored = null;
    this.#firstScan = false;
    await this.#retireQuietFiles();
  }

  /** Reads new complete lines, oldest file first, while `hasRoom` allows. */
  async read(emit: (source: LineSource, line: Line) => void, hasRoom: () => boolean): Promise<void> {
    const files = [...this.#files.values()].sort((a, b) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path));
    for (const file of files) {
      if (!hasRoom()) return;
      await this.#readFile(file, emit, hasRoom);
    }
  }

  /** Kinesis accepted every record up to `origin.endOffset` of that file. */
  acknowledge(origin: RecordOrigin): void {
    const file = this.#files.get(origin.fileKey);
    if (!file) return;
    const snapshot = file.previous.find((content) => content.generation === origin.generation);
    if (snapshot) snapshot.ackedOffset = Math.max(snapshot.ackedOffset, origin.endOffset);
    // A copy holds the original's old content, so acks for that content count for the copy even after the original was truncated.
    for (const mirror of file.mirrors) {
      const copy = this.#files.get(mirror.key);
      if (mirror.sourceGeneration === origin.generation && copy?.generation === mirror.generation) {
        copy.ackedOffset = Math.max(copy.ackedOffset, Math.min(origin.endOffset, mirror.upTo));
      }
    }
    if (file.generation === origin.generation) file.ackedOffset = Math.max(file.ackedOffset, origin.endOffset);
  }

  checkpoint(stream: string): Checkpoint {
    const files = [...this.#files.values()].map(({ path, dev, ino, head, ackedOffset }) => ({ path, dev, ino, head, offset: ackedOffset }));
    return { version: 1, stream, files };
  }

  stats(): TrackedFileStats[] {
    return [...this.#files.values()].map((file) => ({
      path: file.path,
      size: file.size,
      readOffset: file.readOffset,
      checkpointOffset: file.ackedOffset,
      bytesBehind: Math.max(0, file.size - file.ackedOffset),
      matched: file.matched,
    }));
  }

  async close(): Promise<void> {
    const files = [...this.#files.values()];
    this.#files.clear();
    await Promise.all(files.map((file) => file.handle.close().catch(() => {})));
  }

  async #apply(decision: ScanDecision, handles: Map<string, OpenedFile>, adopted: Set<OpenedFile>, restored: CheckpointEntry[], candidates: Map<string, string>): Promise<void> {
    const { log } = this.#options;
    if (decision.kind === 'missing') {
      const file = this.#files.get(decision.key);
      if (file?.matched) {
        file.matched = false;
        // The writer may keep appending until it reopens its log: the quiet period starts now.
        file.lastGrowthAt = this.#options.now();
        log(`file ${file.path} left the pattern (renamed or deleted); following it until it is drained`);
      } else if (!file) {
        await this.#locateRestored(restored[Number(decision.key.slice('checkpoint:'.length))]!);
      }
      return;
    }
    const opened = handles.get(decision.observed.path)!;
    if (decision.kind === 'continue' && decision.key.startsWith('checkpoint:')) {
      const entry = restored[Number(decision.key.slice('checkpoint:'.length))]!;
      const offset = decision.reset ? 0 : entry.offset;
      if (decision.reset) log(`file ${entry.path} was ${decision.reset} while the agent was stopped; reading it from the start`);
      else log(`resuming ${opened.observed.path} at offset ${offset}`);
      this.#adopt(opened, adopted, decision.head, offset);
      return;
    }
    if (decision.kind === 'continue') {
      const file = this.#files.get(decision.key)!;
      if (file.path !== decision.observed.path) log(`file ${file.path} was renamed to ${decision.observed.path}`);
      file.path = decision.observed.path;
      if (decision.reset) this.#restart(file, decision.reset);
      file.head = decision.head;
      file.leading = decision.observed.leading;
      file.matched = true;
      return;
    }
    if (decision.kind === 'copy') {
      const { observed } = opened;
      const id = `${observed.path}|${inodeKey(observed)}`;
      const state = `${observed.size}:${observed.mtimeMs}`;
      // A copy still being written would be judged on half its bytes: wait until it stops changing.
      if (this.#candidates.get(id) !== state) {
        candidates.set(id, state);
        return;
      }
      const original = this.#files.get(decision.copyOf.key);
      const start = original ? await this.#verifiedCopyStart(original, decision.copyOf.generation, opened) : null;
      if (original && start) {
        const copy = this.#adopt(opened, adopted, decision.head, start.offset, start.acked);
        original.mirrors.push({ key: copy.key, generation: copy.generation, sourceGeneration: decision.copyOf.generation, upTo: start.offset });
        log(`file ${observed.path} is a copy of ${original.path}; reading it from offset ${start.offset}`);
        return;
      }
    }
    const retired = this.#retired.get(inodeKey(opened.observed));
    if (retired && headMatches(retired.head, opened.observed.leading) && opened.observed.size >= retired.offset) {
      log(`file ${opened.observed.path} was followed before; resuming it at offset ${retired.offset}`);
      this.#adopt(opened, adopted, decision.head, retired.offset);
      return;
    }
    const startOffset = decision.kind === 'new' && decision.startOffset > 0
      ? await lastLineStart(opened.handle, decision.startOffset)
      : 0;
    log(`following ${opened.observed.path} from offset ${startOffset}`);
    this.#adopt(opened, adopted, decision.head, startOffset);
  }

  #adopt(opened: OpenedFile, adopted: Set<OpenedFile>, head: Head, offset: number, acked = offset): TrackedFile {
    adopted.add(opened);
    const { observed, handle } = opened;
    const file: TrackedFile = {
      key: `${inodeKey(observed)}:${++this.#serial}`,
      path: observed.path,
      dev: observed.dev,
      ino: observed.ino,
      head,
      leading: observed.leading,
      previous: [],
      handle,
      generation: 0,
      readOffset: offset,
      pending: Buffer.alloc(0),
      ackedOffset: acked,
      tail: Buffer.alloc(0),
      matched: true,
      size: observed.size,
      mtimeMs: observed.mtimeMs,
      lastGrowthAt: this.#options.now(),
      finishing: false,
      mirrors: [],
    };
    this.#files.set(file.key, file);
    return file;
  }

  /**
   * Where a copy continues the content it was copied from: at that content's read offset, if the bytes
   * just before it agree. Null when it cannot be verified: the caller then reads the copy from 0
   * (duplicates rather than loss).
   */
  async #verifiedCopyStart(original: TrackedFile, generation: number, opened: OpenedFile): Promise<{ offset: number; acked: number } | null> {
    const current = original.generation === generation;
    const content: ContentSnapshot | null = current ? original : original.previous.find((content) => content.generation === generation) ?? null;
    if (!content) return null;
    const { size } = opened.observed;
    if (size >= content.readOffset) {
      const tailStart = Math.max(0, content.readOffset - TAIL_BYTES);
      const tail = content.tail.length === content.readOffset - tailStart || !current
        ? content.tail
        : await readAt(original.handle, tailStart, content.readOffset - tailStart);
      const same = await readAt(opened.handle, content.readOffset - tail.length, tail.length);
      return same.equals(tail) && tail.length === content.readOffset - tailStart ? { offset: content.readOffset, acked: content.ackedOffset } : null;
    }
    // The copy is shorter than what was read: it holds nothing new if it is a prefix of the content.
    const checkStart = Math.max(0, size - TAIL_BYTES);
    const copyEnd = await readAt(opened.handle, checkStart, size - checkStart);
    if (current) {
      const originalEnd = await readAt(original.handle, checkStart, size - checkStart);
      return originalEnd.equals(copyEnd) ? { offset: size, acked: Math.min(content.ackedOffset, size) } : null;
    }
    // The original was truncated already; only a full fingerprint is trusted enough to skip bytes.
    const withinTail = content.readOffset - content.tail.length <= checkStart;
    const tailAgrees = withinTail && content.tail.subarray(checkStart - (content.readOffset - content.tail.length), size - (content.readOffset - content.tail.length)).equals(copyEnd);
    return content.head.length === HEAD_BYTES || tailAgrees ? { offset: size, acked: Math.min(content.ackedOffset, size) } : null;
  }

  async #locateRestored(entry: CheckpointEntry): Promise<void> {
    const found = await findByInode(dirname(entry.path), entry.dev, entry.ino);
    if (found && headMatches(entry.head, found.observed.leading) && found.observed.size >= entry.offset) {
      const file = this.#adopt(found, new Set(), entry.head, entry.offset);
      file.matched = false;
      this.#options.log(`checkpointed file ${entry.path} was renamed to ${found.observed.path} while the agent was stopped; finishing it`);
      return;
    }
    if (found) await found.handle.close();
    this.#options.log(`checkpointed file ${entry.path} (inode ${entry.ino}) is gone; any lines after offset ${entry.offset} in it were not sent`);
  }

  #restart(file: TrackedFile, reason: 'truncated' | 'replaced'): void {
    this.#options.log(`file ${file.path} was ${reason} (copytruncate or rewrite) at offset ${file.readOffset}; reading it from the start`);
    // A content nothing was read from has no copy worth recognising: reading that copy from 0 is right.
    if (file.readOffset > 0) {
      const snapshot = { generation: file.generation, head: file.head, leading: file.leading, readOffset: file.readOffset, ackedOffset: file.ackedOffset, tail: file.tail };
      file.previous = [snapshot, ...file.previous].slice(0, KEPT_CONTENTS);
    }
    file.generation += 1;
    // The new content gets its own fingerprint as it is read; keeping the old one would flag it as replaced again.
    file.head = headOf(Buffer.alloc(0));
    file.leading = Buffer.alloc(0);
    file.readOffset = 0;
    file.ackedOffset = 0;
    file.pending = Buffer.alloc(0);
    file.tail = Buffer.alloc(0);
    file.finishing = false;
  }

  async #readFile(file: TrackedFile, emit: (source: LineSource, line: Line) => void, hasRoom: () => boolean): Promise<void> {
    try {
      // On this thread, as readAt reads: the size is asked before every read of every followed file.
      const info = fstatSync(file.handle.fd);
      if (info.size > file.size || info.mtimeMs !== file.mtimeMs) file.lastGrowthAt = this.#options.now();
      file.size = info.size;
      file.mtimeMs = info.mtimeMs;
      if (info.size < file.readOffset + file.pending.length) this.#restart(file, 'truncated');
      // A copytruncate whose new content outgrew the read offset before the next scan: the size says nothing,
      // the last bytes read are no longer where they were.
      else if (info.size > file.readOffset + file.pending.length && !(await tailStillAt(file))) this.#restart(file, 'replaced');
      let position = file.readOffset + file.pending.length;
      // One per read of the file, not per line: the restarts above are what change the generation.
      const source: LineSource = { fileKey: file.key, generation: file.generation, path: file.path };
      while (position < info.size && hasRoom()) {
        const chunk = await readAt(file.handle, position, Math.min(Math.max(READ_CHUNK_BYTES, file.pending.length), info.size - position));
        if (chunk.length === 0) break;
        position += chunk.length;
        const { lines, rest } = splitLines(file.pending, file.readOffset, chunk);
        let handedOut = 0;
        try {
          for (const line of lines) {
            emit(source, line);
            file.readOffset = line.endOffset;
            handedOut += 1;
          }
        } finally {
          // Once per read rather than per line: the lines are contiguous, so the tail is the end of the last ones.
          keepTail(file, lines, handedOut);
        }
        file.pending = rest;
      }
      if (file.finishing && file.pending.length > 0 && position === info.size) {
        this.#options.log(`file ${file.path} ended without a final newline; sending its last ${file.pending.length} bytes with one added`);
        const line = { data: Buffer.concat([file.pending, Buffer.from('\n')]), endOffset: position };
        file.pending = Buffer.alloc(0);
        this.#handOut(file, line, emit);
      }
    } catch (error) {
      throw new AgentFileError('reading', file.path, { cause: error });
    }
  }

  #handOut(file: TrackedFile, line: Line, emit: (source: LineSource, line: Line) => void): void {
    emit({ fileKey: file.key, generation: file.generation, path: file.path }, line);
    file.readOffset = line.endOffset;
    keepTail(file, [line], 1);
  }

  /** Closes files that left the pattern once they are quiet for rotateWaitMs, fully read and acknowledged. */
  async #retireQuietFiles(): Promise<void> {
    const now = this.#options.now();
    for (const file of [...this.#files.values()]) {
      if (file.matched || now - file.lastGrowthAt < this.#options.rotateWaitMs) continue;
      const size = await file.handle.stat().then((info) => info.size, (error: unknown) => {
        this.#options.log(`cannot stat ${file.path}: ${messageOf(error)}`);
        return file.size;
      });
      if (size !== file.size) continue;
      if (file.pending.length > 0) file.finishing = true;
      else if (file.readOffset === size && file.ackedOffset === size) {
        this.#files.delete(file.key);
        this.#retired.set(inodeKey(file), { head: file.head, offset: file.readOffset });
        // Bounded: only recent rotations matter.
        if (this.#retired.size > 1000) this.#retired.delete(this.#retired.keys().next().value!);
        await file.handle.close();
        this.#options.log(`stopped following ${file.path}: drained and quiet for ${this.#options.rotateWaitMs} ms`);
      }
    }
  }
}

/**
 * Sets `file.tail` to the last TAIL_BYTES handed out, after the first `count` of `lines` (contiguous, the
 * first starting where the current tail ends) were handed out.
 */
function keepTail(file: TrackedFile, lines: readonly Line[], count: number): void {
  if (count === 0) return;
  const parts: Buffer[] = [];
  let bytes = 0;
  for (let index = count - 1; index >= 0 && bytes < TAIL_BYTES; index--) {
    const data = lines[index]!.data;
    parts.push(data);
    bytes += data.length;
  }
  if (bytes < TAIL_BYTES) parts.push(file.tail);
  const joined = parts.length === 1 ? parts[0]! : Buffer.concat(parts.reverse());
  file.tail = Buffer.from(joined.subarray(Math.max(0, joined.length - TAIL_BYTES)));
}

/** Whether the last bytes handed out still end at the read offset (nothing read yet: nothing to compare). */
async function tailStillAt(file: TrackedFile): Promise<boolean> {
  if (file.tail.length === 0) return true;
  const now = await readAt(file.handle, file.readOffset - file.tail.length, file.tail.length);
  return now.equals(file.tail);
}
