/**
 * Buffers kept for reuse between Lambda invocations, so writing each event does not touch fresh
 * memory (on small VMs, faulting in new pages costs more than writing the bytes). At most `keep`
 * are kept; a buffer is given back only once nothing reads it any more.
 */
export class ScratchBuffers {
  readonly #keep: number;
  readonly #free: Buffer[] = [];

  constructor(keep: number) {
    this.#keep = keep;
  }

  /** A buffer of at least `length` bytes, with stale contents. */
  take(length: number): Buffer {
    const index = this.#free.findIndex((buffer) => buffer.length >= length);
    if (index !== -1) return this.#free.splice(index, 1)[0]!;
    // Too small to reuse: dropped, and replaced by one with room to grow.
    this.#free.shift();
    return Buffer.allocUnsafeSlow(Math.ceil(length * 1.25));
  }

  give(buffer: Buffer): void {
    if (this.#free.length < this.#keep) this.#free.push(buffer);
  }
}
