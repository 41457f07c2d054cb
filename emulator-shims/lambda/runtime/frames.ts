/**
 * The framing of the parent ↔ instance channel, for both runtimes (see protocol.ts): each frame is
 * `[u32 BE meta length][u32 BE body length][meta: JSON, UTF-8][body: raw bytes]`. Payloads travel as the
 * body, so they are never escaped into JSON nor decoded on the way. Pure.
 */

export const FRAME_HEADER_BYTES = 8;

/** The bytes of one frame, as pieces to write in order (the body pieces are not copied). */
export function encodeFrame(meta: unknown, body: readonly Uint8Array[] = []): Uint8Array[] {
  const metaBytes = Buffer.from(JSON.stringify(meta));
  let bodyLength = 0;
  for (const piece of body) bodyLength += piece.length;
  const head = Buffer.allocUnsafe(FRAME_HEADER_BYTES + metaBytes.length);
  head.writeUInt32BE(metaBytes.length, 0);
  head.writeUInt32BE(bodyLength, 4);
  metaBytes.copy(head, FRAME_HEADER_BYTES);
  return [head, ...body.filter((piece) => piece.length > 0)];
}

export interface Frame {
  meta: unknown;
  /** The body as the pieces it arrived in; views into the read chunks, never copied. */
  body: Buffer[];
}

/** Splits a byte stream into frames; `push` throws a SyntaxError when a frame's meta is not JSON. */
export class FrameReader {
  readonly #onFrame: (frame: Frame) => void;
  #head = Buffer.alloc(FRAME_HEADER_BYTES);
  #headFilled = 0;
  #meta: Buffer | undefined;
  #metaFilled = 0;
  #bodyLeft = 0;
  #body: Buffer[] = [];

  constructor(onFrame: (frame: Frame) => void) {
    this.#onFrame = onFrame;
  }

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.#meta === undefined) {
        const taken = Math.min(FRAME_HEADER_BYTES - this.#headFilled, chunk.length - at);
        chunk.copy(this.#head, this.#headFilled, at, at + taken);
        this.#headFilled += taken;
        at += taken;
        if (this.#headFilled < FRAME_HEADER_BYTES) return;
        this.#meta = Buffer.allocUnsafe(this.#head.readUInt32BE(0));
        this.#metaFilled = 0;
        this.#bodyLeft = this.#head.readUInt32BE(4);
        this.#body = [];
      } else if (this.#metaFilled < this.#meta.length) {
        const taken = Math.min(this.#meta.length - this.#metaFilled, chunk.length - at);
        chunk.copy(this.#meta, this.#metaFilled, at, at + taken);
        this.#metaFilled += taken;
        at += taken;
      } else {
        const taken = Math.min(this.#bodyLeft, chunk.length - at);
        this.#body.push(chunk.subarray(at, at + taken));
        this.#bodyLeft -= taken;
        at += taken;
      }
      this.#emitIfComplete();
    }
  }

  #emitIfComplete(): void {
    const meta = this.#meta;
    if (meta === undefined || this.#metaFilled < meta.length || this.#bodyLeft > 0) return;
    const body = this.#body;
    this.#meta = undefined;
    this.#headFilled = 0;
    this.#body = [];
    this.#onFrame({ meta: JSON.parse(meta.toString('utf8')) as unknown, body });
  }
}

/** Total length of byte pieces. */
export function byteLength(pieces: readonly Uint8Array[]): number {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  return length;
}
