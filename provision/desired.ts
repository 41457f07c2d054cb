import type { CreateDeliveryStreamCommandInput, ExtendedS3DestinationConfiguration } from '@aws-sdk/client-firehose';
import type { PipelineConfig } from './config.js';
import { layerMarker, projectLayerName, type LayerArtifact } from './layers.js';
import { resourceNames, type Placement, type ResourceNames } from './names.js';
import { bucketPolicy, firehosePolicy, transformPolicy, trustPolicies, type PolicyDocument, type PolicyStatement } from './policies.js';

/** The transform artifact as provisioning deploys it: the zip bytes and their hash. */
export interface TransformArtifact {
  zip: Uint8Array;
  /** base64 SHA-256, the form Lambda reports as CodeSha256. */
  sha256: string;
  handler: string;
  runtime: string;
  environment: Record<string, string>;
  /** The team's function's layers, in order (none for the built-in transform). */
  layers?: LayerArtifact[];
}

/** A layer the function uses: one the project owns (a version is published when its content changes), or an existing version. */
export type DesiredLayer =
  | { source: 'project'; name: string; layerArn: string; zip: Uint8Array; sha256: string; description: string; compatibleRuntimes: string[]; compatibleArchitectures: string[] }
  | { source: 'arn'; arn: string };

export interface DesiredRole {
  name: string;
  arn: string;
  trust: PolicyDocument;
  /** One inline policy per role, named after the role. */
  policyName: string;
  policy: PolicyDocument;
}

export interface DesiredBucket {
  name: string;
  encryption: { algorithm: 'AES256' | 'aws:kms'; kmsKeyArn: string | null };
  /** JSON of the TLS-only bucket policy. */
  policy: PolicyDocument;
  lifecycle: { prefix: string; expireDays: number }[];
}

export interface DesiredPipeline {
  names: ResourceNames;
  tags: Record<string, string>;
  bucket: DesiredBucket;
  logGroups: { name: string; retentionDays: number; streams: string[] }[];
  roles: DesiredRole[];
  stream: { name: string; shards: number; retentionHours: number; mode: 'PROVISIONED' | 'ON_DEMAND'; encryption: boolean };
  transform: {
    name: string;
    runtime: string;
    handler: string;
    role: string;
    memoryMB: number;
    timeoutSeconds: number;
    architecture: 'x86_64' | 'arm64';
    environment: Record<string, string>;
    zip: Uint8Array;
    sha256: string;
    layers: DesiredLayer[];
  };
  deliveryStream: { name: string; destination: ExtendedS3DestinationConfiguration; input: CreateDeliveryStreamCommandInput };
}

/** Pure: what the pipeline should look like in an account, from hosepipe.yaml and the built artifact. */
export function desiredPipeline(config: PipelineConfig, placement: Placement, artifact: TransformArtifact): DesiredPipeline {
  const names = resourceNames(config, placement);
  const tags = { [names.tagKey]: config.name };
  const { firehose } = config;
  const usesLambdaKeys = /!\{partitionKeyFromLambda:/.test(firehose.prefix);
  const partition = placement.partition ?? 'aws';
  const writePrefixes = [firehose.prefix, firehose.errorOutputPrefix, ...(firehose.backupPrefix === null ? [] : [firehose.backupPrefix])].map(staticPart);
  const placeholders = { bucket: names.bucket, region: placement.region, accountId: placement.accountId, partition };
  const functionStatements = config.transform.policyStatements.map((statement) => expandStatement(statement, placeholders));
  const policyInputs = { names, accountId: placement.accountId, region: placement.region, partition, writePrefixes, kmsKeyArn: config.bucket.kmsKeyArn, functionStatements };
  const trust = trustPolicies(placement.accountId);
  const destination: ExtendedS3DestinationConfiguration = {
    RoleARN: names.firehoseRoleArn,
    BucketARN: names.bucketArn,
    Prefix: firehose.prefix,
    ErrorOutputPrefix: firehose.errorOutputPrefix,
    BufferingHints: { SizeInMBs: firehose.buffering.sizeMB, IntervalInSeconds: firehose.buffering.intervalSeconds },
    CompressionFormat: firehose.compression,
    CustomTimeZone: firehose.customTimeZone,
    EncryptionConfiguration: config.bucket.kmsKeyArn ? { KMSEncryptionConfig: { AWSKMSKeyARN: config.bucket.kmsKeyArn } } : { NoEncryptionConfig: 'NoEncryption' },
    CloudWatchLoggingOptions: firehose.logging
      ? { Enabled: true, LogGroupName: names.firehoseLogGroup, LogStreamName: names.firehoseLogStream }
      : { Enabled: false },
    ProcessingConfiguration: {
      Enabled: true,
      Processors: [
        {
          Type: 'Lambda',
          Parameters: [
            { ParameterName: 'LambdaArn', ParameterValue: names.functionArn },
            { ParameterName: 'NumberOfRetries', ParameterValue: String(firehose.lambdaRetries) },
            { ParameterName: 'BufferSizeInMBs', ParameterValue: String(firehose.processorBuffering.sizeMB) },
            { ParameterName: 'BufferIntervalInSeconds', ParameterValue: String(firehose.processorBuffering.intervalSeconds) },
          ],
        },
      ],
    },
    ...(usesLambdaKeys ? { DynamicPartitioningConfiguration: { Enabled: true, RetryOptions: { DurationInSeconds: 300 } } } : {}),
    ...(firehose.backupPrefix === null
      ? { S3BackupMode: 'Disabled' as const }
      : {
          S3BackupMode: 'Enabled' as const,
          S3BackupConfiguration: {
            RoleARN: names.firehoseRoleArn,
            BucketARN: names.bucketArn,
            Prefix: firehose.backupPrefix,
            ErrorOutputPrefix: firehose.errorOutputPrefix,
            BufferingHints: { SizeInMBs: Math.min(firehose.buffering.sizeMB, 128), IntervalInSeconds: Math.max(firehose.buffering.intervalSeconds, 60) },
            CompressionFormat: firehose.compression,
          },
        }),
  };
  return {
    names,
    tags,
    bucket: {
      name: names.bucket,
      encryption: config.bucket.kmsKeyArn ? { algorithm: 'aws:kms', kmsKeyArn: config.bucket.kmsKeyArn } : { algorithm: 'AES256', kmsKeyArn: null },
      policy: bucketPolicy(names),
      lifecycle: config.bucket.lifecycle,
    },
    logGroups: [
      { name: names.functionLogGroup, retentionDays: config.transform.logRetentionDays, streams: [] },
      // Firehose writes delivery errors to a stream it does not create itself.
      ...(firehose.logging ? [{ name: names.firehoseLogGroup, retentionDays: config.transform.logRetentionDays, streams: [names.firehoseLogStream] }] : []),
    ],
    roles: [
      { name: names.transformRole, arn: names.transformRoleArn, trust: trust.transform, policyName: names.transformRole, policy: transformPolicy(policyInputs) },
      { name: names.firehoseRole, arn: names.firehoseRoleArn, trust: trust.firehose, policyName: names.firehoseRole, policy: firehosePolicy(policyInputs) },
    ],
    stream: { name: names.stream, shards: config.stream.shards, retentionHours: config.stream.retentionHours, mode: config.stream.mode, encryption: config.stream.encryption },
    transform: {
      name: names.functionName,
      runtime: artifact.runtime,
      handler: artifact.handler,
      role: names.transformRoleArn,
      memoryMB: config.transform.memoryMB,
      timeoutSeconds: config.transform.timeoutSeconds,
      architecture: config.transform.architecture,
      environment: expandPlaceholders(artifact.environment, placeholders),
      zip: artifact.zip,
      sha256: artifact.sha256,
      layers: (artifact.layers ?? []).map((layer): DesiredLayer => {
        if (layer.source === 'arn') return layer;
        const name = projectLayerName(config.name, layer.label);
        return {
          source: 'project', name, layerArn: `arn:${partition}:lambda:${placement.region}:${placement.accountId}:layer:${name}`, zip: layer.zip, sha256: layer.sha256,
          description: layerMarker(config.name), compatibleRuntimes: [artifact.runtime], compatibleArchitectures: [config.transform.architecture],
        };
      }),
    },
    deliveryStream: {
      name: names.deliveryStream,
      destination,
      input: {
        DeliveryStreamName: names.deliveryStream,
        DeliveryStreamType: 'KinesisStreamAsSource',
        KinesisStreamSourceConfiguration: { KinesisStreamARN: names.streamArn, RoleARN: names.firehoseRoleArn },
        ExtendedS3DestinationConfiguration: destination,
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      },
    },
  };
}

type Placeholders = Record<'bucket' | 'region' | 'accountId' | 'partition', string>;

/**
 * Pure: `${bucket}`, `${region}`, `${accountId}` and `${partition}` in a text, so one hosepipe.yaml names the
 * pipeline's own bucket locally and in any account. Any other `${…}` is left as written.
 */
export function expandPlaceholder(text: string, values: Placeholders): string {
  return text.replace(/\$\{(bucket|region|accountId|partition)\}/g, (_whole, name: keyof Placeholders) => values[name]);
}

/** Pure: the placeholders expanded in each environment value. */
export function expandPlaceholders(environment: Record<string, string>, values: Placeholders): Record<string, string> {
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, expandPlaceholder(value, values)]));
}

/** Pure: the placeholders expanded in a statement's Action and Resource. */
function expandStatement(statement: PipelineConfig['transform']['policyStatements'][number], values: Placeholders): PolicyStatement {
  const each = (value: string | string[]) => (Array.isArray(value) ? value.map((item) => expandPlaceholder(item, values)) : expandPlaceholder(value, values));
  return { ...statement, Action: each(statement.Action), Resource: each(statement.Resource) };
}

/** The literal start of a prefix expression: where objects under it begin. */
export function staticPart(prefix: string): string {
  const index = prefix.indexOf('!{');
  return index < 0 ? prefix : prefix.slice(0, index);
}
