import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { DeliveryStreamDescription } from '@aws-sdk/client-firehose';
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { GetRoleCommand, GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { GetFunctionCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import {
  GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand, GetBucketOwnershipControlsCommand, GetBucketPolicyCommand,
  GetPublicAccessBlockCommand, HeadBucketCommand,
} from '@aws-sdk/client-s3';
import type { DesiredPipeline } from './desired.js';
import { readLiveLayers, type LiveLayer } from './live-layers.js';
import type { PolicyDocument } from './policies.js';
import type { Target } from './target.js';

export interface LiveBucket {
  name: string;
  encryption?: { algorithm: string; kmsKeyArn: string | null };
  publicAccessBlocked: boolean;
  ownership?: string;
  policy?: PolicyDocument;
  lifecycle: { prefix: string; expireDays: number }[];
}

export interface LiveRole {
  name: string;
  trust?: PolicyDocument;
  policy?: PolicyDocument;
}

export interface LivePipeline {
  bucket?: LiveBucket;
  logGroups?: { name: string; retentionDays?: number }[];
  roles?: LiveRole[];
  stream?: { name: string; shards: number; retentionHours: number; status: string; mode?: string; encryption?: boolean };
  transform?: FunctionConfiguration;
  /** The newest version of each layer the project owns. */
  layers?: LiveLayer[];
  deliveryStream?: DeliveryStreamDescription;
}

/** Reads what exists now, through the same Describe/Get calls on any target. */
export async function readLivePipeline(target: Target, desired: DesiredPipeline): Promise<LivePipeline> {
  const { kinesis, lambda, firehose } = target.clients;
  const [bucket, logGroups, roles, stream, transform, layers, deliveryStream] = await Promise.all([
    readBucket(target, desired.bucket.name),
    readLogGroups(target, desired),
    target.manageIam ? Promise.all(desired.roles.map((role) => readRole(target, role.name, role.policyName))) : Promise.resolve([] as (LiveRole | undefined)[]),
    absentOnNotFound(async () => {
      const { StreamDescriptionSummary: summary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: desired.stream.name }));
      return {
        name: desired.stream.name,
        shards: summary?.OpenShardCount ?? 0,
        retentionHours: summary?.RetentionPeriodHours ?? 24,
        status: summary?.StreamStatus ?? 'UNKNOWN',
        mode: summary?.StreamModeDetails?.StreamMode ?? 'PROVISIONED',
        encryption: summary?.EncryptionType === 'KMS',
      };
    }),
    absentOnNotFound(async () => (await lambda.send(new GetFunctionCommand({ FunctionName: desired.transform.name }))).Configuration),
    readLiveLayers(target, desired),
    absentOnNotFound(
      async () => (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: desired.deliveryStream.name }))).DeliveryStreamDescription,
    ),
  ]);
  return { bucket, logGroups, roles: roles.filter((role): role is LiveRole => role !== undefined), stream, transform, layers, deliveryStream };
}

async function readBucket(target: Target, name: string): Promise<LiveBucket | undefined> {
  const { s3 } = target.clients;
  const exists = await absentOnNotFound(async () => s3.send(new HeadBucketCommand({ Bucket: name })));
  if (!exists) return undefined;
  const [encryption, publicAccess, ownership, policy, lifecycle] = await Promise.all([
    absentOnNotFound(async () => (await s3.send(new GetBucketEncryptionCommand({ Bucket: name }))).ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault),
    absentOnNotFound(async () => (await s3.send(new GetPublicAccessBlockCommand({ Bucket: name }))).PublicAccessBlockConfiguration),
    absentOnNotFound(async () => (await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: name }))).OwnershipControls?.Rules?.[0]?.ObjectOwnership),
    absentOnNotFound(async () => (await s3.send(new GetBucketPolicyCommand({ Bucket: name }))).Policy),
    absentOnNotFound(async () => (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: name }))).Rules),
  ]);
  return {
    name,
    encryption: encryption ? { algorithm: encryption.SSEAlgorithm ?? 'AES256', kmsKeyArn: encryption.KMSMasterKeyID ?? null } : undefined,
    publicAccessBlocked: Boolean(publicAccess?.BlockPublicAcls && publicAccess.BlockPublicPolicy && publicAccess.IgnorePublicAcls && publicAccess.RestrictPublicBuckets),
    ownership: ownership ?? undefined,
    policy: policy ? (JSON.parse(policy) as PolicyDocument) : undefined,
    lifecycle: (lifecycle ?? []).map((rule) => ({ prefix: rule.Filter?.Prefix ?? rule.Prefix ?? '', expireDays: rule.Expiration?.Days ?? 0 })),
  };
}

async function readLogGroups(target: Target, desired: DesiredPipeline): Promise<{ name: string; retentionDays?: number }[]> {
  const found: { name: string; retentionDays?: number }[] = [];
  for (const { name } of desired.logGroups) {
    const { logGroups = [] } = await target.clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    const group = logGroups.find((candidate) => candidate.logGroupName === name);
    if (group) found.push({ name, retentionDays: group.retentionInDays });
  }
  return found;
}

async function readRole(target: Target, name: string, policyName: string): Promise<LiveRole | undefined> {
  const role = await absentOnNotFound(async () => (await target.clients.iam.send(new GetRoleCommand({ RoleName: name }))).Role);
  if (!role) return undefined;
  const policy = await absentOnNotFound(async () => (await target.clients.iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }))).PolicyDocument);
  // IAM returns policy documents URL-encoded.
  const decode = (text: string | undefined) => (text ? (JSON.parse(decodeURIComponent(text)) as PolicyDocument) : undefined);
  return { name, trust: decode(role.AssumeRolePolicyDocument), policy: decode(policy) };
}

const NOT_FOUND = new Set([
  'NotFound', 'NoSuchBucket', 'ResourceNotFoundException', 'NoSuchEntity', 'NoSuchEntityException',
  'ServerSideEncryptionConfigurationNotFoundError', 'NoSuchPublicAccessBlockConfiguration', 'OwnershipControlsNotFoundError',
  'NoSuchBucketPolicy', 'NoSuchLifecycleConfiguration', 'NoSuchTagSet',
]);

export async function absentOnNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    const name = (error as { name?: string; Code?: string }).name ?? '';
    const code = (error as { Code?: string }).Code ?? '';
    if (NOT_FOUND.has(name) || NOT_FOUND.has(code)) return undefined;
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 && name !== 'NotImplemented') return undefined;
    throw error;
  }
}
