/** What the S3 front looks at to name an operation: never the body. */
export interface S3RequestLine {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

// Bucket sub-resources whose Get/Put/Delete operation names follow `<Verb>Bucket<Name>`.
const BUCKET_SUBRESOURCES: Record<string, string> = {
  acl: 'Acl', cors: 'Cors', encryption: 'Encryption', lifecycle: 'LifecycleConfiguration', location: 'Location',
  logging: 'Logging', notification: 'NotificationConfiguration', ownershipControls: 'OwnershipControls', policy: 'Policy',
  publicAccessBlock: 'PublicAccessBlock', replication: 'Replication', tagging: 'Tagging', versioning: 'Versioning',
  website: 'Website', accelerate: 'AccelerateConfiguration', requestPayment: 'RequestPayment', 'object-lock': 'ObjectLockConfiguration',
};

/** Pure: the S3 operation a request calls, from its method, path, query and headers alone. */
export function s3Operation(input: S3RequestLine): string | undefined {
  const { method, query } = input;
  const { bucket, key } = s3Target(input);
  if (!bucket) return method === 'GET' ? 'ListBuckets' : undefined;
  if (!key) {
    const sub = Object.keys(BUCKET_SUBRESOURCES).find((name) => query.has(name));
    if (sub) {
      const verb = ({ GET: 'Get', PUT: 'Put', DELETE: 'Delete' } as Record<string, string>)[method];
      // S3 names these two irregularly.
      if (sub === 'location') return 'GetBucketLocation';
      if (sub === 'object-lock' && method === 'PUT') return 'PutObjectLockConfiguration';
      if (sub === 'object-lock') return 'GetObjectLockConfiguration';
      return verb ? `${verb}Bucket${BUCKET_SUBRESOURCES[sub]}` : undefined;
    }
    if (method === 'POST' && query.has('delete')) return 'DeleteObjects';
    if (method === 'GET' && query.has('uploads')) return 'ListMultipartUploads';
    if (method === 'GET' && query.has('versions')) return 'ListObjectVersions';
    if (method === 'GET') return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    return ({ PUT: 'CreateBucket', DELETE: 'DeleteBucket', HEAD: 'HeadBucket', POST: 'PostObject' } as Record<string, string>)[method];
  }
  const upload = query.has('uploadId');
  switch (method) {
    case 'PUT':
      if (upload) return header(input.headers, 'x-amz-copy-source') ? 'UploadPartCopy' : 'UploadPart';
      if (query.has('tagging')) return 'PutObjectTagging';
      if (query.has('acl')) return 'PutObjectAcl';
      return header(input.headers, 'x-amz-copy-source') ? 'CopyObject' : 'PutObject';
    case 'GET':
      if (upload) return 'ListParts';
      if (query.has('tagging')) return 'GetObjectTagging';
      if (query.has('acl')) return 'GetObjectAcl';
      if (query.has('attributes')) return 'GetObjectAttributes';
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      if (upload) return 'AbortMultipartUpload';
      return query.has('tagging') ? 'DeleteObjectTagging' : 'DeleteObject';
    case 'POST':
      if (query.has('uploads')) return 'CreateMultipartUpload';
      if (upload) return 'CompleteMultipartUpload';
      if (query.has('restore')) return 'RestoreObject';
      return undefined;
    default:
      return undefined;
  }
}

/** Pure: bucket and key of an S3 request, path-style or virtual-host-style (`bucket.s3.…`, `bucket.localhost`). */
export function s3Target(input: Pick<S3RequestLine, 'path' | 'headers'>): { bucket?: string; key?: string } {
  const host = (header(input.headers, 'host') ?? '').split(':')[0] ?? '';
  const hosted = /^(.+?)\.(?:s3[.-][^]*|s3|localhost(?:\.localstack\.cloud)?)$/.exec(host)?.[1];
  const segments = input.path.split('/').slice(1);
  if (hosted && !/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
    const key = segments.join('/');
    return { bucket: hosted, ...(key ? { key: decodeURIComponent(key) } : {}) };
  }
  const [bucket, ...rest] = segments;
  const key = rest.join('/');
  return { ...(bucket ? { bucket: decodeURIComponent(bucket) } : {}), ...(key ? { key: decodeURIComponent(key) } : {}) };
}

function header(headers: S3RequestLine['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
