import { DeleteLogGroupCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DeleteDeliveryStreamCommand, DescribeDeliveryStreamCommand, ListTagsForDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import {
  DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, ListRoleTagsCommand,
} from '@aws-sdk/client-iam';
import { DeleteStreamCommand, DescribeStreamSummaryCommand, ListTagsForStreamCommand } from '@aws-sdk/client-kinesis';
import { DeleteFunctionCommand, ListTagsCommand } from '@aws-sdk/client-lambda';
import { DeleteBucketCommand, DeleteObjectsCommand, GetBucketTaggingCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { DesiredPipeline } from './desired.js';
import { deleteLayerVersions } from './apply-layers.js';
import { absentOnNotFound, type LivePipeline } from './live.js';
import type { Target } from './target.js';
import { waitUntil } from './wait.js';

export interface DestroyOptions {
  /** Delete the bucket's objects too; otherwise a non-empty bucket is kept. */
  emptyBucket?: boolean;
  log?: (line: string) => void;
}

export interface DestroyReport {
  deleted: string[];
  /** What was left in place, with the reason. */
  kept: string[];
}

/**
 * Removes the pipeline in reverse dependency order. Only resources tagged
 * `hosepipe:pipeline=<name>` are touched; a bucket with objects is kept unless asked.
 */
export async function destroyPipeline(target: Target, desired: DesiredPipeline, live: LivePipeline, options: DestroyOptions = {}): Promise<DestroyReport> {
  const log = options.log ?? (() => {});
  const report: DestroyReport = { deleted: [], kept: [] };
  const { s3, kinesis, lambda, firehose, iam, logs } = target.clients;
  const wait = { timeoutMs: target.waitTimeoutMs, intervalMs: target.pollIntervalMs };
  const [tagKey, tagValue] = Object.entries(desired.tags)[0]!;
  const ours = (tags: Record<string, string | undefined>) => tags[tagKey] === tagValue;
  const remove = async (label: string, tags: () => Promise<Record<string, string | undefined>>, deleteIt: () => Promise<void>): Promise<void> => {
    if (!ours(await tags())) {
      log(`keeping ${label}: not tagged ${tagKey}=${tagValue}`);
      report.kept.push(`${label} (not tagged ${tagKey}=${tagValue})`);
      return;
    }
    log(`deleting ${label}`);
    await deleteIt();
    report.deleted.push(label);
  };
  const pairs = (list: { Key?: string; Value?: string }[] | undefined) => Object.fromEntries((list ?? []).map((tag) => [tag.Key ?? '', tag.Value]));

  if (live.deliveryStream) {
    const name = desired.deliveryStream.name;
    await remove(`deliveryStream ${name}`, async () => pairs((await firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: name }))).Tags), async () => {
      await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: name }));
      await waitUntil(`delivery stream ${name} to be deleted`, () => gone(() => firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))), wait);
    });
  }
  if (live.transform) {
    const name = desired.transform.name;
    await remove(`function ${name}`, async () => (await lambda.send(new ListTagsCommand({ Resource: desired.names.functionArn }))).Tags ?? {}, async () => {
      await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    });
  }
  if ((live.layers ?? []).some((layer) => layer.latest !== undefined)) {
    const layers = await deleteLayerVersions(target, desired);
    for (const line of layers.deleted) log(`deleted ${line}`);
    report.deleted.push(...layers.deleted);
    report.kept.push(...layers.kept);
  }
  if (live.stream) {
    const name = desired.stream.name;
    await remove(`stream ${name}`, async () => pairs((await kinesis.send(new ListTagsForStreamCommand({ StreamName: name }))).Tags), async () => {
      await kinesis.send(new DeleteStreamCommand({ StreamName: name }));
      await waitUntil(`Kinesis stream ${name} to be deleted`, () => gone(() => kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))), wait);
    });
  }
  for (const role of live.roles ?? []) {
    await remove(`role ${role.name}`, async () => pairs((await iam.send(new ListRoleTagsCommand({ RoleName: role.name }))).Tags), async () => {
      // IAM refuses to delete a role that still has policies.
      for (const policyName of (await iam.send(new ListRolePoliciesCommand({ RoleName: role.name }))).PolicyNames ?? []) {
        await iam.send(new DeleteRolePolicyCommand({ RoleName: role.name, PolicyName: policyName }));
      }
      for (const attached of (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role.name }))).AttachedPolicies ?? []) {
        await iam.send(new DetachRolePolicyCommand({ RoleName: role.name, PolicyArn: attached.PolicyArn }));
      }
      await iam.send(new DeleteRoleCommand({ RoleName: role.name }));
    });
  }
  for (const group of live.logGroups ?? []) {
    const arn = `arn:${desired.names.partition}:logs:${target.placement.region}:${target.placement.accountId}:log-group:${group.name}`;
    await remove(`logGroup ${group.name}`, async () => (await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags ?? {}, async () => {
      await logs.send(new DeleteLogGroupCommand({ logGroupName: group.name }));
    });
  }
  if (live.bucket) {
    const bucket = desired.bucket.name;
    const tags = pairs(await absentOnNotFound(async () => (await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet));
    if (!ours(tags)) {
      log(`keeping bucket ${bucket}: not tagged ${tagKey}=${tagValue}`);
      report.kept.push(`bucket ${bucket} (not tagged ${tagKey}=${tagValue})`);
      return report;
    }
    const objects = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }));
    if ((objects.KeyCount ?? 0) > 0 && !options.emptyBucket) {
      log(`keeping bucket ${bucket}: it holds objects (pass --empty-bucket to delete them)`);
      report.kept.push(`bucket ${bucket} (holds objects; --empty-bucket deletes them)`);
      return report;
    }
    for (;;) {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1000 }));
      const keys = (page.Contents ?? []).map((object) => ({ Key: object.Key ?? '' }));
      if (keys.length === 0) break;
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
    }
    log(`deleting bucket ${bucket}`);
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    report.deleted.push(`bucket ${bucket}`);
  }
  return report;
}

async function gone(describe: () => Promise<unknown>): Promise<boolean> {
  try {
    await describe();
    return false;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return true;
    throw error;
  }
}
