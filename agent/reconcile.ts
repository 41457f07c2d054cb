import { HEAD_BYTES, headMatches, headOf, type Head } from './file-identity.js';
import type { InitialPosition } from './options.js';

/** What the tracker knows about a file it follows (or, on the first scan, found in the checkpoint). */
export interface TrackedView {
  key: string;
  path: string;
  dev: string;
  ino: string;
  head: Head;
  /** Bytes read from the file, including an unterminated last line. */
  readPosition: number;
  /** Contents a copy may have been taken from: the current one and, after a truncation, the previous one. */
  contents: readonly ContentView[];
}

export interface ContentView {
  generation: number;
  head: Head;
  /** The leading bytes themselves, when known (not for files restored from a checkpoint). */
  leading?: Buffer;
}

/** A file the pattern matches right now. */
export interface ObservedFile {
  path: string;
  dev: string;
  ino: string;
  size: number;
  mtimeMs: number;
  /** The first min(size, HEAD_BYTES) bytes. */
  leading: Buffer;
}

export interface ScanContext {
  /** Only on the very first scan with no checkpoint: files already there start at initialPosition. */
  applyInitialPosition: boolean;
  initialPosition: InitialPosition;
}

export type ScanDecision =
  /** A followed file, possibly renamed; `reset` means its content was replaced and reading restarts at 0. */
  | { kind: 'continue'; key: string; observed: ObservedFile; head: Head; reset?: 'truncated' | 'replaced' }
  /** A file not followed yet. */
  | { kind: 'new'; observed: ObservedFile; head: Head; startOffset: number; reason: 'initial-position' | 'appeared' }
  /**
   * A new inode that starts like a followed file's content (or is a prefix of it, a copy still being
   * written): possibly copytruncate's rotated copy. The shell waits until it stops changing and
   * verifies it against the bytes before that content's read offset before trusting it.
   */
  | { kind: 'copy'; observed: ObservedFile; head: Head; copyOf: { key: string; generation: number } }
  /** A followed file the pattern no longer matches (renamed away or deleted). */
  | { kind: 'missing'; key: string };

/**
 * Matches one scan of the pattern against the followed files, the way the Kinesis Agent's
 * SourceFileTracker does, but by device+inode plus a fingerprint of the first bytes:
 * - same inode, same leading bytes, size >= what was read: same file, maybe renamed (rename rotation);
 * - same inode, smaller than what was read: truncated (copytruncate), restart at 0;
 * - same inode, different leading bytes: replaced (truncated and refilled, or inode reuse), restart at 0;
 * - unknown inode: a created file (read from 0), or at the first start ever, initialPosition.
 */
export function reconcileScan(tracked: readonly TrackedView[], observed: readonly ObservedFile[], context: ScanContext): ScanDecision[] {
  const byInode = new Map(tracked.map((file) => [inodeKey(file), file]));
  const decisions: ScanDecision[] = [];
  const seenKeys = new Set<string>();
  const seenInodes = new Set<string>();
  for (const file of [...observed].sort((a, b) => a.path.localeCompare(b.path))) {
    const inode = inodeKey(file);
    // Hard links (e.g. mid-rotation) show one file under two names: follow it once.
    if (seenInodes.has(inode)) continue;
    seenInodes.add(inode);
    const known = byInode.get(inode);
    if (known) {
      seenKeys.add(known.key);
      decisions.push(continueDecision(known, file));
      continue;
    }
    const head = headOf(file.leading);
    const original = context.applyInitialPosition ? undefined : findCopySource(tracked, file);
    if (original) {
      decisions.push({ kind: 'copy', observed: file, head, copyOf: original });
    } else if (context.applyInitialPosition) {
      const startOffset = context.initialPosition === 'START_OF_FILE' ? 0 : file.size;
      decisions.push({ kind: 'new', observed: file, head, startOffset, reason: 'initial-position' });
    } else {
      decisions.push({ kind: 'new', observed: file, head, startOffset: 0, reason: 'appeared' });
    }
  }
  for (const file of tracked) {
    if (!seenKeys.has(file.key)) decisions.push({ kind: 'missing', key: file.key });
  }
  return decisions;
}

function continueDecision(known: TrackedView, file: ObservedFile): ScanDecision {
  if (file.size < known.readPosition) {
    return { kind: 'continue', key: known.key, observed: file, head: headOf(file.leading), reset: 'truncated' };
  }
  if (!headMatches(known.head, file.leading)) {
    return { kind: 'continue', key: known.key, observed: file, head: headOf(file.leading), reset: 'replaced' };
  }
  // Grow the fingerprint while the file is still shorter than HEAD_BYTES.
  const head = known.head.length < HEAD_BYTES && file.leading.length > known.head.length ? headOf(file.leading) : known.head;
  return { kind: 'continue', key: known.key, observed: file, head };
}

function findCopySource(tracked: readonly TrackedView[], file: ObservedFile): { key: string; generation: number } | undefined {
  for (const candidate of tracked) {
    for (const content of candidate.contents) {
      const startsLike = content.head.length > 0 && headMatches(content.head, file.leading);
      const prefixOf = content.leading !== undefined && file.leading.length < content.head.length
        && content.leading.subarray(0, file.leading.length).equals(file.leading);
      if (startsLike || prefixOf) return { key: candidate.key, generation: content.generation };
    }
  }
  return undefined;
}

export function inodeKey(file: { dev: string; ino: string }): string {
  return `${file.dev}:${file.ino}`;
}
