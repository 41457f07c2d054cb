import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChecksumName } from './checksums.js';

export interface StoredChecksum {
  name: ChecksumName;
  value: string;
  /** FULL_OBJECT for single PUTs; COMPOSITE (`value-N`) or FULL_OBJECT for multipart uploads. */
  type: 'FULL_OBJECT' | 'COMPOSITE';
}

export interface ChecksumStore {
  get(bucket: string, key: string): StoredChecksum | undefined;
  put(bucket: string, key: string, checksum: StoredChecksum): void;
  copy(from: { bucket: string; key: string }, to: { bucket: string; key: string }): void;
  remove(bucket: string, key: string): void;
  removeBucket(bucket: string): void;
}

/**
 * Object checksums kept beside (not inside) s3rver's folder, one small JSON file per object named
 * by the SHA-256 of its key, since keys may be longer than a file name allows.
 */
export function createChecksumStore(directory: string): ChecksumStore {
  const file = (bucket: string, key: string) => join(directory, bucket, `${createHash('sha256').update(key).digest('hex')}.json`);
  return {
    get(bucket, key) {
      const path = file(bucket, key);
      if (!existsSync(path)) return undefined;
      const stored = JSON.parse(readFileSync(path, 'utf8')) as StoredChecksum & { key: string };
      return stored.key === key ? { name: stored.name, value: stored.value, type: stored.type } : undefined;
    },
    put(bucket, key, checksum) {
      mkdirSync(join(directory, bucket), { recursive: true });
      writeFileSync(file(bucket, key), JSON.stringify({ key, ...checksum }));
    },
    copy(from, to) {
      const source = file(from.bucket, from.key);
      if (!existsSync(source)) return this.remove(to.bucket, to.key);
      const stored = JSON.parse(readFileSync(source, 'utf8')) as StoredChecksum;
      this.put(to.bucket, to.key, { name: stored.name, value: stored.value, type: stored.type });
    },
    remove(bucket, key) {
      rmSync(file(bucket, key), { force: true });
    },
    removeBucket(bucket) {
      rmSync(join(directory, bucket), { recursive: true, force: true });
    },
  };
}
