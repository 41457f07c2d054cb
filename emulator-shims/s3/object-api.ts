/**
 * The store's objects in process, typed with the SDK's shapes: what a service of the endpoint itself
 * (Firehose delivering to S3) can call without HTTP. Same validation, same files, same answers.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, open, readFile, writeFile } from 'node:fs/promises';
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

/**
 * A finished file whose bytes are an object's body (Firehose's scratch file of an object's records): the store
 * takes a hard link to it (a copy on another file system) and reads it once for the MD5 unless the caller made
 * it as it wrote the file, so the bytes never pass through memory at once; the caller still owns the file, and
 * removes it.
 */
export interface ObjectFile {
  file: string;
  size: number;
  /** The MD5 of the file's `size` bytes in hex, made by the file's writer; read from the file when absent. */
  md5Hex?: string;
}

const isObjectFile = (body: PutObjectInput['Body']): body is ObjectFile => !(body instanceof Uint8Array) && !Array.isArray(body);

const MD5_READ_BYTES = 1024 * 1024;

/** The MD5 of a file's first `size` bytes, read through one buffer; fails when the file is shorter. */
async function md5OfFile(path: string, size: number): Promise<string> {
  const hash = createHash('md5');
  const handle = await open(path, 'r');
  try {
    const chunk = Buffer.allocUnsafeSlow(Math.min(MD5_READ_BYTES, Math.max(size, 1)));
    for (let at = 0; at < size;) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, size - at), at);
      if (bytesRead === 0) throw new Error(`${path} holds ${at} bytes, not the ${size} of the object`);
      hash.update(chunk.subarray(0, bytesRead));
      at += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/** A new name for `path`'s bytes in `temporary`: a hard link, or a copy where a link cannot be made. */
async function linkOrCopy(path: string, temporary: string): Promise<void> {
  try {
    await link(path, temporary);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error;
    await copyFile(path, temporary, constants.COPYFILE_EXCL);
  }
}

export interface PutObjectInput {
  Bucket: string;
  Key: string;
  /** The bytes, or pieces of them in order (written one after another, never joined into one buffer), or a file holding them. */
  Body: Uint8Array | readonly Uint8Array[] | ObjectFile;
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
      const body = input.Body;
      const pieces = isObjectFile(body) ? [] : body instanceof Uint8Array ? [body] : body;
      let size = isObjectFile(body) ? body.size : 0;
      for (const piece of pieces) size += piece.length;
      if (size > MAX_OBJECT_BYTES) throw entityTooLarge(size);
      let md5Hex: string;
      if (isObjectFile(body)) md5Hex = body.md5Hex ?? await md5OfFile(body.file, size);
      else {
        const hash = createHash('md5');
        for (const piece of pieces) hash.update(piece);
        md5Hex = hash.digest('hex');
      }
      const headers: Record<string, string> = {};
      if (input.ContentType) headers['content-type'] = input.ContentType;
      if (input.ContentEncoding) headers['content-encoding'] = input.ContentEncoding;
      const metadata = Object.fromEntries(Object.entries(input.Metadata ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
      // A large body is written asynchronously first, not on this thread while it waits.
      let source: BodySource;
      if (isObjectFile(body)) {
        const path = join(store.temporaryDirectory, `${randomBytes(12).toString('hex')}.put`);
        await linkOrCopy(body.file, path);
        source = { path };
      } else if (size > 256 * 1024) {
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
