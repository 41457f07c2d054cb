import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

export interface BucketObject {
  key: string;
  body: Buffer;
}

/** Every object under a prefix, with its content. */
export async function readObjects(s3: S3Client, bucket: string, prefix: string): Promise<BucketObject[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.NextContinuationToken;
  } while (token);
  const objects: BucketObject[] = [];
  for (const key of keys.sort()) {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    objects.push({ key, body: Buffer.from(await response.Body!.transformToByteArray()) });
  }
  return objects;
}

/** Splits newline-delimited content into its non-empty lines. */
export function splitLines(body: Buffer): string[] {
  return body.toString('utf8').split('\n').filter((line) => line.length > 0);
}
