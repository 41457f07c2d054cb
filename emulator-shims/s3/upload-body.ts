/**
 * A request body streamed to a temporary file: aws-chunked framing removed, MD5 and the checksum
 * computed on the way, and never more than one write batch in memory (a 5 GiB PutObject takes a few
 * MiB). A client that goes away mid-body, a body that breaks S3's rules, or a failed write leaves no file.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { open, rm } from 'node:fs/promises';
import { AwsError } from '../shared/index.js';
import { join } from 'node:path';
import { AwsChunkedDecoder, isAwsChunked } from './aws-chunked.js';
import { createUploadDigests, type ObjectChecksum, type UploadDigests, type UploadPlan } from './checksum-check.js';
import { entityTooLarge, missingContentLength } from './errors.js';

// Pieces are gathered up to this size before a write.
const WRITE_BATCH_BYTES = 1024 * 1024;
const SMALL_BODY_BYTES = 256 * 1024;

/** Where received bytes are: a temporary file (the caller moves it into place or removes it), or memory for a small body. */
export type BodySource = { path: string } | { bytes: Buffer };

export interface ReceivedBody {
  source: BodySource;
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

/**
 * Streams the body of `request` into a new file under `temporaryDirectory`. A body declared at most
 * SMALL_BODY_BYTES long is gathered in memory instead, to be written at its place in one synchronous
 * call, which costs less than a chain of asynchronous file calls and a rename.
 */
export async function receiveBody(request: IncomingMessage, plan: UploadPlan, temporaryDirectory: string, maxBytes: number, declared = Number.POSITIVE_INFINITY): Promise<ReceivedBody> {
  const decoder = isAwsChunked(request.headers) ? new AwsChunkedDecoder() : undefined;
  const digests = createUploadDigests(plan);
  if (declared <= SMALL_BODY_BYTES) return receiveSmall(request, decoder, digests);
  const path = join(temporaryDirectory, `${randomBytes(12).toString('hex')}.part`);
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
    return { source: { path }, size, md5Hex, checksum };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(path, { force: true });
    throw error;
  }
}

async function receiveSmall(request: IncomingMessage, decoder: AwsChunkedDecoder | undefined, digests: UploadDigests): Promise<ReceivedBody> {
  const pieces: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    for (const piece of decoder ? decoder.push(chunk as Buffer) : [chunk as Buffer]) {
      size += piece.length;
      // More than declared: the body is not the small one announced.
      if (size > SMALL_BODY_BYTES) throw new AwsError('IncompleteBody', 'The request body is longer than its declared length', 400);
      digests.update(piece);
      pieces.push(piece);
    }
  }
  if (!request.complete) throw new Error('the client closed the connection before the whole body was sent');
  const trailers = decoder ? decoder.end() : {};
  const { md5Hex, checksum } = digests.finish(size, trailers);
  return { source: { bytes: pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, size) }, size, md5Hex, checksum };
}
