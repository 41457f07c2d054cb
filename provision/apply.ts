import { setTimeout as sleep } from 'node:timers/promises';
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, UpdateDestinationCommand } from '@aws-sdk/client-firehose';
import {
  AddTagsToStreamCommand, CreateStreamCommand, DecreaseStreamRetentionPeriodCommand, DescribeStreamSummaryCommand,
  IncreaseStreamRetentionPeriodCommand, StartStreamEncryptionCommand, StopStreamEncryptionCommand, UpdateShardCountCommand, UpdateStreamModeCommand,
} from '@aws-sdk/client-kinesis';
import { CreateFunctionCommand, GetFunctionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { applyBucketSettings, createBucket } from './apply-bucket.js';
import { keptLayerVersions, publishLayer, resolvedLayerArns } from './apply-layers.js';
import { applyLogGroup, applyRole } from './apply-iam.js';
import type { DesiredPipeline } from './desired.js';
import type { Change } from './plan.js';
import type { Target } from './target.js';
import { waitUntil } from './wait.js';

/** A plan holds a change AWS cannot make in place. */
export class ReplacementRequiredError extends Error {
  readonly changes: Change[];
  constructor(changes: Change[]) {
    super(`these changes force replacement, which deploy does not do on its own: ${changes.map((c) => `${c.resource} ${c.name} (${c.details[0]})`).join('; ')}. Run destroy, then deploy.`);
    this.name = 'ReplacementRequiredError';
    this.changes = changes;
  }
}

// Messages AWS gives while a new role has not reached Firehose yet (the same list Terraform retries on).
const IAM_PROPAGATION = /Access was denied|is not authorized to|unable to assume role|Verify that the IAM role has access/i;

/**
 * What each resource needs made first. The bucket goes first, alone: its name is global, so on AWS it is what a
 * first deploy most often fails on (BucketAlreadyExists), and then nothing else, a billed stream least of all, has
 * been made. A function needs its role, its layers and its log group; the delivery stream needs everything else
 * (its source stream ACTIVE, its role, bucket and function). So a function is made while its stream becomes ACTIVE
 * (on AWS that wait is tens of seconds; locally it was a twentieth of `make up`'s start).
 */
const NEEDS: Record<Change['resource'], readonly Change['resource'][]> = {
  bucket: [],
  logGroup: ['bucket'],
  role: ['bucket'],
  stream: ['bucket'],
  layer: ['bucket'],
  function: ['bucket', 'logGroup', 'role', 'layer'],
  deliveryStream: ['bucket', 'logGroup', 'role', 'stream', 'layer', 'function'],
};

/**
 * Applies a plan in dependency order, waiting for each resource to be usable before what needs it; a resource is
 * begun as soon as what it needs is made, so independent ones are made side by side, as Terraform makes them. A
 * failure ends the plan once everything begun has settled, with the first failed change's error in the plan's
 * order (the others are logged), so nothing is still being made when the caller hears of it; nothing that needs
 * a failed resource is begun.
 */
export async function applyPlan(target: Target, desired: DesiredPipeline, plan: Change[], log: (line: string) => void = () => {}): Promise<void> {
  const replacements = plan.filter((change) => change.action === 'replace');
  if (replacements.length > 0) throw new ReplacementRequiredError(replacements);
  // Layer name → the version the function is to use: kept ones from the plan, new ones as they are published.
  const layerVersions = keptLayerVersions(plan);
  const apply = async (change: Change): Promise<void> => {
    log(change.resource === 'layer' ? `publishing a version of layer ${change.name}` : `${change.action === 'create' ? 'creating' : 'updating'} ${change.resource} ${change.name}`);
    switch (change.resource) {
      case 'bucket':
        await (change.action === 'create' ? createBucket(target, desired) : applyBucketSettings(target, desired, change.update?.bucketSettings ?? []));
        break;
      case 'logGroup':
        await applyLogGroup(target, desired, desired.logGroups.find((group) => group.name === change.name)!, change);
        break;
      case 'role':
        await applyRole(target, desired, desired.roles.find((role) => role.name === change.name)!, change);
        break;
      case 'stream':
        await (change.action === 'create' ? createStream(target, desired) : updateStream(target, desired, change));
        break;
      case 'layer':
        layerVersions.set(change.name, await publishLayer(target, desired, change.name));
        break;
      case 'function': {
        const layers = resolvedLayerArns(desired, layerVersions);
        await (change.action === 'create' ? createFunction(target, desired, layers) : updateFunction(target, desired, change, layers));
        break;
      }
      case 'deliveryStream':
        await (change.action === 'create' ? createDeliveryStream(target, desired, log) : updateDeliveryStream(target, desired, log));
        break;
    }
  };
  const changes = plan.filter((change) => change.action !== 'none');
  const failures = new Map<Change, unknown>();
  // Each change's outcome: true once made, false if it or something it needs failed.
  const outcomes = new Map<Change, Promise<boolean>>();
  const made = (change: Change): Promise<boolean> => {
    let outcome = outcomes.get(change);
    if (!outcome) {
      outcome = (async () => {
        const needed = await Promise.all(changes.filter((other) => NEEDS[change.resource].includes(other.resource)).map(made));
        if (!needed.every(Boolean)) return false;
        try {
          await apply(change);
          return true;
        } catch (error) {
          failures.set(change, error);
          return false;
        }
      })();
      outcomes.set(change, outcome);
    }
    return outcome;
  };
  await Promise.all(changes.map(made));
  const failed = changes.filter((change) => failures.has(change));
  for (const change of failed.slice(1)) {
    const reason = failures.get(change);
    log(`${change.resource} ${change.name} failed too: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
  if (failed.length > 0) throw failures.get(failed[0]!);
}

async function createStream(target: Target, desired: DesiredPipeline): Promise<void> {
  const { kinesis } = target.clients;
  const { name, shards, retentionHours, mode, encryption } = desired.stream;
  await kinesis.send(new CreateStreamCommand(mode === 'ON_DEMAND' ? { StreamName: name, StreamModeDetails: { StreamMode: 'ON_DEMAND' } } : { StreamName: name, ShardCount: shards }));
  await waitForStream(target, name);
  await kinesis.send(new AddTagsToStreamCommand({ StreamName: name, Tags: desired.tags }));
  if (retentionHours > 24) {
    await kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: retentionHours }));
    await waitForStream(target, name);
  }
  if (encryption) {
    await kinesis.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
    await waitForStream(target, name);
  }
}

async function updateStream(target: Target, desired: DesiredPipeline, change: Change): Promise<void> {
  const { kinesis } = target.clients;
  const { name, mode } = desired.stream;
  const summary = async () => (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary;
  if (change.update?.mode) {
    await kinesis.send(new UpdateStreamModeCommand({ StreamARN: (await summary())?.StreamARN, StreamModeDetails: { StreamMode: mode } }));
    await waitForStream(target, name);
  }
  if (change.update?.shards !== undefined) {
    await kinesis.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: change.update.shards, ScalingType: 'UNIFORM_SCALING' }));
    await waitForStream(target, name);
  }
  const hours = change.update?.retentionHours;
  if (hours !== undefined) {
    const Command = hours > ((await summary())?.RetentionPeriodHours ?? 24) ? IncreaseStreamRetentionPeriodCommand : DecreaseStreamRetentionPeriodCommand;
    await kinesis.send(new Command({ StreamName: name, RetentionPeriodHours: hours }));
    await waitForStream(target, name);
  }
  if (change.update?.encryption) {
    const Command = desired.stream.encryption ? StartStreamEncryptionCommand : StopStreamEncryptionCommand;
    await kinesis.send(new Command({ StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
    await waitForStream(target, name);
  }
}

async function waitForStream(target: Target, name: string): Promise<void> {
  await waitUntil(`Kinesis stream ${name} to become ACTIVE`, async () => {
    const summary = await target.clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    return summary.StreamDescriptionSummary?.StreamStatus === 'ACTIVE';
  }, { timeoutMs: target.waitTimeoutMs, intervalMs: target.pollIntervalMs });
}

async function createFunction(target: Target, desired: DesiredPipeline, layers: string[]): Promise<void> {
  const fn = desired.transform;
  await retryWhileIamPropagates(target, `creating function ${fn.name}`, () => target.clients.lambda.send(new CreateFunctionCommand({
    FunctionName: fn.name,
    Runtime: fn.runtime as never,
    Handler: fn.handler,
    Role: fn.role,
    Code: { ZipFile: fn.zip },
    MemorySize: fn.memoryMB,
    Timeout: fn.timeoutSeconds,
    Architectures: [fn.architecture],
    Environment: { Variables: fn.environment },
    ...(layers.length > 0 ? { Layers: layers } : {}),
    LoggingConfig: { LogFormat: 'Text', LogGroup: desired.names.functionLogGroup },
    Tags: desired.tags,
  })));
  await waitForFunction(target, fn.name);
}

async function updateFunction(target: Target, desired: DesiredPipeline, change: Change, layers: string[]): Promise<void> {
  const { lambda } = target.clients;
  const fn = desired.transform;
  if (change.update?.code) {
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: fn.name, ZipFile: fn.zip, Architectures: [fn.architecture] }));
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
      // An empty list removes the layers the function had.
      Layers: layers,
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

async function createDeliveryStream(target: Target, desired: DesiredPipeline, log: (line: string) => void): Promise<void> {
  await retryWhileIamPropagates(target, `creating delivery stream ${desired.deliveryStream.name}`, () =>
    target.clients.firehose.send(new CreateDeliveryStreamCommand(desired.deliveryStream.input)), log);
  await waitForDeliveryStream(target, desired.deliveryStream.name);
}

async function updateDeliveryStream(target: Target, desired: DesiredPipeline, log: (line: string) => void): Promise<void> {
  const { firehose } = target.clients;
  const name = desired.deliveryStream.name;
  const { DeliveryStreamDescription: description } = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }));
  // Dynamic partitioning is fixed at creation; the backup block is named differently in an update.
  const { DynamicPartitioningConfiguration: _fixedAtCreate, S3BackupConfiguration: backup, ...rest } = desired.deliveryStream.destination;
  await retryWhileIamPropagates(target, `updating delivery stream ${name}`, () => firehose.send(new UpdateDestinationCommand({
    DeliveryStreamName: name,
    CurrentDeliveryStreamVersionId: description?.VersionId,
    DestinationId: description?.Destinations?.[0]?.DestinationId ?? 'destinationId-000000000001',
    ExtendedS3DestinationUpdate: { ...rest, ...(backup ? { S3BackupUpdate: backup } : {}) },
  })), log);
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

/** New IAM roles take a while to reach Firehose and Lambda; AWS says so with these errors. */
export async function retryWhileIamPropagates<T>(target: Target, what: string, call: () => Promise<T>, log: (line: string) => void = () => {}): Promise<T> {
  const deadline = Date.now() + target.iamPropagationTimeoutMs;
  let delayMs = Math.min(1_000, target.pollIntervalMs * 4);
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const message = (error as Error).message ?? '';
      const retryable = ['InvalidArgumentException', 'InvalidParameterValueException'].includes((error as Error).name) && IAM_PROPAGATION.test(message);
      if (!retryable || Date.now() + delayMs > deadline) throw error;
      log(`${what}: the IAM role is not usable yet (${message}); retrying in ${Math.round(delayMs / 1000)} s`);
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, 15_000);
    }
  }
}
