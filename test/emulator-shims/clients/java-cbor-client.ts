import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cbor = require('cbor') as { Decoder: { decodeFirstSync(input: Buffer, options: { tags: Record<number, (value: unknown) => unknown> }): unknown } };

/** A timestamp as the Java SDK v1 writes it in CBOR: tag 1 over epoch MILLISECONDS (not RFC 8949 seconds). */
export class JavaDate {
  constructor(readonly epochMs: number) {}
}

/**
 * Encodes a request body byte for byte as the AWS SDK for Java v1 does through Jackson's
 * CBORGenerator: indefinite-length maps (0xBF…0xFF) and arrays (0x9F…0xFF), definite text and byte
 * strings, the shortest integer head, and timestamps as tag 1 + integer milliseconds.
 */
export function encodeLikeJavaSdk(value: unknown): Buffer {
  const out: number[] = [];
  const head = (major: number, length: number) => {
    if (length < 24) out.push((major << 5) | length);
    else if (length < 0x100) out.push((major << 5) | 24, length);
    else if (length < 0x10000) out.push((major << 5) | 25, length >> 8, length & 0xff);
    else if (length < 0x100000000) out.push((major << 5) | 26, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
    else {
      const big = BigInt(length);
      out.push((major << 5) | 27);
      for (let shift = 56n; shift >= 0n; shift -= 8n) out.push(Number((big >> shift) & 0xffn));
    }
  };
  const write = (item: unknown): void => {
    if (item instanceof JavaDate) {
      out.push(0xc1);
      head(0, item.epochMs);
    } else if (Buffer.isBuffer(item)) {
      head(2, item.length);
      out.push(...item);
    } else if (typeof item === 'string') {
      const bytes = Buffer.from(item, 'utf8');
      head(3, bytes.length);
      out.push(...bytes);
    } else if (typeof item === 'number' && Number.isInteger(item)) {
      if (item >= 0) head(0, item);
      else head(1, -1 - item);
    } else if (typeof item === 'boolean') {
      out.push(item ? 0xf5 : 0xf4);
    } else if (Array.isArray(item)) {
      out.push(0x9f);
      item.forEach(write);
      out.push(0xff);
    } else if (item && typeof item === 'object') {
      out.push(0xbf);
      for (const [key, inner] of Object.entries(item)) {
        if (inner === undefined) continue;
        write(key);
        write(inner);
      }
      out.push(0xff);
    } else {
      throw new Error(`encodeLikeJavaSdk: unsupported value ${String(item)}`);
    }
  };
  write(value);
  return Buffer.from(out);
}

export interface CborAnswer {
  status: number;
  contentType: string | null;
  body: Record<string, unknown>;
}

/** Decodes a CBOR answer, keeping tag-1 timestamps as JavaDate so a test can check their unit. */
export function decodeAnswer(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  return cbor.Decoder.decodeFirstSync(body, { tags: { 1: (value) => new JavaDate(Number(value)) } }) as Record<string, unknown>;
}

/** One Kinesis call as the Java SDK v1 sends it (the Kinesis Agent's client). */
export async function javaKinesisCall(endpoint: string, operation: string, body: Record<string, unknown>): Promise<CborAnswer> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-cbor-1.1',
      'x-amz-target': `Kinesis_20131202.${operation}`,
      'x-amz-date': '20260101T000000Z',
      'user-agent': 'aws-sdk-java/1.12.390 Linux/6 OpenJDK_64-Bit_Server_VM/17 java/17 vendor/Eclipse_Adoptium',
      authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123',
    },
    body: encodeLikeJavaSdk(body),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: decodeAnswer(Buffer.from(await response.arrayBuffer())) };
}
