import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from '../shared/index.js';
import { LambdaError } from './errors.js';

/** A whole request body in the pieces it arrived in, or how big it was when it went past the limit. */
export interface LimitedBody {
  chunks: Buffer[];
  size: number;
  exceeded: boolean;
}

/**
 * Reads a body, keeping at most `limitBytes`. It still drains the rest, so the connection stays
 * usable for the error answer instead of being cut mid-upload.
 */
export async function readLimitedBody(request: IncomingMessage, limitBytes: number): Promise<LimitedBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= limitBytes) chunks.push(buffer);
  }
  const exceeded = size > limitBytes;
  return { chunks: exceeded ? [] : chunks, size, exceeded };
}

/** An operation's answer, written only by the HTTP layer. */
export interface LambdaAnswer {
  status: number;
  json?: unknown;
  /** The body as bytes, text, or pieces written in order without joining them. */
  raw?: Buffer | string | readonly Uint8Array[];
  contentType?: string;
  headers?: Record<string, string>;
  /** Called once the body has been written (or the connection is gone), when its memory may be reused. */
  release?: () => void;
}

export function sendAnswer(response: ServerResponse, answer: LambdaAnswer): void {
  const release = answer.release;
  if (release !== undefined) {
    let released = false;
    const once = (): void => {
      if (released) return;
      released = true;
      release();
    };
    response.once('finish', once);
    response.once('close', once);
  }
  const body = bodyPieces(answer);
  const headers: Record<string, string> = {
    'x-amzn-RequestId': randomUUID(),
    ...answer.headers,
  };
  if (answer.status !== 204) {
    headers['content-type'] = answer.contentType ?? 'application/json';
    headers['content-length'] = String(body.reduce((sum, piece) => sum + piece.length, 0));
  }
  response.writeHead(answer.status, headers);
  if (answer.status === 204) {
    response.end();
    return;
  }
  // Corked, the pieces go out in one writev with the headers.
  response.cork();
  for (const piece of body) response.write(piece);
  response.end();
  response.uncork();
}

function bodyPieces(answer: LambdaAnswer): readonly Uint8Array[] {
  if (answer.raw === undefined) return answer.json !== undefined ? [Buffer.from(JSON.stringify(answer.json))] : [];
  if (typeof answer.raw === 'string') return [Buffer.from(answer.raw)];
  return answer.raw instanceof Uint8Array ? [answer.raw] : answer.raw.filter((piece) => piece.length > 0);
}

/** Writes any error the way Lambda does: status, `x-amzn-ErrorType`, `{Type, message}`. */
export function sendLambdaError(response: ServerResponse, error: unknown): void {
  if (error instanceof AwsError) {
    const body = error instanceof LambdaError ? error.toJSON() : { Type: 'User', message: error.message };
    sendAnswer(response, { status: error.statusCode, json: body, headers: { 'x-amzn-ErrorType': error.code } });
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  sendAnswer(response, { status: 500, json: { Type: 'Service', Message: message }, headers: { 'x-amzn-ErrorType': 'ServiceException' } });
}
