import { AwsError } from '../shared/index.js';

// A chunk header is `<hex-size>[;chunk-signature=<64 hex>]`; anything much longer is not one.
const MAX_HEADER_BYTES = 4096;
// Trailer lines (`x-amz-checksum-crc32:…`, `x-amz-trailer-signature:…`) are a few hundred bytes at most.
const MAX_TRAILER_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');

type State = 'header' | 'data' | 'data-end' | 'trailer';

/**
 * Decodes an `aws-chunked` body (SigV4 streaming upload) piece by piece as it arrives:
 * `<hex-size>[;chunk-signature=…]\r\n<data>\r\n` repeated, a zero-size chunk, then optional trailer
 * lines (`x-amz-checksum-crc32:…`) and a blank line. Holds at most one chunk header or the trailer in
 * memory; the data goes out as views of the pieces pushed in.
 */
export class AwsChunkedDecoder {
  private state: State = 'header';
  private pending = Buffer.alloc(0);
  private remaining = 0;
  // Bytes of the framed body consumed so far, for error messages.
  private offset = 0;
  private chunkStart = 0;
  private trailerText = '';

  /** Decodes the next piece of the framed body; answers the data bytes it carried (views, not copies). */
  push(piece: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let at = 0;
    while (at < piece.length) {
      switch (this.state) {
        case 'header': {
          const joined = this.pending.length > 0 ? Buffer.concat([this.pending, piece.subarray(at)]) : piece.subarray(at);
          const end = joined.indexOf(CRLF);
          if (end < 0) {
            if (joined.length > MAX_HEADER_BYTES) throw malformed(`aws-chunked body has a chunk header longer than ${MAX_HEADER_BYTES} bytes at byte ${this.offset}`);
            this.pending = Buffer.from(joined);
            this.offset += piece.length - at;
            at = piece.length;
            break;
          }
          const fromPending = this.pending.length;
          const header = joined.toString('latin1', 0, end);
          const sizeText = header.split(';')[0] ?? '';
          const headerStart = this.offset - fromPending;
          if (!/^[0-9a-fA-F]{1,12}$/.test(sizeText)) throw malformed(`aws-chunked body has a bad chunk header ${JSON.stringify(header.slice(0, 80))} at byte ${headerStart}`);
          const consumed = end + 2 - fromPending;
          at += consumed;
          this.offset += consumed;
          this.pending = Buffer.alloc(0);
          this.remaining = Number.parseInt(sizeText, 16);
          this.chunkStart = this.offset;
          this.state = this.remaining === 0 ? 'trailer' : 'data';
          break;
        }
        case 'data': {
          const take = Math.min(this.remaining, piece.length - at);
          out.push(piece.subarray(at, at + take));
          at += take;
          this.offset += take;
          this.remaining -= take;
          if (this.remaining === 0) {
            this.state = 'data-end';
            this.remaining = 2;
          }
          break;
        }
        case 'data-end': {
          // The CRLF closing a chunk's data, possibly split across pieces.
          const expected = this.remaining === 2 ? 0x0d : 0x0a;
          if (piece[at] !== expected) throw malformed(`aws-chunked body has no CRLF after the chunk at byte ${this.chunkStart}`);
          at += 1;
          this.offset += 1;
          this.remaining -= 1;
          if (this.remaining === 0) this.state = 'header';
          break;
        }
        case 'trailer': {
          this.trailerText += piece.toString('latin1', at);
          this.offset += piece.length - at;
          at = piece.length;
          if (this.trailerText.length > MAX_TRAILER_BYTES) throw malformed(`aws-chunked trailer is longer than ${MAX_TRAILER_BYTES} bytes`);
          break;
        }
      }
    }
    return out;
  }

  /** Checks the body ended after its last chunk; answers the trailer headers, names in lower case. */
  end(): Record<string, string> {
    if (this.state === 'data') throw truncated(`aws-chunked body is truncated: chunk of ${this.remaining + (this.offset - this.chunkStart)} bytes at byte ${this.chunkStart}`);
    if (this.state !== 'trailer') throw truncated(`aws-chunked body is truncated: no chunk header at byte ${this.offset}`);
    const trailers: Record<string, string> = {};
    for (const line of this.trailerText.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    return trailers;
  }
}

/** Decodes a whole `aws-chunked` body held in memory. */
export function decodeAwsChunked(body: Buffer): { data: Buffer; trailers: Record<string, string> } {
  const decoder = new AwsChunkedDecoder();
  const data = Buffer.concat(decoder.push(body));
  return { data, trailers: decoder.end() };
}

/** True when a request's body is aws-chunked framed. */
export function isAwsChunked(headers: Record<string, string | string[] | undefined>): boolean {
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  const encoding = String(headers['content-encoding'] ?? '');
  return sha.startsWith('STREAMING-') || encoding.split(',').some((value) => value.trim() === 'aws-chunked');
}

function truncated(message: string): AwsError {
  return new AwsError('IncompleteBody', message, 400);
}

function malformed(message: string): AwsError {
  return new AwsError('InvalidRequest', message, 400);
}
