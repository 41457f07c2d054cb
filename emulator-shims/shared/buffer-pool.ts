/**
 * Large buffers handed back for reuse. On this kind of machine fresh memory costs a page fault per
 * 4 KiB, more than copying into memory already touched: a 64 MiB S3 object assembled in fresh memory
 * took about a quarter of a second before a byte was written. Users take a buffer at least as large
 * as they need, use a view of it, and give it back once nothing reads it any more; a buffer never
 * given back is simply collected.
 */
const spares: Buffer[] = [];
let spareBytes = 0;
// What the pool keeps at most; anything beyond is left to the garbage collector.
const MAX_SPARES = 8;
const MAX_SPARE_BYTES = 256 * 1024 * 1024;
// Buffers below this come from Node's own pool or the allocator's free lists cheaply enough.
export const MIN_POOLED_BYTES = 64 * 1024;

/** A buffer of at least `size` bytes (its contents are whatever was there). */
export function takeBuffer(size: number): Buffer {
  let best = -1;
  for (let index = 0; index < spares.length; index += 1) {
    if (spares[index]!.length >= size && (best === -1 || spares[index]!.length < spares[best]!.length)) best = index;
  }
  if (best === -1) return Buffer.allocUnsafeSlow(Math.max(size, MIN_POOLED_BYTES));
  const [buffer] = spares.splice(best, 1);
  spareBytes -= buffer!.length;
  return buffer!;
}

/** Gives `buffer` (one takeBuffer returned, whole) back for reuse; the caller must not touch it again. */
export function giveBackBuffer(buffer: Buffer): void {
  if (buffer.length < MIN_POOLED_BYTES || spares.includes(buffer)) return;
  if (spares.length >= MAX_SPARES || spareBytes + buffer.length > MAX_SPARE_BYTES) return;
  spares.push(buffer);
  spareBytes += buffer.length;
}

/** `pieces` copied one after another into a buffer from takeBuffer: `bytes` is the view to read, `buffer` the one to give back. */
export function joinIntoPooled(pieces: readonly Uint8Array[]): { bytes: Buffer; buffer: Buffer } {
  let size = 0;
  for (const piece of pieces) size += piece.length;
  const buffer = takeBuffer(size);
  let at = 0;
  for (const piece of pieces) {
    buffer.set(piece, at);
    at += piece.length;
  }
  return { bytes: buffer.subarray(0, size), buffer };
}
