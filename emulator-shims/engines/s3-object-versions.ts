import type { ServerResponse } from 'node:http';
import { escapeXml } from '../shared/index.js';

/** The part of s3rver's filesystem store this front reads. */
export interface ListingStore {
  getBucket(bucket: string): Promise<unknown>;
  listObjects(bucket: string, options: { prefix?: string; startAfter?: string; maxKeys?: number; delimiter?: string }): Promise<{
    objects: { key: string; size: number; lastModifiedDate: Date; metadata: Record<string, string> }[];
    commonPrefixes: string[];
    isTruncated: boolean;
  }>;
}

const XML_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const DEFAULT_MAX_KEYS = 1000;

/**
 * ListObjectVersions (`GET /bucket?versions`) for buckets that never had versioning, which is all
 * s3rver keeps: S3 lists each object once, as its only and latest version, with VersionId `null`.
 */
export async function listObjectVersions(store: ListingStore, bucket: string, query: URLSearchParams, response: ServerResponse): Promise<void> {
  if (!(await store.getBucket(bucket))) {
    sendXml(response, 404, `<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>${escapeXml(bucket)}</BucketName><RequestId>${crypto.randomUUID()}</RequestId></Error>`);
    return;
  }
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const keyMarker = query.get('key-marker') ?? '';
  const maxKeysText = query.get('max-keys');
  const maxKeys = maxKeysText === null ? DEFAULT_MAX_KEYS : Math.min(Math.max(Number.parseInt(maxKeysText, 10) || 0, 0), DEFAULT_MAX_KEYS);
  const listing = await store.listObjects(bucket, { prefix, startAfter: keyMarker, maxKeys, ...(delimiter ? { delimiter } : {}) });
  const versions = listing.objects.map((object) =>
    '<Version>' +
    `<Key>${escapeXml(object.key)}</Key><VersionId>null</VersionId><IsLatest>true</IsLatest>` +
    `<LastModified>${object.lastModifiedDate.toISOString()}</LastModified><ETag>${escapeXml(object.metadata.etag ?? '')}</ETag>` +
    `<Size>${object.size}</Size><Owner><ID>hosepipe</ID><DisplayName>hosepipe</DisplayName></Owner><StorageClass>STANDARD</StorageClass>` +
    '</Version>');
  const prefixes = listing.commonPrefixes.map((common) => `<CommonPrefixes><Prefix>${escapeXml(common)}</Prefix></CommonPrefixes>`);
  const last = listing.objects.at(-1)?.key;
  const next = listing.isTruncated && last !== undefined ? `<NextKeyMarker>${escapeXml(last)}</NextKeyMarker><NextVersionIdMarker>null</NextVersionIdMarker>` : '';
  sendXml(response, 200,
    `<ListVersionsResult xmlns="${XML_NS}"><Name>${escapeXml(bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix>` +
    `<KeyMarker>${escapeXml(keyMarker)}</KeyMarker><VersionIdMarker></VersionIdMarker>${next}<MaxKeys>${maxKeys}</MaxKeys>` +
    `${delimiter ? `<Delimiter>${escapeXml(delimiter)}</Delimiter>` : ''}<IsTruncated>${listing.isTruncated}</IsTruncated>` +
    `${versions.join('')}${prefixes.join('')}</ListVersionsResult>`);
}

function sendXml(response: ServerResponse, status: number, document: string): void {
  const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${document}`);
  response.writeHead(status, { 'content-type': 'application/xml', 'content-length': String(body.length), 'x-amz-request-id': crypto.randomUUID() }).end(body);
}
