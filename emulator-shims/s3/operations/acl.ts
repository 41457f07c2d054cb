/** Get/PutBucketAcl and Get/PutObjectAcl: the owner's FULL_CONTROL, as for every bucket with ACLs disabled. */
import { AwsError, readBody } from '../../shared/index.js';
import type { S3Operation } from '../operation.js';
import { canonicalId } from '../owner.js';
import { checkKey } from '../validation.js';
import { element, parseXml, xmlDocument } from '../xml.js';

const CANNED = new Set(['private', 'public-read', 'public-read-write', 'authenticated-read', 'aws-exec-read', 'bucket-owner-read', 'bucket-owner-full-control', 'log-delivery-write']);

export const getAcl: S3Operation = (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  if (call.key !== undefined) call.store.object(bucket, checkKey(call.key));
  const id = canonicalId(bucket.record.accountId);
  const owner = `${element('ID', id)}${element('DisplayName', bucket.record.accountId)}`;
  return {
    body: xmlDocument('AccessControlPolicy',
      `<Owner>${owner}</Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">${owner}</Grantee>` +
      '<Permission>FULL_CONTROL</Permission></Grant></AccessControlList>'),
  };
};

/**
 * Accepts an ACL that changes nothing (private, bucket-owner-full-control, or a well-formed document);
 * others are refused as S3 refuses them on a bucket whose Object Ownership is BucketOwnerEnforced.
 */
export const putAcl: S3Operation = async (call) => {
  const bucket = call.store.bucket(call.bucket ?? '');
  if (call.key !== undefined) call.store.object(bucket, checkKey(call.key));
  const canned = call.header('x-amz-acl');
  const body = (await readBody(call.request, 64 * 1024)).toString('utf8');
  if (canned !== undefined && !CANNED.has(canned)) throw new AwsError('InvalidArgument', '', 400, { ArgumentName: 'x-amz-acl', ArgumentValue: canned.slice(0, 64) });
  if (body.trim() !== '') parseXml(body, 'AccessControlPolicy');
  if (canned !== undefined && canned !== 'private' && canned !== 'bucket-owner-full-control' && bucket.record.settings.ownershipControls?.includes('BucketOwnerEnforced')) {
    throw new AwsError('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400);
  }
  return {};
};
