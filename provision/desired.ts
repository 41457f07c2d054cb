import type { CreateDeliveryStreamCommandInput, ExtendedS3DestinationConfiguration } from '@aws-sdk/client-firehose';
import type { PipelineConfig } from './config.js';
import { resourceNames, type Placement, type ResourceNames } from './names.js';

/** The transform artifact as provisioning deploys it: the zip bytes and their hash. */
export interface TransformArtifact {
  zip: Uint8Array;
  /** base64 SHA-256, the form Lambda reports as CodeSha256. */
  sha256: string;
  handler: string;
  runtime: string;
  environment: Record<string, string>;
}

export interface DesiredPipeline {
  names: ResourceNames;
  tags: Record<string, string>;
  bucket: { name: string };
  stream: { name: string; shards: number; retentionHours: number };
  transform: {
    name: string;
    runtime: string;
    handler: string;
    role: string;
    memoryMB: number;
    timeoutSeconds: number;
    environment: Record<string, string>;
    zip: Uint8Array;
    sha256: string;
  };
  deliveryStream: { name: string; destination: ExtendedS3DestinationConfiguration; input: CreateDeliveryStreamCommandInput };
}

/** Pure: what the pipeline should look like in an account, from hosepipe.yaml and the built artifact. */
export function desiredPipeline(config: PipelineConfig, placement: Placement, artifact: TransformArtifact): DesiredPipeline {
  const names = resourceNames(config, placement);
  const tags = { [names.tagKey]: config.name };
  const { firehose } = config;
  const usesLambdaKeys = /!\{partitionKeyFromLambda:/.test(firehose.prefix);
  const destination: ExtendedS3DestinationConfiguration = {
    RoleARN: names.firehoseRoleArn,
    BucketARN: names.bucketArn,
    Prefix: firehose.prefix,
    ErrorOutputPrefix: firehose.errorOutputPrefix,
    BufferingHints: { SizeInMBs: firehose.buffering.sizeMB, IntervalInSeconds: firehose.buffering.intervalSeconds },
    CompressionFormat: firehose.compression,
    CustomTimeZone: firehose.customTimeZone,
    EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
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
    bucket: { name: names.bucket },
    stream: { name: names.stream, shards: config.stream.shards, retentionHours: config.stream.retentionHours },
    transform: {
      name: names.functionName,
      runtime: artifact.runtime,
      handler: artifact.handler,
      role: names.transformRoleArn,
      memoryMB: config.transform.memoryMB,
      timeoutSeconds: config.transform.timeoutSeconds,
      environment: artifact.environment,
      zip: artifact.zip,
      sha256: artifact.sha256,
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
