/** PutObject with retry and exponential backoff (reference §8: S3 failures are retried, data is never dropped silently). */
import { readFile } from 'node:fs/promises';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** An object's body in a file of its own (an open object's scratch file), `size` bytes long; see ObjectPut. */
export interface BodyFile {
  file: string;
  size: number;
  /** The MD5 of those bytes in hex, when the writer of the file made it as it wrote them. */
  md5Hex?: string;
}

/** An object's bytes, its pieces in order, or a file holding them. */
export type ObjectBody = Buffer | readonly Buffer[] | BodyFile;

export const isBodyFile = (body: ObjectBody): body is BodyFile => !Buffer.isBuffer(body) && !Array.isArray(body);

export const S3_RETRY_BASE_MS = 100;
export const S3_RETRY_MAX_MS = 10_000;

/** What Firehose sends with each object it writes. */
export interface ObjectPut {
  Bucket: string;
  Key: string;
  /**
   * The object's bytes, or its pieces in order (an uncompressed object is never joined into one buffer), or a
   * file holding them, which stays the writer's (the endpoint's own S3 links it into its store).
   */
  Body: ObjectBody;
  ContentType: string;
  ContentEncoding?: string;
}

/**
 * S3's PutObject as Firehose makes it; a failed call rejects with an error named after S3's error code
 * (`AccessDenied`, `NoSuchBucket`), as the SDK's do.
 */
export type PutObject = (input: ObjectPut) => Promise<void>;

/** PutObject through an SDK client, wherever it points. */
export function putThroughClient(client: S3Client): PutObject {
  return async (input) => {
    const body = input.Body;
    const bytes = isBodyFile(body) ? (await readFile(body.file)).subarray(0, body.size) : Buffer.isBuffer(body) ? body : Buffer.concat(body);
    await client.send(new PutObjectCommand({ ...input, Body: bytes }));
  };
}

export interface WriteRequest {
  put: PutObject;
  bucket: string;
  key: string;
  body: ObjectBody;
  contentEncoding?: string;
  /** Stop retrying when this returns true (the service is closing); the write then rejects. */
  shouldStop: () => boolean;
  onAttempt: (succeeded: boolean, error?: unknown) => void;
  maxAttempts?: number;
}

export class S3WriteError extends Error {
  constructor(readonly bucket: string, readonly key: string, readonly attempts: number, options: { cause: unknown }) {
    super(`PutObject s3://${bucket}/${key} failed after ${attempts} attempt(s)`, options);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function writeObject(request: WriteRequest): Promise<void> {
  let attempt = 0;
  for (;;) {
    attempt += 1;
    try {
      await request.put({
        Bucket: request.bucket,
        Key: request.key,
        Body: request.body,
        ContentType: 'application/octet-stream',
        ...(request.contentEncoding ? { ContentEncoding: request.contentEncoding } : {}),
      });
      request.onAttempt(true);
      return;
    } catch (error) {
      request.onAttempt(false, error);
      if (request.shouldStop() || attempt >= (request.maxAttempts ?? Number.POSITIVE_INFINITY)) {
        throw new S3WriteError(request.bucket, request.key, attempt, { cause: error });
      }
      await sleep(Math.min(S3_RETRY_MAX_MS, S3_RETRY_BASE_MS * 2 ** (attempt - 1)));
    }
  }
}
