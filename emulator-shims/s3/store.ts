/**
 * hosepipe's S3 store. Object bytes are plain files under `<state>/s3/<bucket>/<key path>` (browsable);
 * everything else lives beside them under `<state>/s3-meta/`: each bucket's record and object journal
 * (`buckets/<bucket>/`), files kept by hash, multipart uploads and bodies still arriving (`tmp/`).
 * Bucket names reach the file system only after validation; keys only through key-path.ts.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scope } from '../shared/index.js';
import { bucketAlreadyExists, bucketAlreadyOwnedByYou, bucketNotEmpty, noSuchBucket, noSuchKey, preconditionFailed } from './errors.js';
import { KeyLocks } from './key-locks.js';
import { ObjectFiles } from './object-files.js';
import { ObjectIndex, type ObjectRecord } from './object-index.js';
import type { BodySource } from './upload-body.js';
import { Uploads } from './uploads.js';
import { bucketNameProblem, checkBucketName } from './validation.js';

export interface BucketRecord {
  name: string;
  accountId: string;
  region: string;
  /** Epoch milliseconds. */
  created: number;
  /** Valid setting documents as sent, by query name (`tagging`, `policy`, …). */
  settings: Record<string, string>;
}

export interface Bucket {
  readonly record: BucketRecord;
  readonly index: ObjectIndex;
  readonly files: ObjectFiles;
}

/** Conditional-write headers of a PutObject or CompleteMultipartUpload. */
export interface WriteConditions {
  ifNoneMatch?: string;
  ifMatch?: string;
}

export interface S3StoreOptions {
  stateDir: string;
  now?: () => number;
}

export class S3Store {
  readonly objectsRoot: string;
  readonly metaRoot: string;
  readonly temporaryDirectory: string;
  readonly uploads: Uploads;
  readonly now: () => number;
  private readonly buckets = new Map<string, Bucket>();
  private readonly locks = new KeyLocks();

  constructor(options: S3StoreOptions) {
    this.now = options.now ?? Date.now;
    this.objectsRoot = join(options.stateDir, 's3');
    this.metaRoot = join(options.stateDir, 's3-meta');
    this.temporaryDirectory = join(this.metaRoot, 'tmp');
    // Bodies that were arriving when the process stopped were never acknowledged.
    rmSync(this.temporaryDirectory, { recursive: true, force: true });
    for (const folder of [this.objectsRoot, this.temporaryDirectory, join(this.metaRoot, 'buckets')]) mkdirSync(folder, { recursive: true });
    this.uploads = new Uploads(join(this.metaRoot, 'uploads'));
    for (const name of readdirSync(join(this.metaRoot, 'buckets'))) {
      const file = join(this.metaRoot, 'buckets', name, 'bucket.json');
      if (bucketNameProblem(name) !== undefined || !existsSync(file)) continue;
      try {
        this.open(JSON.parse(readFileSync(file, 'utf8')) as BucketRecord);
      } catch {
        // A bucket whose record did not survive was never acknowledged.
      }
    }
  }

  /** The bucket called `name` (validated first); S3's InvalidBucketName or NoSuchBucket otherwise. */
  bucket(name: string): Bucket {
    const bucket = this.buckets.get(checkBucketName(name));
    if (!bucket) throw noSuchBucket(name);
    return bucket;
  }

  findBucket(name: string): Bucket | undefined {
    return this.buckets.get(name);
  }

  listBuckets(accountId: string): BucketRecord[] {
    return [...this.buckets.values()].map((bucket) => bucket.record).filter((record) => record.accountId === accountId).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** Creates a bucket owned by the caller's account in `region`; us-east-1 answers a re-create by its owner with success, as S3 does. */
  createBucket(scope: Scope, name: string, region: string, settings: Record<string, string>): BucketRecord {
    checkBucketName(name);
    const existing = this.buckets.get(name);
    if (existing) {
      if (existing.record.accountId !== scope.accountId) throw bucketAlreadyExists(name);
      if (scope.region === 'us-east-1' && existing.record.region === 'us-east-1') return existing.record;
      throw bucketAlreadyOwnedByYou(name);
    }
    const record: BucketRecord = { name, accountId: scope.accountId, region, created: this.now(), settings };
    mkdirSync(join(this.objectsRoot, name), { recursive: true });
    this.saveBucket(record);
    this.open(record);
    return record;
  }

  /** Deletes an empty bucket; S3's BucketNotEmpty while it holds objects. */
  async deleteBucket(name: string): Promise<void> {
    const bucket = this.bucket(name);
    if (bucket.index.size > 0) throw bucketNotEmpty(name);
    this.buckets.delete(name);
    this.uploads.removeBucket(name);
    bucket.index.close();
    await rm(join(this.metaRoot, 'buckets', name), { recursive: true, force: true });
    await rm(join(this.objectsRoot, name), { recursive: true, force: true });
  }

  /** Writes a bucket's record (settings included) atomically. */
  saveBucket(record: BucketRecord): void {
    const folder = join(this.metaRoot, 'buckets', checkBucketName(record.name));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'bucket.json.tmp'), JSON.stringify(record));
    renameSync(join(folder, 'bucket.json.tmp'), join(folder, 'bucket.json'));
  }

  /** An object's record; S3's NoSuchKey when there is none. */
  object(bucket: Bucket, key: string): ObjectRecord {
    const record = bucket.index.get(key);
    if (!record) throw noSuchKey(key);
    return record;
  }

  /**
   * Makes received bytes the object `key`, one commit per key at a time: checks the write conditions
   * against what is there now, puts the bytes in place and records them. A small new object is written
   * straight to its own path (off this thread); anything else moves into place synchronously.
   */
  commitObject(bucket: Bucket, source: BodySource, record: Omit<ObjectRecord, 'file'>, conditions: WriteConditions = {}): Promise<ObjectRecord> {
    return this.locks.run(`${bucket.record.name}\n${record.key}`, async () => {
      try {
        checkWriteConditions(bucket.index.get(record.key), record.key, conditions);
      } catch (error) {
        if ('path' in source) rmSync(source.path, { force: true });
        throw error;
      }
      const previous = bucket.index.get(record.key);
      let file = !previous && 'bytes' in source ? await bucket.files.create(source.bytes, record.key) : undefined;
      file ??= bucket.files.place(source, record.key, previous?.file);
      const stored: ObjectRecord = { ...record, file };
      bucket.index.put(stored);
      return stored;
    });
  }

  /** Deletes an object (nothing happens for a key that is not there, as in S3). */
  deleteObject(bucket: Bucket, key: string): Promise<void> {
    return this.locks.run(`${bucket.record.name}\n${key}`, () => {
      const record = bucket.index.get(key);
      if (!record) return;
      bucket.files.remove(key, record.file);
      bucket.index.delete(key);
    });
  }

  /** Changes an object's record only (tags); its bytes stay. */
  updateObject(bucket: Bucket, record: ObjectRecord): void {
    bucket.index.put(record);
  }

  async close(): Promise<void> {
    await this.uploads.settle();
    for (const bucket of this.buckets.values()) bucket.index.close();
  }

  private open(record: BucketRecord): void {
    const meta = join(this.metaRoot, 'buckets', record.name);
    const index = new ObjectIndex(join(meta, 'objects.jsonl'));
    const files = new ObjectFiles(join(this.objectsRoot, record.name), join(meta, 'by-hash'));
    for (let position = 0, key = index.keyAt(0); key !== undefined; key = index.keyAt(++position)) files.register(key, index.get(key)!.file);
    this.buckets.set(record.name, { record, index, files });
  }
}

/** Pure: S3's conditional writes: `If-None-Match: *` fails on an existing object, `If-Match` on a missing or changed one. */
export function checkWriteConditions(current: ObjectRecord | undefined, key: string, conditions: WriteConditions): void {
  if (conditions.ifNoneMatch !== undefined && current) throw preconditionFailed('If-None-Match');
  if (conditions.ifMatch !== undefined) {
    if (!current) throw noSuchKey(key);
    const wanted = conditions.ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));
    if (!wanted.includes('*') && !wanted.includes(current.etag)) throw preconditionFailed('If-Match');
  }
}
