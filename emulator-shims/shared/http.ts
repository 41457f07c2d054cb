import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from './aws-error.js';
import { giveBackBuffer, joinIntoPooled } from './buffer-pool.js';

// Past the limit, the rest of a body is read and dropped (so the client reads the 413 instead of a reset), up to this much.
const MAX_DRAINED_BYTES = 64 * 1024 * 1024;

/**
 * A request body's chunks as they arrived; rejects with a 413-shaped AwsError past `limitBytes`, and
 * with the stream's error when the client aborts. Events, not `for await`: leaving an async iterator
 * early destroys the socket, and the client would see a reset instead of the answer.
 */
function readChunks(request: IncomingMessage, limitBytes: number): Promise<{ chunks: Buffer[]; size: number }> {
  return new Promise((resolve, reject) => {
    if (request.readableEnded) return resolve({ chunks: [], size: 0 });
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      reject(error);
    };
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes + MAX_DRAINED_BYTES) request.destroy();
      if (settled) return;
      if (size > limitBytes) fail(new AwsError('RequestEntityTooLargeException', `Request must be smaller than ${limitBytes} bytes`, 413));
      else chunks.push(chunk);
    });
    request.once('end', () => {
      if (settled) return;
      settled = true;
      resolve({ chunks, size });
    });
    request.once('error', fail);
    // Every request closes, once answered too: the error (and its stack trace) is made only when the body was cut short.
    request.once('close', () => {
      if (!settled) fail(new AwsError('RequestAborted', 'The client closed the connection before the body was complete', 400));
    });
  });
}

/** Reads a whole request body; rejects with a 413-shaped AwsError past `limitBytes`. */
export async function readBody(request: IncomingMessage, limitBytes = 64 * 1024 * 1024): Promise<Buffer> {
  return Buffer.concat((await readChunks(request, limitBytes)).chunks);
}

/**
 * Reads a request body like readBody, into a buffer reused from earlier requests, and gives it to
 * `use`, which must be done with it when it (or the promise it returns) settles: the buffer then goes
 * to the next request (see buffer-pool.ts); the chunks are copied once either way.
 */
export async function useBody<T>(request: IncomingMessage, limitBytes: number, use: (body: Buffer) => T | Promise<T>): Promise<T> {
  const { bytes, buffer } = joinIntoPooled((await readChunks(request, limitBytes)).chunks);
  try {
    return await use(bytes);
  } finally {
    giveBackBuffer(buffer);
  }
}

/** Writes a JSON answer in the awsJson1.1 protocol. */
export function sendAwsJson(response: ServerResponse, statusCode: number, body: unknown, headers: Record<string, string> = {}): void {
  sendAwsJsonBytes(response, statusCode, Buffer.from(JSON.stringify(body ?? {})), headers);
}

/** Writes a JSON answer in the awsJson1.1 protocol from its bytes (`payload` must be JSON). */
export function sendAwsJsonBytes(response: ServerResponse, statusCode: number, payload: Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(statusCode, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': String(payload.length),
    'x-amzn-requestid': crypto.randomUUID(),
    ...headers,
  });
  response.end(payload);
}

/** Writes any error as an awsJson error; unknown errors become a 500 InternalFailure. */
export function sendAwsJsonError(response: ServerResponse, error: unknown): void {
  if (error instanceof AwsError) {
    sendAwsJson(response, error.statusCode, error.toJSON(), { 'x-amzn-errortype': error.code });
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  sendAwsJson(response, 500, { __type: 'InternalFailure', message }, { 'x-amzn-errortype': 'InternalFailure' });
}

/** Writes a plain JSON answer (admin API, REST-JSON services). */
export function sendJson(response: ServerResponse, statusCode: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = Buffer.from(JSON.stringify(body ?? {}));
  response.writeHead(statusCode, { 'content-type': 'application/json', 'content-length': String(payload.length), ...headers });
  response.end(payload);
}
