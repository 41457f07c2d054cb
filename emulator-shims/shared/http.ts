import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from './aws-error.js';
import { giveBackBuffer, joinIntoPooled } from './buffer-pool.js';

/** A request body's chunks as they arrived; rejects with a 413-shaped AwsError past `limitBytes`. */
async function readChunks(request: IncomingMessage, limitBytes: number): Promise<{ chunks: Buffer[]; size: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) {
      throw new AwsError('RequestEntityTooLargeException', `Request must be smaller than ${limitBytes} bytes`, 413);
    }
    chunks.push(buffer);
  }
  return { chunks, size };
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
  const payload = Buffer.from(JSON.stringify(body ?? {}));
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
