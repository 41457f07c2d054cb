/** Pure: the S3 operation a request calls, from its method, target, query and headers; never the body. */
import { hostBucket, type S3Target } from './request-line.js';

type Headers = Record<string, string | string[] | undefined>;

/** What the edge knows of a request when it matches fault rules (its path is already parsed). */
export interface S3RequestLine {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
}

// Bucket sub-resources whose Get/Put/Delete operation names follow `<Verb>Bucket<Name>`.
const SUBRESOURCE_NAMES: Record<string, string> = {
  acl: 'Acl', cors: 'Cors', encryption: 'Encryption', lifecycle: 'LifecycleConfiguration', logging: 'Logging',
  notification: 'NotificationConfiguration', ownershipControls: 'OwnershipControls', policy: 'Policy', publicAccessBlock: 'PublicAccessBlock',
  replication: 'Replication', tagging: 'Tagging', versioning: 'Versioning', website: 'Website', accelerate: 'AccelerateConfiguration',
  requestPayment: 'RequestPayment',
};

export function operationName(method: string, target: Pick<S3Target, 'bucket' | 'key' | 'query'>, headers: Headers): string | undefined {
  const { bucket, key, query } = target;
  if (method === 'OPTIONS') return 'PreflightRequest';
  if (!bucket) return method === 'GET' ? 'ListBuckets' : undefined;
  if (!key) return bucketOperation(method, query, headers);
  const upload = query.has('uploadId');
  const copy = header(headers, 'x-amz-copy-source') !== undefined;
  switch (method) {
    case 'PUT':
      if (upload || query.has('partNumber')) return copy ? 'UploadPartCopy' : 'UploadPart';
      if (query.has('tagging')) return 'PutObjectTagging';
      if (query.has('acl')) return 'PutObjectAcl';
      return copy ? 'CopyObject' : 'PutObject';
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

function bucketOperation(method: string, query: URLSearchParams, headers: Headers): string | undefined {
  const sub = Object.keys(SUBRESOURCE_NAMES).find((name) => query.has(name)) ?? (query.has('object-lock') ? 'object-lock' : query.has('location') ? 'location' : undefined);
  if (sub !== undefined) {
    // S3 names these irregularly.
    if (sub === 'location') return method === 'GET' ? 'GetBucketLocation' : undefined;
    if (sub === 'object-lock') return ({ GET: 'GetObjectLockConfiguration', PUT: 'PutObjectLockConfiguration' } as Record<string, string>)[method];
    const verb = ({ GET: 'Get', PUT: 'Put', DELETE: 'Delete' } as Record<string, string>)[method];
    return verb ? `${verb}Bucket${SUBRESOURCE_NAMES[sub]}` : undefined;
  }
  if (method === 'POST' && query.has('delete')) return 'DeleteObjects';
  if (method === 'GET' && query.has('uploads')) return 'ListMultipartUploads';
  if (method === 'GET' && query.has('versions')) return 'ListObjectVersions';
  if (method === 'GET') return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
  if (method === 'POST') return String(header(headers, 'content-type') ?? '').toLowerCase().startsWith('multipart/form-data') ? 'PostObject' : undefined;
  return ({ PUT: 'CreateBucket', DELETE: 'DeleteBucket', HEAD: 'HeadBucket' } as Record<string, string>)[method];
}

/**
 * For fault rules at the edge: the operation of a request whose path the edge has already parsed.
 * Lenient (a path that does not decode still gets a name), since nothing is stored from it.
 */
export function s3Operation(input: S3RequestLine): string | undefined {
  return operationName(input.method, { ...s3Target(input), query: input.query }, input.headers);
}

/** Pure: bucket and key of a request, path-style or virtual-host-style; lenient decoding. */
export function s3Target(input: Pick<S3RequestLine, 'path' | 'headers'>): { bucket?: string; key?: string } {
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const fromHost = hostBucket(input.headers);
  if (fromHost !== undefined) {
    const key = input.path.slice(1);
    return { bucket: fromHost, ...(key ? { key: decode(key) } : {}) };
  }
  const slash = input.path.indexOf('/', 1);
  const bucket = slash < 0 ? input.path.slice(1) : input.path.slice(1, slash);
  const key = slash < 0 ? '' : input.path.slice(slash + 1);
  return { ...(bucket ? { bucket: decode(bucket) } : {}), ...(key ? { key: decode(key) } : {}) };
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
