/** Opens objects for the view (the first MiB of each), remembering the last few so each poll costs nothing new. */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { previewObject } from './object-preview.js';
import type { ObjectKind, ObjectPreview } from './types.js';

/** Bytes read of one object at most. */
export const PREVIEW_BYTES = 1024 * 1024;
const CACHED_PREVIEWS = 32;
/** Keys looked at when the newest object of a prefix must be found by listing. */
export const LISTING_LIMIT = 5_000;

/** A listing is reused this long: it only stands in until the engine writes an object of its own. */
const LISTING_REUSE_MS = 5_000;

type Listed = Array<{ key: string; size: number; lastModified: Date | undefined }>;

export class ObjectReader {
  private readonly cache = new Map<string, ObjectPreview>();
  private readonly listings = new Map<string, { atMs: number; objects: Listed }>();

  /** The preview of `bucket/key`; undefined when it cannot be read (gone, or the bucket is elsewhere). */
  async open(s3: S3Client, bucket: string, key: string, kind: ObjectKind, fixedPrefix: string): Promise<ObjectPreview | undefined> {
    const cacheKey = JSON.stringify([bucket, key, kind]);
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    try {
      const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${PREVIEW_BYTES - 1}` }));
      const body = await answer.Body?.transformToByteArray();
      if (!body) return undefined;
      const size = Number(/\/(\d+)$/.exec(answer.ContentRange ?? '')?.[1] ?? answer.ContentLength ?? body.length);
      const preview = previewObject({
        bucket, key, kind, fixedPrefix, size, body, complete: body.length >= size,
        ...(answer.ContentEncoding ? { contentEncoding: answer.ContentEncoding } : {}),
      });
      this.cache.set(cacheKey, preview);
      if (this.cache.size > CACHED_PREVIEWS) this.cache.delete(this.cache.keys().next().value as string);
      return preview;
    } catch {
      return undefined;
    }
  }

  /** The newest keys under `prefix` by LastModified, for a stream whose engine has written nothing since the endpoint started. */
  async newest(s3: S3Client, bucket: string, prefix: string, count: number): Promise<Listed> {
    const cacheKey = JSON.stringify([bucket, prefix, count]);
    const cached = this.listings.get(cacheKey);
    if (cached && Date.now() - cached.atMs < LISTING_REUSE_MS) return cached.objects;
    const objects = await this.list(s3, bucket, prefix, count);
    this.listings.set(cacheKey, { atMs: Date.now(), objects });
    if (this.listings.size > CACHED_PREVIEWS) this.listings.delete(this.listings.keys().next().value as string);
    return objects;
  }

  private async list(s3: S3Client, bucket: string, prefix: string, count: number): Promise<Listed> {
    const found: Listed = [];
    let token: string | undefined;
    try {
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const object of page.Contents ?? []) if (object.Key) found.push({ key: object.Key, size: object.Size ?? 0, lastModified: object.LastModified });
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token && found.length < LISTING_LIMIT);
    } catch {
      return [];
    }
    return found.sort((a, b) => (b.lastModified?.getTime() ?? 0) - (a.lastModified?.getTime() ?? 0) || b.key.localeCompare(a.key)).slice(0, count);
  }
}
