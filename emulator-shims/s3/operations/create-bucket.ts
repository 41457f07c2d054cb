import { readBody } from '../../shared/index.js';
import { illegalLocationConstraint, invalidLocationConstraint, malformedXml } from '../errors.js';
import type { S3Operation } from '../operation.js';
import { SETTINGS } from '../bucket-settings.js';
import { checkBucketName, locationRegion } from '../validation.js';
import { parseXml, S3_NAMESPACE, textOf } from '../xml.js';

const OWNERSHIP = new Set(['BucketOwnerPreferred', 'ObjectWriter', 'BucketOwnerEnforced']);

/**
 * CreateBucket: the bucket lives in the region its LocationConstraint names. The us-east-1 endpoint
 * takes any region; another region's endpoint takes only its own (IllegalLocationConstraintException),
 * and `us-east-1` is never a valid constraint (InvalidLocationConstraint), as on S3. New buckets get
 * S3's defaults since 2023: Object Ownership BucketOwnerEnforced and every Block Public Access setting on.
 */
export const createBucket: S3Operation = async (call) => {
  const name = checkBucketName(call.bucket ?? '');
  const body = (await readBody(call.request, 64 * 1024)).toString('utf8');
  const constraint = body.trim() === '' ? undefined : textOf(parseXml(body, 'CreateBucketConfiguration'), 'LocationConstraint');
  let region: string;
  if (constraint === undefined || constraint === '') {
    if (call.scope.region !== 'us-east-1') throw illegalLocationConstraint(undefined);
    region = 'us-east-1';
  } else {
    const named = locationRegion(constraint);
    if (named === undefined || constraint === 'us-east-1') throw invalidLocationConstraint(constraint);
    if (call.scope.region !== 'us-east-1' && named !== call.scope.region) throw illegalLocationConstraint(constraint);
    region = named;
  }
  const ownership = call.header('x-amz-object-ownership') ?? 'BucketOwnerEnforced';
  if (!OWNERSHIP.has(ownership)) throw malformedXml();
  const settings: Record<string, string> = {
    ownershipControls: `<OwnershipControls xmlns="${S3_NAMESPACE}"><Rule><ObjectOwnership>${ownership}</ObjectOwnership></Rule></OwnershipControls>`,
    publicAccessBlock: `<PublicAccessBlockConfiguration xmlns="${S3_NAMESPACE}"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>`,
  };
  for (const [setting, document] of Object.entries(settings)) SETTINGS[setting]!.validate(document, name);
  call.store.createBucket(call.scope, name, region, settings);
  return { headers: { location: `/${name}` } };
};
