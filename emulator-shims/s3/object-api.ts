/**
 * The store's objects in process, typed with the SDK's shapes: what a service of the endpoint itself
 * (Firehose delivering to S3) can call without HTTP. Same validation, same files, same answers.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HeadObjectCommandOutput, ListObjectsV2CommandOutput, PutObjectCommandOutput } from '@aws-sdk/client-s3';
import type { Scope } from '../shared/index.js';
import { entityTooLarge, MAX_OBJECT_BYTES } from './errors.js';
import { listPage } from './listing.js';
import type { ObjectRecord } from './object-index.js';
import { parseRange } from './ranges.js';
import type { S3Store } from './store.js';
import type { BodySource } from './upload-body.js';
import { checkKey, checkLimit } from './validation.js';

export interface PutObjectInput {
  Bucket: string;
  Key: string;
  /** The bytes, or pieces of them in order (written one after another, never joined into one buffer). */
  Body: Uint8Array | readonly Uint8Array[];
  ContentType?: string;
  ContentEncoding?: string;
  Metadata?: Record<string, string>;
}

export type ObjectHead = Pick<HeadObjectCommandOutput, 'ContentLength' | 'ContentType' | 'ContentEncoding' | 'ETag' | 'LastModified' | 'Metadata'>;

export interface S3ObjectApi {
  /**
   * The object's CRC64NVME, which S3 gives every object put without a checksum, is left to the first read
   * that asks for it (GetObject/HeadObject with checksum mode): the answer carries the ETag only.
   */
  putObject(scope: Scope, input: PutObjectInput): Promise<Pick<PutObjectCommandOutput, 'ETag'>>;
  /** The object's bytes (or the `Range` asked for) in memory: meant for the small objects services read. */
  getObject(scope: Scope, input: { Bucket: string; Key: string; Range?: string }): Promise<ObjectHead & { Body: Buffer }>;
  headObject(scope: Scope, input: { Bucket: string; Key: string }): Promise<ObjectHead>;
  listObjectsV2(scope: Scope, input: { Bucket: string; Prefix?: string; Delimiter?: string; StartAfter?: string; MaxKeys?: number }):
    Promise<Pick<ListObjectsV2CommandOutput, 'Contents' | 'CommonPrefixes' | 'IsTruncated' | 'KeyCount'>>;
}

/** The in-process face of a store. The scope is the caller's; buckets are found by name, as S3 finds them. */
export function createObjectApi(store: S3Store): S3ObjectApi {
  const head = (record: ObjectRecord): ObjectHead => ({
    ContentLength: record.size,
    ContentType: record.headers['content-type'] ?? 'binary/octet-stream',
    ...(record.headers['content-encoding'] ? { ContentEncoding: record.headers['content-encoding'] } : {}),
    ETag: `"${record.etag}"`,
    LastModified: new Date(record.lastModified),
    Metadata: { ...record.metadata },
  });
  return {
    async putObject(_scope, input) {
      const bucket = store.bucket(input.Bucket);
      const key = checkKey(input.Key);
      const pieces = input.Body instanceof Uint8Array ? [input.Body] : input.Body;
      let size = 0;
      for (const piece of pieces) size += piece.length;
      if (size > MAX_OBJECT_BYTES) throw entityTooLarge(size);
      const hash = createHash('md5');
      for (const piece of pieces) hash.update(piece);
      const md5Hex = hash.digest('hex');
      const headers: Record<string, string> = {};
      if (input.ContentType) headers['content-type'] = input.ContentType;
      if (input.ContentEncoding) headers['content-encoding'] = input.ContentEncoding;
      const metadata = Object.fromEntries(Object.entries(input.Metadata ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
      // A large body is written asynchronously first, not on this thread while it waits.
      let source: BodySource;
      if (size > 256 * 1024) {
        const path = join(store.temporaryDirectory, `${randomBytes(12).toString('hex')}.put`);
        await writeFile(path, pieces.length === 1 ? pieces[0]! : pieces, { flag: 'wx' });
        source = { path };
      } else {
        source = { bytes: pieces.length === 1 ? Buffer.from(pieces[0]!.buffer, pieces[0]!.byteOffset, pieces[0]!.byteLength) : Buffer.concat(pieces) };
      }
      await store.commitObject(bucket, source, {
        key, size, etag: md5Hex, lastModified: Date.now(), headers, metadata, checksum: { name: 'crc64nvme', type: 'FULL_OBJECT' },
      });
      return { ETag: `"${md5Hex}"` };
    },
    async getObject(_scope, input) {
      const bucket = store.bucket(input.Bucket);
      const record = store.object(bucket, checkKey(input.Key));
      const bytes = await readFile(bucket.files.absolute(record.file));
      const range = parseRange(input.Range, bytes.length);
      const body = range ? bytes.subarray(range.start, range.end + 1) : bytes;
      return { ...head(record), ContentLength: body.length, Body: body };
    },
    async headObject(_scope, input) {
      const bucket = store.bucket(input.Bucket);
      return head(store.object(bucket, checkKey(input.Key)));
    },
    async listObjectsV2(_scope, input) {
      const bucket = store.bucket(input.Bucket);
      const maxKeys = input.MaxKeys === undefined ? 1000 : checkLimit(String(input.MaxKeys), 'max-keys');
      const page = listPage(bucket.index, {
        prefix: input.Prefix ?? '', ...(input.Delimiter ? { delimiter: input.Delimiter } : {}), ...(input.StartAfter ? { after: input.StartAfter } : {}), maxKeys,
      });
      return {
        Contents: page.keys.map((key) => {
          const record = bucket.index.get(key)!;
          return { Key: key, Size: record.size, ETag: `"${record.etag}"`, LastModified: new Date(record.lastModified), StorageClass: 'STANDARD' };
        }),
        CommonPrefixes: page.commonPrefixes.map((Prefix) => ({ Prefix })),
        IsTruncated: page.isTruncated,
        KeyCount: page.keys.length + page.commonPrefixes.length,
      };
    },
  };
}
