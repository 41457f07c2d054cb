/**
 * The wire side of the Kinesis API: request bodies read with a cap (a body over it is answered without
 * being kept: what is past the cap is read and dropped), decoded from JSON 1.1 or CBOR, and answers
 * written back in the request's protocol (JSON: blobs as base64, timestamps as epoch seconds; CBOR:
 * byte strings and tag 1 over epoch milliseconds).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from '../shared/index.js';
import { CBOR_CONTENT_TYPE, decodeCborRequest, encodeCborAnswer } from './cbor.js';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
/** The largest body read (a PutRecords of 5 MiB of data is about 6.7 MiB as JSON), as kinesalite answered. */
export const MAX_REQUEST_BYTES = 7 * 1024 * 1024;
// A body this far past the cap is not worth reading to its end: the connection is cut.
const MAX_DISCARDED_BYTES = 256 * 1024 * 1024;

export type WireFormat = 'json' | 'cbor';

/** The format of a request's body from its Content-Type; undefined for one Kinesis does not take. */
export function wireFormat(request: IncomingMessage): WireFormat | undefined {
  const contentType = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType === CBOR_CONTENT_TYPE) return 'cbor';
  if (contentType === JSON_CONTENT_TYPE || contentType === 'application/json') return 'json';
  return undefined;
}

/** The body, or undefined when it is over `limitBytes`; either way the request has been read to its end. */
export async function readCappedBody(request: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length']);
  const chunks: Buffer[] = [];
  let size = 0;
  let over = Number.isFinite(declared) && declared > limitBytes;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) over = true;
    if (over) {
      chunks.length = 0;
      if (size > MAX_DISCARDED_BYTES) {
        request.destroy();
        break;
      }
    } else {
      chunks.push(chunk as Buffer);
    }
  }
  return over ? undefined : Buffer.concat(chunks, size);
}

/** Pure: a body as the JSON or CBOR value it holds; SerializationException when it holds none. */
export function decodeBody(body: Buffer, format: WireFormat): unknown {
  if (body.length === 0) throw new AwsError('SerializationException', 'The request body is empty.');
  try {
    return format === 'cbor' ? decodeCborRequest(body) : JSON.parse(body.toString('utf8'));
  } catch (cause) {
    throw new AwsError('SerializationException', `The request body is not valid ${format === 'cbor' ? 'CBOR' : 'JSON'}.`, 400, {}, { cause });
  }
}

const quotedKeys = new Map<string, string>();
const quotedKey = (key: string): string => {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    // Answer members are the model's few names; anything else is quoted each time rather than kept.
    if (quotedKeys.size < 1000) quotedKeys.set(key, quoted);
  }
  return quoted;
};

/** Pure: a value as Kinesis JSON text: blobs as base64, Dates as epoch seconds, undefined members left out. */
export function jsonText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return String(value.getTime() / 1000);
  if (value instanceof Uint8Array) return `"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}"`;
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index += 1) text += index === 0 ? jsonText(value[index]) : `,${jsonText(value[index])}`;
    return `${text}]`;
  }
  let text = '{';
  for (const key in value as Record<string, unknown>) {
    const inner = (value as Record<string, unknown>)[key];
    if (inner === undefined) continue;
    text += `${text.length === 1 ? '' : ','}${quotedKey(key)}:${jsonText(inner)}`;
  }
  return `${text}}`;
}

/**
 * Writes an operation's answer (nothing for operations without output) in the request's format. `plain`:
 * the answer holds no blob and no timestamp, so JSON.stringify writes the same text as jsonText.
 */
export function sendAnswer(response: ServerResponse, format: WireFormat, answer: unknown, plain = false): void {
  const payload = answer === undefined ? Buffer.alloc(0) : format === 'cbor' ? encodeCborAnswer(answer) : Buffer.from(plain ? JSON.stringify(answer) : jsonText(answer));
  response.writeHead(200, {
    'content-type': format === 'cbor' ? CBOR_CONTENT_TYPE : JSON_CONTENT_TYPE,
    'content-length': String(payload.length),
    'x-amzn-requestid': crypto.randomUUID(),
  });
  response.end(payload);
}
