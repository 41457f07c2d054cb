/**
 * The extended S3 destination: create-time rules beyond the member constraints, AWS's defaults in
 * Describe (reference §2 example, §14), and UpdateDestination's same-type merge. Pure.
 */
import type { ExtendedS3DestinationConfiguration, ExtendedS3DestinationUpdate, S3DestinationConfiguration } from '@aws-sdk/client-firehose';
import { isKnownTimeZone } from './date-format.js';
import { invalidArgument } from './errors.js';
import { checkPrefixRules, PREFIX_RULE_MESSAGE_START } from './prefix.js';
import { parseProcessors, ProcessorConfigError } from './processors.js';

export const DESTINATION_ID = 'destinationId-000000000001';

/** Throws InvalidArgumentException for a configuration AWS would refuse (beyond member constraints). */
export function checkDestination(config: ExtendedS3DestinationConfiguration): void {
  checkBufferingHints(config.BufferingHints, 'ExtendedS3DestinationConfiguration');
  const dynamicPartitioning = config.DynamicPartitioningConfiguration?.Enabled === true;
  const problems = checkPrefixRules({ prefix: config.Prefix, errorOutputPrefix: config.ErrorOutputPrefix, dynamicPartitioning });
  if (problems.length > 0) throw invalidArgument(`${PREFIX_RULE_MESSAGE_START}${problems[0]}`);
  if (config.CustomTimeZone && !isKnownTimeZone(config.CustomTimeZone)) {
    throw invalidArgument(`CustomTimeZone ${config.CustomTimeZone} is not a valid time zone.`);
  }
  let processors;
  try {
    processors = parseProcessors(config.ProcessingConfiguration);
  } catch (error) {
    if (error instanceof ProcessorConfigError) throw invalidArgument(error.message);
    throw error;
  }
  const unsupported = processors.find((processor) => processor.type === 'Decompression' || processor.type === 'CloudWatchLogProcessing');
  if (unsupported) throw invalidArgument(`hosepipe does not emulate the ${unsupported.type} processor; see docs/fidelity.md.`);
  if (processors.some((processor) => processor.type === 'MetadataExtraction') && !dynamicPartitioning) {
    throw invalidArgument('MetadataExtraction processor is supported only when dynamic partitioning is enabled.');
  }
  if (dynamicPartitioning && config.BufferingHints?.IntervalInSeconds === 0) {
    throw invalidArgument('Zero buffering (IntervalInSeconds 0) is not supported when dynamic partitioning is enabled.');
  }
  if (config.S3BackupMode === 'Enabled' && !config.S3BackupConfiguration) {
    throw invalidArgument('S3BackupConfiguration is required when S3BackupMode is Enabled.');
  }
  if (config.S3BackupConfiguration) checkBackup(config.S3BackupConfiguration);
  if (config.DataFormatConversionConfiguration?.Enabled !== false && config.DataFormatConversionConfiguration !== undefined) {
    throw invalidArgument('hosepipe does not emulate DataFormatConversionConfiguration (record format conversion); see docs/fidelity.md.');
  }
}

function checkBufferingHints(hints: { SizeInMBs?: number; IntervalInSeconds?: number } | undefined, where: string): void {
  if (!hints) return;
  if ((hints.SizeInMBs === undefined) !== (hints.IntervalInSeconds === undefined)) {
    throw invalidArgument(`${where}.BufferingHints: SizeInMBs and IntervalInSeconds must be specified together.`);
  }
}

function checkBackup(backup: S3DestinationConfiguration): void {
  checkBufferingHints(backup.BufferingHints, 'S3BackupConfiguration');
  if (backup.BufferingHints?.IntervalInSeconds === 0) {
    throw invalidArgument('Zero buffering (IntervalInSeconds 0) is not supported for the S3 backup.');
  }
  const problems = checkPrefixRules({ prefix: backup.Prefix, errorOutputPrefix: backup.ErrorOutputPrefix, dynamicPartitioning: false });
  if (problems.length > 0) throw invalidArgument(`${PREFIX_RULE_MESSAGE_START}${problems[0]}`);
}

type Wire = Record<string, unknown>;

/** UNCONFIRMED (§15.8): Describe omits CustomTimeZone when it was not given (Terraform's reading), rather than answering UTC. */
export const DESCRIBE_OMITS_UNSET_CUSTOM_TIME_ZONE = true;
/** The §2 capture shows `"Prefix": ""` for a stream created without a Prefix. */
export const DESCRIBE_DEFAULT_PREFIX = '';

/** S3 core members with AWS's defaults filled in. */
export function describeS3Core(config: S3DestinationConfiguration | ExtendedS3DestinationConfiguration): Wire {
  const description: Wire = {
    RoleARN: config.RoleARN,
    BucketARN: config.BucketARN,
    Prefix: config.Prefix ?? DESCRIBE_DEFAULT_PREFIX,
  };
  if (config.ErrorOutputPrefix !== undefined) description.ErrorOutputPrefix = config.ErrorOutputPrefix;
  description.BufferingHints = { SizeInMBs: config.BufferingHints?.SizeInMBs ?? 5, IntervalInSeconds: config.BufferingHints?.IntervalInSeconds ?? 300 };
  description.CompressionFormat = config.CompressionFormat ?? 'UNCOMPRESSED';
  description.EncryptionConfiguration = config.EncryptionConfiguration ?? { NoEncryptionConfig: 'NoEncryption' };
  description.CloudWatchLoggingOptions = config.CloudWatchLoggingOptions ?? { Enabled: false };
  return description;
}

/** ExtendedS3DestinationDescription: defaults filled, processors and optional members echoed as given. */
export function describeExtendedS3(config: ExtendedS3DestinationConfiguration): Wire {
  const description = describeS3Core(config);
  if (config.ProcessingConfiguration !== undefined) description.ProcessingConfiguration = config.ProcessingConfiguration;
  description.S3BackupMode = config.S3BackupMode ?? 'Disabled';
  if (config.S3BackupConfiguration) description.S3BackupDescription = describeS3Core(config.S3BackupConfiguration);
  if (config.DataFormatConversionConfiguration !== undefined) description.DataFormatConversionConfiguration = config.DataFormatConversionConfiguration;
  if (config.DynamicPartitioningConfiguration !== undefined) description.DynamicPartitioningConfiguration = config.DynamicPartitioningConfiguration;
  if (config.FileExtension !== undefined) description.FileExtension = config.FileExtension;
  if (config.CustomTimeZone !== undefined) description.CustomTimeZone = config.CustomTimeZone;
  else if (!DESCRIBE_OMITS_UNSET_CUSTOM_TIME_ZONE) description.CustomTimeZone = 'UTC';
  return description;
}

/** The Destinations list of DescribeDeliveryStream: the extended description plus the plain S3 one AWS adds. */
export function describeDestinations(config: ExtendedS3DestinationConfiguration): Wire[] {
  return [{ DestinationId: DESTINATION_ID, S3DestinationDescription: describeS3Core(config), ExtendedS3DestinationDescription: describeExtendedS3(config) }];
}

/** Same-type update: members left out keep their value; nested structures are replaced whole when given. */
export function mergeExtendedS3Update(current: ExtendedS3DestinationConfiguration, update: ExtendedS3DestinationUpdate): ExtendedS3DestinationConfiguration {
  const { S3BackupUpdate, ...rest } = update;
  const merged: ExtendedS3DestinationConfiguration = { ...current };
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  if (S3BackupUpdate) {
    const backup = { ...(current.S3BackupConfiguration ?? {}) } as Record<string, unknown>;
    for (const [key, value] of Object.entries(S3BackupUpdate)) if (value !== undefined) backup[key] = value;
    merged.S3BackupConfiguration = backup as unknown as S3DestinationConfiguration;
  }
  return merged;
}

/** Rules that only apply to a change (reference §2 UpdateDestination). */
export function checkUpdateTransitions(current: ExtendedS3DestinationConfiguration, next: ExtendedS3DestinationConfiguration): void {
  if (current.S3BackupMode === 'Enabled' && next.S3BackupMode === 'Disabled') {
    throw invalidArgument('S3BackupMode cannot be changed from Enabled to Disabled.');
  }
  const wasDynamic = current.DynamicPartitioningConfiguration?.Enabled === true;
  const isDynamic = next.DynamicPartitioningConfiguration?.Enabled === true;
  if (wasDynamic && !isDynamic) throw invalidArgument('Dynamic partitioning cannot be disabled once it is enabled.');
  if (!wasDynamic && isDynamic) throw invalidArgument('Dynamic partitioning can only be enabled when the delivery stream is created.');
}
