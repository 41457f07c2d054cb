import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(import.meta.url);

interface StoredObject {
  bucket: string;
  key: string;
}

interface FilesystemStorePrototype {
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
  getResourcePath(bucket: string, key: string, resource: string): string;
  hosepipeDurablePut?: boolean;
}

// How long a put may take to reach the disk after s3rver believes it is done.
const FLUSH_TIMEOUT_MS = 30_000;

/**
 * s3rver 3.7 answers PutObject when its hashing stream finishes, before the file stream has written
 * everything, so a GetObject right after can read a short object; S3 is read-after-write consistent.
 * This makes s3rver's put resolve only once the file on disk has the size it reported. Applied once.
 */
export function makeS3rverPutsDurable(): void {
  const { prototype } = require('s3rver/lib/stores/filesystem') as { prototype: FilesystemStorePrototype };
  if (prototype.hosepipeDurablePut) return;
  const original = prototype.putObject;
  prototype.putObject = async function putObjectDurably(this: FilesystemStorePrototype, object: StoredObject) {
    const result = await original.call(this, object);
    const path = this.getResourcePath(object.bucket, object.key, 'object');
    const deadline = Date.now() + FLUSH_TIMEOUT_MS;
    while ((await stat(path).catch(() => undefined))?.size !== result.size) {
      if (Date.now() > deadline) throw new Error(`s3rver did not finish writing ${object.bucket}/${object.key} (${result.size} bytes) within ${FLUSH_TIMEOUT_MS} ms`);
      await sleep(1);
    }
    return result;
  };
  prototype.hosepipeDurablePut = true;
}
