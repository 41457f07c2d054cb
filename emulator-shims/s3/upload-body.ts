/**
 * A request body streamed to a temporary file: aws-chunked framing removed, MD5 and the checksum
 * computed on the way, and never more than one write batch in memory (a 5 GiB PutObject takes a few
 * MiB). A client that goes away mid-body, a body that breaks S3's rules, or a failed write leaves no file.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AwsChunkedDecoder, isAwsChunked } from './aws-chunked.js';
import { createUploadDigests, type ObjectChecksum, type UploadPlan } from './checksum-check.js';
import { entityTooLarge, missingContentLength } from './errors.js';

// Pieces are gathered up to this size before a write, so small bodies cost one write call.
const WRITE_BATCH_BYTES = 1024 * 1024;

export interface ReceivedBody {
  /** The temporary file; the caller moves it into place or removes it. */
  path: string;
  size: number;
  md5Hex: string;
  checksum: ObjectChecksum;
}

/** The declared size of a body (decoded size for aws-chunked), refusing what S3 refuses before reading it. */
export function declaredSize(request: IncomingMessage, maxBytes: number): number {
  const lengthText = request.headers['content-length'];
  const decoded = request.headers['x-amz-decoded-content-length'];
  // An aws-chunked body may come in HTTP chunks without a Content-Length; its decoded length is declared then.
  const text = isAwsChunked(request.headers) && typeof decoded === 'string' ? decoded : lengthText;
  if (text === undefined) throw missingContentLength();
  const size = /^\d{1,16}$/.test(text) ? Number(text) : 0;
  if (size > maxBytes) throw entityTooLarge(size, maxBytes);
  return size;
}

/** Streams the body of `request` into a new file under `temporaryDirectory`. */
export async function receiveBody(request: IncomingMessage, plan: UploadPlan, temporaryDirectory: string, maxBytes: number): Promise<ReceivedBody> {
  const path = join(temporaryDirectory, `${randomBytes(12).toString('hex')}.part`);
  const decoder = isAwsChunked(request.headers) ? new AwsChunkedDecoder() : undefined;
  const digests = createUploadDigests(plan);
  const handle = await open(path, 'wx');
  let size = 0;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const flush = async () => {
    if (batchBytes === 0) return;
    const pieces = batch;
    batch = [];
    batchBytes = 0;
    await handle.writev(pieces);
  };
  try {
    for await (const chunk of request) {
      for (const piece of decoder ? decoder.push(chunk as Buffer) : [chunk as Buffer]) {
        size += piece.length;
        if (size > maxBytes) throw entityTooLarge(size, maxBytes);
        digests.update(piece);
        batch.push(piece);
        batchBytes += piece.length;
      }
      if (batchBytes >= WRITE_BATCH_BYTES) await flush();
    }
    // A body cut short leaves the loop without an error on some Node versions; S3 keeps nothing of it.
    if (!request.complete) throw new Error('the client closed the connection before the whole body was sent');
    await flush();
    const trailers = decoder ? decoder.end() : {};
    const { md5Hex, checksum } = digests.finish(size, trailers);
    await handle.close();
    return { path, size, md5Hex, checksum };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(path, { force: true });
    throw error;
  }
}
