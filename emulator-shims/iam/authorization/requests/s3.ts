import { ask, header, type RequestFacts } from './request-line.js';
import type { AuthorizationRequest } from '../../../shared/index.js';

// Bucket-level operations and the action each needs (the Service Authorization Reference's names, which
// differ from the operations': Delete* of a setting is its Put* action).
const BUCKET_ACTIONS: Record<string, string> = {
  CreateBucket: 's3:CreateBucket', DeleteBucket: 's3:DeleteBucket', HeadBucket: 's3:ListBucket', ListObjects: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket', ListObjectVersions: 's3:ListBucketVersions', ListMultipartUploads: 's3:ListBucketMultipartUploads',
  GetBucketLocation: 's3:GetBucketLocation', GetBucketPolicy: 's3:GetBucketPolicy', PutBucketPolicy: 's3:PutBucketPolicy',
  DeleteBucketPolicy: 's3:DeleteBucketPolicy', GetBucketTagging: 's3:GetBucketTagging', PutBucketTagging: 's3:PutBucketTagging',
  DeleteBucketTagging: 's3:PutBucketTagging', GetBucketEncryption: 's3:GetEncryptionConfiguration',
  PutBucketEncryption: 's3:PutEncryptionConfiguration', DeleteBucketEncryption: 's3:PutEncryptionConfiguration',
  GetBucketPublicAccessBlock: 's3:GetBucketPublicAccessBlock', PutBucketPublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  DeleteBucketPublicAccessBlock: 's3:PutBucketPublicAccessBlock', GetBucketOwnershipControls: 's3:GetBucketOwnershipControls',
  PutBucketOwnershipControls: 's3:PutBucketOwnershipControls', DeleteBucketOwnershipControls: 's3:PutBucketOwnershipControls',
  GetBucketLifecycleConfiguration: 's3:GetLifecycleConfiguration', PutBucketLifecycleConfiguration: 's3:PutLifecycleConfiguration',
  DeleteBucketLifecycleConfiguration: 's3:PutLifecycleConfiguration', GetBucketVersioning: 's3:GetBucketVersioning',
  PutBucketVersioning: 's3:PutBucketVersioning', GetBucketAcl: 's3:GetBucketAcl', PutBucketAcl: 's3:PutBucketAcl',
  GetBucketCors: 's3:GetBucketCORS', PutBucketCors: 's3:PutBucketCORS', DeleteBucketCors: 's3:PutBucketCORS',
  GetBucketWebsite: 's3:GetBucketWebsite', PutBucketWebsite: 's3:PutBucketWebsite', DeleteBucketWebsite: 's3:DeleteBucketWebsite',
  GetBucketLogging: 's3:GetBucketLogging', PutBucketLogging: 's3:PutBucketLogging',
  GetBucketNotificationConfiguration: 's3:GetBucketNotification', PutBucketNotificationConfiguration: 's3:PutBucketNotification',
  GetBucketReplication: 's3:GetReplicationConfiguration', PutBucketReplication: 's3:PutReplicationConfiguration',
  DeleteBucketReplication: 's3:PutReplicationConfiguration', GetBucketAccelerateConfiguration: 's3:GetAccelerateConfiguration',
  PutBucketAccelerateConfiguration: 's3:PutAccelerateConfiguration', GetBucketRequestPayment: 's3:GetBucketRequestPayment',
  PutBucketRequestPayment: 's3:PutBucketRequestPayment', GetObjectLockConfiguration: 's3:GetBucketObjectLockConfiguration',
  PutObjectLockConfiguration: 's3:PutBucketObjectLockConfiguration',
};

const OBJECT_ACTIONS: Record<string, string> = {
  PutObject: 's3:PutObject', CopyObject: 's3:PutObject', UploadPart: 's3:PutObject', UploadPartCopy: 's3:PutObject',
  CreateMultipartUpload: 's3:PutObject', CompleteMultipartUpload: 's3:PutObject', GetObject: 's3:GetObject', HeadObject: 's3:GetObject',
  GetObjectAttributes: 's3:GetObjectAttributes', DeleteObject: 's3:DeleteObject', GetObjectTagging: 's3:GetObjectTagging',
  PutObjectTagging: 's3:PutObjectTagging', DeleteObjectTagging: 's3:DeleteObjectTagging', GetObjectAcl: 's3:GetObjectAcl',
  PutObjectAcl: 's3:PutObjectAcl', AbortMultipartUpload: 's3:AbortMultipartUpload', ListParts: 's3:ListMultipartUploadParts',
  RestoreObject: 's3:RestoreObject',
};

// Request headers S3 offers as condition keys (`s3:<header>`).
const HEADER_KEYS = [
  'x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id', 'x-amz-acl', 'x-amz-storage-class',
  'x-amz-copy-source', 'x-amz-metadata-directive', 'x-amz-content-sha256', 'x-amz-website-redirect-location',
];

export interface S3Facts extends RequestFacts {
  bucket?: string;
  key?: string;
  /** DeleteObjects: the keys its body names. */
  deleteKeys?: string[];
}

/**
 * S3 operations → their IAM actions on `arn:aws:s3:::<bucket>` or `arn:aws:s3:::<bucket>/<key>`, with the
 * request's S3 condition keys; CopyObject and UploadPartCopy also need s3:GetObject on the source, and
 * DeleteObjects s3:DeleteObject on every key it names.
 */
export function s3Requests(facts: S3Facts): AuthorizationRequest[] | undefined {
  const { operation, bucket, key, scope } = facts;
  if (operation === 'ListBuckets') return [ask('s3:ListAllMyBuckets', '*', scope)];
  if (bucket === undefined) return undefined;
  const context = conditionKeys(facts);
  const bucketArn = `arn:aws:s3:::${bucket}`;
  if (operation === 'DeleteObjects') return (facts.deleteKeys ?? []).map((name) => ask('s3:DeleteObject', `${bucketArn}/${name}`, scope, context));
  const bucketAction = BUCKET_ACTIONS[operation];
  if (bucketAction) return [ask(bucketAction, bucketArn, scope, context)];
  const objectAction = OBJECT_ACTIONS[operation];
  if (!objectAction || key === undefined) return undefined;
  const requests = [ask(objectAction, `${bucketArn}/${key}`, scope, context)];
  const source = header(facts.headers, 'x-amz-copy-source');
  if (source && (operation === 'CopyObject' || operation === 'UploadPartCopy')) {
    const path = decodeURIComponent(source.split('?')[0]!.replace(/^\//, ''));
    requests.push(ask('s3:GetObject', `arn:aws:s3:::${path}`, scope));
  }
  return requests;
}

function conditionKeys(facts: S3Facts): Record<string, string> {
  const context: Record<string, string> = {
    's3:authType': facts.query.has('X-Amz-Credential') ? 'REST-QUERY-STRING' : 'REST-HEADER',
    's3:signatureversion': 'AWS4-HMAC-SHA256',
  };
  for (const name of HEADER_KEYS) {
    const value = header(facts.headers, name);
    if (value !== undefined) context[`s3:${name}`] = value;
  }
  for (const name of ['prefix', 'delimiter', 'max-keys']) {
    const value = facts.query.get(name);
    if (value !== null) context[`s3:${name}`] = value;
  }
  return context;
}
