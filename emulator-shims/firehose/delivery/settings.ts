/** Everything the delivery engine needs, resolved once from a stream's configuration. Pure. */
import type { ExtendedS3DestinationConfiguration } from '@aws-sdk/client-firehose';
import { limitsFromHints, type BufferLimits } from '../buffering.js';
import { objectExtension, type CompressionFormat } from '../object-name.js';
import { effectiveErrorPrefix, effectivePrefix, type PrefixToken } from '../prefix.js';
import { findProcessor, parseProcessors, type DeAggregationProcessor, type LambdaProcessor, type MetadataExtractionProcessor } from '../processors.js';
import type { StoredStream } from '../store.js';

export interface S3Target {
  bucket: string;
  prefix: PrefixToken[];
  errorPrefix: PrefixToken[];
  limits: BufferLimits;
  compression: CompressionFormat;
  extension: string;
}

export interface DeliverySettings {
  streamName: string;
  streamArn: string;
  region: string;
  versionId: number;
  sourceKinesisStreamArn?: string;
  timeZone: string;
  destination: S3Target;
  backup?: S3Target;
  lambda?: LambdaProcessor;
  deaggregation?: DeAggregationProcessor;
  metadataExtraction?: MetadataExtractionProcessor;
  appendDelimiter: boolean;
  dynamicPartitioning: boolean;
}

export const bucketOf = (bucketArn: string): string => bucketArn.slice(bucketArn.lastIndexOf(':') + 1);

function target(config: { BucketARN?: string; Prefix?: string; ErrorOutputPrefix?: string; BufferingHints?: { SizeInMBs?: number; IntervalInSeconds?: number }; CompressionFormat?: string }, fileExtension?: string): S3Target {
  const compression = (config.CompressionFormat ?? 'UNCOMPRESSED') as CompressionFormat;
  return {
    bucket: bucketOf(config.BucketARN as string),
    prefix: effectivePrefix(config.Prefix),
    errorPrefix: effectiveErrorPrefix(config.Prefix, config.ErrorOutputPrefix),
    limits: limitsFromHints(config.BufferingHints),
    compression,
    extension: objectExtension(compression, fileExtension),
  };
}

export function resolveSettings(stream: StoredStream): DeliverySettings {
  const destination: ExtendedS3DestinationConfiguration = stream.destination;
  const processors = parseProcessors(destination.ProcessingConfiguration);
  const settings: DeliverySettings = {
    streamName: stream.name,
    streamArn: stream.arn,
    region: stream.region,
    versionId: stream.versionId,
    timeZone: destination.CustomTimeZone || 'UTC',
    destination: target(destination, destination.FileExtension),
    appendDelimiter: processors.some((processor) => processor.type === 'AppendDelimiterToRecord'),
    dynamicPartitioning: destination.DynamicPartitioningConfiguration?.Enabled === true,
  };
  if (stream.kinesisSource) settings.sourceKinesisStreamArn = stream.kinesisSource.KinesisStreamARN;
  if (destination.S3BackupMode === 'Enabled' && destination.S3BackupConfiguration) settings.backup = target(destination.S3BackupConfiguration);
  const lambda = findProcessor(processors, 'Lambda');
  if (lambda) settings.lambda = lambda;
  const deaggregation = findProcessor(processors, 'RecordDeAggregation');
  if (deaggregation) settings.deaggregation = deaggregation;
  const metadataExtraction = findProcessor(processors, 'MetadataExtraction');
  if (metadataExtraction) settings.metadataExtraction = metadataExtraction;
  return settings;
}
