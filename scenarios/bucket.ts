import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

export interface BucketObject {
  key: string;
  body: Buffer;
}

/** Every key under a prefix, sorted; with `since` (epoch ms), only objects written from then on. */
export async function listKeys(s3: S3Client, bucket: string, prefix: string, since?: number): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      if (object.Key && (since === undefined || (object.LastModified?.getTime() ?? 0) >= since)) keys.push(object.Key);
    }
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

/** The objects of `keys`, with their content, in that order; `onRead` after each. */
export async function readKeys(s3: S3Client, bucket: string, keys: readonly string[], onRead?: () => void): Promise<BucketObject[]> {
  const objects: BucketObject[] = [];
  for (const key of keys) {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    objects.push({ key, body: Buffer.from(await response.Body!.transformToByteArray()) });
    onRead?.();
  }
  return objects;
}

/** Every object under a prefix (written from `since` on, when given), with its content. */
export async function readObjects(s3: S3Client, bucket: string, prefix: string, since?: number): Promise<BucketObject[]> {
  return readKeys(s3, bucket, await listKeys(s3, bucket, prefix, since));
}

/** Splits newline-delimited content into its non-empty lines. */
export function splitLines(body: Buffer): string[] {
  return body.toString('utf8').split('\n').filter((line) => line.length > 0);
}

/** Pure: an object's content, gunzipped when it is gzip (Firehose's GZIP compression, a `.gz` key). */
export function gunzipObject(body: Buffer): Buffer {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body;
}
