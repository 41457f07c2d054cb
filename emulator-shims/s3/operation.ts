import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { Scope } from '../shared/index.js';
import type { S3Store } from './store.js';

/** One S3 request as the operations see it: decoded, not yet validated beyond the request line. */
export interface S3Call {
  readonly request: IncomingMessage;
  readonly method: string;
  /** As sent; the store validates it before it touches a file. */
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly query: URLSearchParams;
  readonly scope: Scope;
  readonly store: S3Store;
  /** The endpoint's own URL, for `Location` answers. */
  readonly origin: string;
  header(name: string): string | undefined;
}

/** What an operation answers; the HTTP layer (service.ts) writes it. */
export interface S3Answer {
  status?: number;
  headers?: Record<string, string | number | undefined>;
  /** A document, bytes, or a stream (an object's bytes) piped to the client. */
  body?: string | Buffer | Readable;
}

/** One S3 operation: validates, acts on the store, answers; throws AwsErrors. */
export type S3Operation = (call: S3Call) => S3Answer | Promise<S3Answer>;

/** The bucket named by the request; a request without one cannot reach a bucket operation. */
export function bucketOf(call: S3Call): string {
  return call.bucket ?? '';
}

/** The key named by the request (object operations are chosen only when there is one). */
export function keyOf(call: S3Call): string {
  return call.key ?? '';
}
