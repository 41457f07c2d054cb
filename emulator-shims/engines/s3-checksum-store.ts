import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
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
  /** Resolves when every file write started so far has landed. */
  settle(): Promise<void>;
}

/**
 * Object checksums kept beside (not inside) s3rver's folder, one small JSON file per object named
 * by the SHA-256 of its key (keys may be longer than a file name allows). Answers come from memory;
 * files are written behind, in order per object, so a PUT does not wait on a second file write.
 */
export function createChecksumStore(directory: string): ChecksumStore {
  const memory = new Map<string, StoredChecksum | null>();
  const writes = new Map<string, Promise<void>>();
  const id = (bucket: string, key: string) => `${bucket}\n${key}`;
  const file = (bucket: string, key: string) => join(directory, bucket, `${createHash('sha256').update(key).digest('hex')}.json`);
  // Chains writes per object so a later put or delete always lands after an earlier one.
  const enqueue = (slot: string, write: () => Promise<void>) => {
    const next = (writes.get(slot) ?? Promise.resolve()).then(write).catch(() => {});
    writes.set(slot, next);
    void next.then(() => { if (writes.get(slot) === next) writes.delete(slot); });
  };
  const store: ChecksumStore = {
    get(bucket, key) {
      const cached = memory.get(id(bucket, key));
      if (cached !== undefined) return cached ?? undefined;
      const path = file(bucket, key);
      if (!existsSync(path)) return undefined;
      const stored = JSON.parse(readFileSync(path, 'utf8')) as StoredChecksum & { key: string };
      if (stored.key !== key) return undefined;
      const checksum = { name: stored.name, value: stored.value, type: stored.type };
      memory.set(id(bucket, key), checksum);
      return checksum;
    },
    put(bucket, key, checksum) {
      memory.set(id(bucket, key), checksum);
      enqueue(id(bucket, key), async () => {
        await mkdir(join(directory, bucket), { recursive: true });
        await writeFile(file(bucket, key), JSON.stringify({ key, ...checksum }));
      });
    },
    copy(from, to) {
      const stored = store.get(from.bucket, from.key);
      if (stored) store.put(to.bucket, to.key, stored);
      else store.remove(to.bucket, to.key);
    },
    remove(bucket, key) {
      memory.set(id(bucket, key), null);
      enqueue(id(bucket, key), () => rm(file(bucket, key), { force: true }));
    },
    removeBucket(bucket) {
      for (const slot of memory.keys()) if (slot.startsWith(`${bucket}\n`)) memory.set(slot, null);
      enqueue(`${bucket}\n`, () => rm(join(directory, bucket), { recursive: true, force: true }));
    },
    async settle() {
      while (writes.size > 0) await Promise.all(writes.values());
    },
  };
  return store;
}
