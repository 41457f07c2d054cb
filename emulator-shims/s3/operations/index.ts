/** Every S3 operation hosepipe answers, by AWS name: `ls operations/` lists what is emulated. */
import type { S3Operation } from '../operation.js';
import { abortMultipartUpload } from './abort-multipart-upload.js';
import { getAcl, putAcl } from './acl.js';
import { deleteBucketSetting, getBucketSetting, putBucketSetting } from './bucket-setting.js';
import { completeMultipartUpload } from './complete-multipart-upload.js';
import { copyObject } from './copy-object.js';
import { createBucket } from './create-bucket.js';
import { createMultipartUpload } from './create-multipart-upload.js';
import { deleteBucket } from './delete-bucket.js';
import { deleteObject } from './delete-object.js';
import { deleteObjects } from './delete-objects.js';
import { getBucketLocation } from './get-bucket-location.js';
import { getObject, headObject } from './get-object.js';
import { headBucket } from './head-bucket.js';
import { listBuckets } from './list-buckets.js';
import { listMultipartUploads } from './list-multipart-uploads.js';
import { listObjectVersions } from './list-object-versions.js';
import { listObjects, listObjectsV2 } from './list-objects.js';
import { listParts } from './list-parts.js';
import { deleteObjectTagging, getObjectTagging, putObjectTagging } from './object-tagging.js';
import { postObject } from './post-object.js';
import { putObject } from './put-object.js';
import { uploadPart } from './upload-part.js';
import { uploadPartCopy } from './upload-part-copy.js';

// Bucket settings served by one table (bucket-settings.ts), by the operation-name suffix S3 uses.
const SETTING_OPERATIONS = ['Cors', 'Encryption', 'LifecycleConfiguration', 'Logging', 'NotificationConfiguration', 'OwnershipControls', 'Policy',
  'PublicAccessBlock', 'Replication', 'Tagging', 'Versioning', 'Website', 'AccelerateConfiguration', 'RequestPayment'];

export const OPERATIONS: ReadonlyMap<string, S3Operation> = new Map<string, S3Operation>([
  ['AbortMultipartUpload', abortMultipartUpload],
  ['CompleteMultipartUpload', completeMultipartUpload],
  ['CopyObject', copyObject],
  ['CreateBucket', createBucket],
  ['CreateMultipartUpload', createMultipartUpload],
  ['DeleteBucket', deleteBucket],
  ['DeleteObject', deleteObject],
  ['DeleteObjects', deleteObjects],
  ['DeleteObjectTagging', deleteObjectTagging],
  ['GetBucketAcl', getAcl],
  ['GetBucketLocation', getBucketLocation],
  ['GetObject', getObject],
  ['GetObjectAcl', getAcl],
  ['GetObjectLockConfiguration', getBucketSetting],
  ['GetObjectTagging', getObjectTagging],
  ['HeadBucket', headBucket],
  ['HeadObject', headObject],
  ['ListBuckets', listBuckets],
  ['ListMultipartUploads', listMultipartUploads],
  ['ListObjects', listObjects],
  ['ListObjectsV2', listObjectsV2],
  ['ListObjectVersions', listObjectVersions],
  ['ListParts', listParts],
  ['PostObject', postObject],
  ['PutBucketAcl', putAcl],
  ['PutObject', putObject],
  ['PutObjectAcl', putAcl],
  ['PutObjectLockConfiguration', putBucketSetting],
  ['PutObjectTagging', putObjectTagging],
  ['UploadPart', uploadPart],
  ['UploadPartCopy', uploadPartCopy],
  ...SETTING_OPERATIONS.flatMap((name): [string, S3Operation][] => [
    [`GetBucket${name}`, getBucketSetting], [`PutBucket${name}`, putBucketSetting], [`DeleteBucket${name}`, deleteBucketSetting],
  ]),
]);
