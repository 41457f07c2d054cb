import {
  CreateBucketCommand, PutBucketEncryptionCommand, PutBucketLifecycleConfigurationCommand, PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand, PutBucketTaggingCommand, PutPublicAccessBlockCommand, DeleteBucketLifecycleCommand, type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import type { DesiredPipeline } from './desired.js';
import type { Change } from './plan.js';
import type { Target } from './target.js';

type BucketSetting = NonNullable<NonNullable<Change['update']>['bucketSettings']>[number];
const ALL_SETTINGS: BucketSetting[] = ['encryption', 'publicAccessBlock', 'ownership', 'policy', 'lifecycle'];

export async function createBucket(target: Target, desired: DesiredPipeline): Promise<void> {
  const { s3 } = target.clients;
  const region = target.placement.region;
  // us-east-1 is the one region that rejects an explicit LocationConstraint.
  const configuration = region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint };
  await s3.send(new CreateBucketCommand({ Bucket: desired.bucket.name, CreateBucketConfiguration: configuration, ObjectOwnership: 'BucketOwnerEnforced' }));
  await s3.send(new PutBucketTaggingCommand({
    Bucket: desired.bucket.name,
    Tagging: { TagSet: Object.entries(desired.tags).map(([Key, Value]) => ({ Key, Value })) },
  }));
  await applyBucketSettings(target, desired, ALL_SETTINGS);
}

/** Encryption, Block Public Access, BucketOwnerEnforced, the TLS-only policy and lifecycle rules. */
export async function applyBucketSettings(target: Target, desired: DesiredPipeline, settings: BucketSetting[]): Promise<void> {
  const { s3 } = target.clients;
  const Bucket = desired.bucket.name;
  const { encryption } = desired.bucket;
  for (const setting of settings) {
    switch (setting) {
      case 'encryption':
        await s3.send(new PutBucketEncryptionCommand({
          Bucket,
          ServerSideEncryptionConfiguration: {
            Rules: [{
              ApplyServerSideEncryptionByDefault: encryption.kmsKeyArn ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: encryption.kmsKeyArn } : { SSEAlgorithm: 'AES256' },
              BucketKeyEnabled: Boolean(encryption.kmsKeyArn),
            }],
          },
        }));
        break;
      case 'publicAccessBlock':
        await s3.send(new PutPublicAccessBlockCommand({
          Bucket,
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        }));
        break;
      case 'ownership':
        await s3.send(new PutBucketOwnershipControlsCommand({ Bucket, OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
        break;
      case 'policy':
        await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(desired.bucket.policy) }));
        break;
      case 'lifecycle':
        if (desired.bucket.lifecycle.length === 0) {
          await s3.send(new DeleteBucketLifecycleCommand({ Bucket }));
          break;
        }
        await s3.send(new PutBucketLifecycleConfigurationCommand({
          Bucket,
          LifecycleConfiguration: {
            Rules: desired.bucket.lifecycle.map((rule, index) => ({
              ID: `hosepipe-${index + 1}`, Status: 'Enabled', Filter: { Prefix: rule.prefix }, Expiration: { Days: rule.expireDays },
            })),
          },
        }));
        break;
    }
  }
}
