import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from '../shared/index.js';
import { LambdaError } from './errors.js';

/** A whole request body, or how big it was when it went past the limit. */
export interface LimitedBody {
  body: Buffer;
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
  return { body: exceeded ? Buffer.alloc(0) : Buffer.concat(chunks), size, exceeded };
}

/** An operation's answer, written only by the HTTP layer. */
export interface LambdaAnswer {
  status: number;
  json?: unknown;
  raw?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}

export function sendAnswer(response: ServerResponse, answer: LambdaAnswer): void {
  const body = answer.raw !== undefined ? Buffer.from(answer.raw) : answer.json !== undefined ? Buffer.from(JSON.stringify(answer.json)) : Buffer.alloc(0);
  const headers: Record<string, string> = {
    'x-amzn-RequestId': randomUUID(),
    ...answer.headers,
  };
  if (answer.status !== 204) {
    headers['content-type'] = answer.contentType ?? 'application/json';
    headers['content-length'] = String(body.length);
  }
  response.writeHead(answer.status, headers);
  response.end(answer.status === 204 ? undefined : body);
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
