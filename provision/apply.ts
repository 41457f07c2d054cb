import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, UpdateDestinationCommand } from '@aws-sdk/client-firehose';
import {
  AddTagsToStreamCommand, CreateStreamCommand, DecreaseStreamRetentionPeriodCommand, DescribeStreamSummaryCommand,
  IncreaseStreamRetentionPeriodCommand, UpdateShardCountCommand,
} from '@aws-sdk/client-kinesis';
import { CreateFunctionCommand, GetFunctionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketTaggingCommand, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import type { DesiredPipeline } from './desired.js';
import type { Change } from './plan.js';
import type { Target } from './target.js';
import { waitUntil } from './wait.js';

/** Applies a plan in dependency order, waiting for each resource to be usable before the next. */
export async function applyPlan(target: Target, desired: DesiredPipeline, plan: Change[], log: (line: string) => void = () => {}): Promise<void> {
  for (const change of plan) {
    if (change.action === 'none') continue;
    log(`${change.action === 'create' ? 'creating' : 'updating'} ${change.resource} ${change.name}`);
    switch (change.resource) {
      case 'bucket':
        await createBucket(target, desired);
        break;
      case 'stream':
        await (change.action === 'create' ? createStream(target, desired) : updateStream(target, desired, change));
        break;
      case 'function':
        await (change.action === 'create' ? createFunction(target, desired) : updateFunction(target, desired, change));
        break;
      case 'deliveryStream':
        await (change.action === 'create' ? createDeliveryStream(target, desired) : updateDeliveryStream(target, desired));
        break;
    }
  }
}

async function createBucket(target: Target, desired: DesiredPipeline): Promise<void> {
  const { s3 } = target.clients;
  const region = target.placement.region;
  // us-east-1 is the one region that rejects an explicit LocationConstraint.
  const configuration = region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint };
  await s3.send(new CreateBucketCommand({ Bucket: desired.bucket.name, CreateBucketConfiguration: configuration }));
  await s3.send(new PutBucketTaggingCommand({
    Bucket: desired.bucket.name,
    Tagging: { TagSet: Object.entries(desired.tags).map(([Key, Value]) => ({ Key, Value })) },
  }));
}

async function createStream(target: Target, desired: DesiredPipeline): Promise<void> {
  const { kinesis } = target.clients;
  const { name, shards, retentionHours } = desired.stream;
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await waitForStream(target, name);
  await kinesis.send(new AddTagsToStreamCommand({ StreamName: name, Tags: desired.tags }));
  if (retentionHours > 24) {
    await kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: retentionHours }));
    await waitForStream(target, name);
  }
}

async function updateStream(target: Target, desired: DesiredPipeline, change: Change): Promise<void> {
  const { kinesis } = target.clients;
  const name = desired.stream.name;
  if (change.update?.shards !== undefined) {
    await kinesis.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: change.update.shards, ScalingType: 'UNIFORM_SCALING' }));
    await waitForStream(target, name);
  }
  const hours = change.update?.retentionHours;
  if (hours !== undefined) {
    const summary = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary;
    const Command = hours > (summary?.RetentionPeriodHours ?? 24) ? IncreaseStreamRetentionPeriodCommand : DecreaseStreamRetentionPeriodCommand;
    await kinesis.send(new Command({ StreamName: name, RetentionPeriodHours: hours }));
    await waitForStream(target, name);
  }
}

async function waitForStream(target: Target, name: string): Promise<void> {
  await waitUntil(`Kinesis stream ${name} to become ACTIVE`, async () => {
    const summary = await target.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    return summary.StreamDescriptionSummary?.StreamStatus === 'ACTIVE';
  }, { timeoutMs: target.waitTimeoutMs, intervalMs: target.pollIntervalMs });
}

async function createFunction(target: Target, desired: DesiredPipeline): Promise<void> {
  const fn = desired.transform;
  await target.clients.lambda.send(new CreateFunctionCommand({
    FunctionName: fn.name,
    Runtime: fn.runtime as never,
    Handler: fn.handler,
    Role: fn.role,
    Code: { ZipFile: fn.zip },
    MemorySize: fn.memoryMB,
    Timeout: fn.timeoutSeconds,
    Environment: { Variables: fn.environment },
    Tags: desired.tags,
  }));
  await waitForFunction(target, fn.name);
}

async function updateFunction(target: Target, desired: DesiredPipeline, change: Change): Promise<void> {
  const { lambda } = target.clients;
  const fn = desired.transform;
  if (change.update?.code) {
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: fn.name, ZipFile: fn.zip }));
    await waitForFunction(target, fn.name);
  }
  if (change.update?.configuration) {
    await lambda.send(new UpdateFunctionConfigurationCommand({
      FunctionName: fn.name,
      Runtime: fn.runtime as never,
      Handler: fn.handler,
      MemorySize: fn.memoryMB,
      Timeout: fn.timeoutSeconds,
      Environment: { Variables: fn.environment },
    }));
    await waitForFunction(target, fn.name);
  }
}

async function waitForFunction(target: Target, name: string): Promise<void> {
  await waitUntil(`Lambda function ${name} to become Active`, async () => {
    const { Configuration } = await target.clients.lambda.send(new GetFunctionCommand({ FunctionName: name }));
    return (Configuration?.State ?? 'Active') === 'Active' && Configuration?.LastUpdateStatus !== 'InProgress';
  }, { timeoutMs: target.waitTimeoutMs, intervalMs: target.pollIntervalMs });
}

async function createDeliveryStream(target: Target, desired: DesiredPipeline): Promise<void> {
  await target.clients.firehose.send(new CreateDeliveryStreamCommand(desired.deliveryStream.input));
  await waitForDeliveryStream(target, desired.deliveryStream.name);
}

async function updateDeliveryStream(target: Target, desired: DesiredPipeline): Promise<void> {
  const { firehose } = target.clients;
  const name = desired.deliveryStream.name;
  const { DeliveryStreamDescription: description } = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
  // Dynamic partitioning is fixed at creation; the backup block is named differently in an update.
  const { DynamicPartitioningConfiguration: _fixedAtCreate, S3BackupConfiguration: backup, ...rest } = desired.deliveryStream.destination;
  await firehose.send(new UpdateDestinationCommand({
    DeliveryStreamName: name,
    CurrentDeliveryStreamVersionId: description?.VersionId,
    DestinationId: description?.Destinations?.[0]?.DestinationId ?? 'destinationId-000000000001',
    ExtendedS3DestinationUpdate: { ...rest, ...(backup ? { S3BackupUpdate: backup } : {}) },
  }));
  await waitForDeliveryStream(target, name);
}

async function waitForDeliveryStream(target: Target, name: string): Promise<void> {
  await waitUntil(`delivery stream ${name} to become ACTIVE`, async () => {
    const { DeliveryStreamDescription } = await target.clients.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
    const status = DeliveryStreamDescription?.DeliveryStreamStatus;
    if (status === 'CREATING_FAILED') throw new Error(`delivery stream ${name} failed to create: ${JSON.stringify(DeliveryStreamDescription?.FailureDescription)}`);
    return status === 'ACTIVE';
  }, { timeoutMs: target.waitTimeoutMs, intervalMs: target.pollIntervalMs });
}
