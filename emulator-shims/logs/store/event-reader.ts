/**
 * Reading a stream's events back from its segment files, a chunk at a time: memory stays bounded by
 * the chunk and the longest line, whatever the files hold. A line that is not an event this store
 * wrote (cut short by a crash, edited, longer than any event can be) is skipped.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogStream, Position, StoredEvent } from './model.js';

const CHUNK_BYTES = 1024 * 1024;
/** A 256 KiB message of control characters is 1.5 MiB as JSON; no line of this store is longer. */
export const MAX_LINE_BYTES = 2 * 1024 * 1024;
const NEWLINE = 0x0a;

export const segmentFile = (stream: LogStream, id: number): string => join(stream.folder, `${String(id).padStart(12, '0')}.jsonl`);

/** One event line as written: `{"t":…,"i":…,"m":"…"}\n`. */
export function encodeEvent(event: StoredEvent): string {
  return `${JSON.stringify({ t: event.timestamp, i: event.ingestionTime, m: event.message })}\n`;
}

/** The event a line holds, or undefined for anything else. */
export function decodeEvent(line: string): StoredEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const { t, i, m } = value as Record<string, unknown>;
  if (typeof t !== 'number' || !Number.isFinite(t) || typeof i !== 'number' || !Number.isFinite(i) || typeof m !== 'string') return undefined;
  return { timestamp: t, ingestionTime: i, message: m };
}

export interface ReadEvent {
  /** Absent for a progress mark: a chunk read without an event in it, so a caller can stop within a long stretch of junk. */
  event?: StoredEvent;
  /** Where the event's line starts (for a progress mark, where reading would go on). */
  at: Position;
  /** Where reading goes on after it. */
  next: Position;
  /** Bytes of file read since the previous item (skipped lines included). */
  scanned: number;
}

/**
 * The events of `stream` from `from` on (the segments the stream lists at each step, in order); a
 * segment that disappears meanwhile (retention, the size budget) is passed over.
 */
export async function* readEvents(stream: LogStream, from: Position = { segment: 0, offset: 0 }): AsyncGenerator<ReadEvent> {
  for (const segment of [...stream.segments]) {
    if (segment.id < from.segment) continue;
    yield* readSegment(stream, segment.id, segment.id === from.segment ? from.offset : 0);
  }
}

/** The events of one segment from byte `offset`, read a chunk at a time. */
export async function* readSegment(stream: LogStream, id: number, offset: number): AsyncGenerator<ReadEvent> {
  let handle;
  try {
    handle = await open(segmentFile(stream, id), 'r');
  } catch {
    return;
  }
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    // The current line's bytes so far (always counted, for positions) and, unless it is too long to be ours, the bytes themselves.
    let partial: Buffer[] = [];
    let partialBytes = 0;
    let keep = true;
    let lineStart = offset;
    let position = offset;
    let scanned = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) return;
      scanned += bytesRead;
      let yielded = false;
      let from = 0;
      for (let newline = chunk.indexOf(NEWLINE, from); newline !== -1 && newline < bytesRead; newline = chunk.indexOf(NEWLINE, from)) {
        const lineBytes = partialBytes + newline - from + 1;
        if (keep) {
          const text = partialBytes === 0 ? chunk.toString('utf8', from, newline) : Buffer.concat([...partial, chunk.subarray(from, newline)]).toString('utf8');
          const event = decodeEvent(text);
          if (event) {
            yield { event, at: { segment: id, offset: lineStart }, next: { segment: id, offset: lineStart + lineBytes }, scanned };
            scanned = 0;
            yielded = true;
          }
        }
        lineStart += lineBytes;
        partial = [];
        partialBytes = 0;
        keep = true;
        from = newline + 1;
      }
      const rest = bytesRead - from;
      if (rest > 0) {
        partialBytes += rest;
        if (keep && partialBytes > MAX_LINE_BYTES) {
          // Longer than any event line: not one of ours; passed over to its end.
          keep = false;
          partial = [];
        } else if (keep) {
          partial.push(Buffer.from(chunk.subarray(from, bytesRead)));
        }
      }
      position += bytesRead;
      if (!yielded) {
        // Inside a line too long to be ours, going on from the middle of it is as good as from its start.
        const mark = { segment: id, offset: keep ? lineStart : position };
        yield { at: mark, next: mark, scanned };
        scanned = 0;
      }
    }
  } finally {
    await handle.close();
  }
}
