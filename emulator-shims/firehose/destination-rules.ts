/** Constraint tables for the S3 destination members (reference §3), shared by Create and UpdateDestination. */
import type { Constraint, ValidationTable } from './validation.js';

export const ROLE_ARN_PATTERN = 'arn:.*:iam::\\d{12}:role/[a-zA-Z_0-9+=,.@\\-_/]+';
export const BUCKET_ARN_PATTERN = 'arn:.*:s3:::[\\w\\.\\-]{1,255}';
export const KMS_KEY_ARN_PATTERN = 'arn:.*:kms:[a-zA-Z0-9\\-]+:\\d{12}:(key|alias)/[a-zA-Z_0-9+=,.@\\-_/]+';
export const COMPRESSION_FORMATS = ['UNCOMPRESSED', 'GZIP', 'ZIP', 'Snappy', 'HADOOP_SNAPPY'] as const;
export const PROCESSOR_TYPES = ['RecordDeAggregation', 'Decompression', 'CloudWatchLogProcessing', 'Lambda', 'MetadataExtraction', 'AppendDelimiterToRecord'] as const;
export const PROCESSOR_PARAMETER_NAMES = [
  'LambdaArn', 'NumberOfRetries', 'MetadataExtractionQuery', 'JsonParsingEngine', 'RoleArn', 'BufferSizeInMBs',
  'BufferIntervalInSeconds', 'SubRecordType', 'Delimiter', 'CompressionFormat', 'DataMessageExtraction',
] as const;

function prefixed(prefix: string, table: Record<string, Constraint>): Record<string, Constraint> {
  return Object.fromEntries(Object.entries(table).map(([path, constraint]) => [`${prefix}.${path}`, constraint]));
}

/** Members of S3DestinationConfiguration/Update (the backup config and the plain S3 core). */
function s3CoreTable(requireCore: boolean): Record<string, Constraint> {
  return {
    '': { type: 'object' },
    RoleARN: { required: requireCore, type: 'string', length: [1, 512], pattern: ROLE_ARN_PATTERN },
    BucketARN: { required: requireCore, type: 'string', length: [1, 2048], pattern: BUCKET_ARN_PATTERN },
    Prefix: { type: 'string', length: [0, 1024] },
    ErrorOutputPrefix: { type: 'string', length: [0, 1024] },
    'BufferingHints.SizeInMBs': { type: 'number', range: [1, 128] },
    'BufferingHints.IntervalInSeconds': { type: 'number', range: [0, 900] },
    CompressionFormat: { type: 'string', enum: COMPRESSION_FORMATS },
    'EncryptionConfiguration.NoEncryptionConfig': { type: 'string', enum: ['NoEncryption'] },
    'EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN': { required: true, type: 'string', length: [1, 512], pattern: KMS_KEY_ARN_PATTERN },
    'CloudWatchLoggingOptions.Enabled': { type: 'boolean' },
    'CloudWatchLoggingOptions.LogGroupName': { type: 'string', length: [0, 512], pattern: '[\\.\\-_/#A-Za-z0-9]*' },
    'CloudWatchLoggingOptions.LogStreamName': { type: 'string', length: [0, 512], pattern: '[^:*]*' },
  };
}

/** The table for ExtendedS3DestinationConfiguration (requireCore) or ExtendedS3DestinationUpdate. */
export function extendedS3Table(member: string, requireCore: boolean): ValidationTable {
  const own: Record<string, Constraint> = {
    ...s3CoreTable(requireCore),
    'ProcessingConfiguration.Enabled': { type: 'boolean' },
    'ProcessingConfiguration.Processors': { type: 'list' },
    'ProcessingConfiguration.Processors[].Type': { required: true, type: 'string', enum: PROCESSOR_TYPES },
    'ProcessingConfiguration.Processors[].Parameters[].ParameterName': { required: true, type: 'string', enum: PROCESSOR_PARAMETER_NAMES },
    'ProcessingConfiguration.Processors[].Parameters[].ParameterValue': { required: true, type: 'string', length: [1, 5120], pattern: '^(?!\\s*$).+' },
    S3BackupMode: { type: 'string', enum: ['Disabled', 'Enabled'] },
    'DynamicPartitioningConfiguration.Enabled': { type: 'boolean' },
    'DynamicPartitioningConfiguration.RetryOptions.DurationInSeconds': { type: 'number', range: [0, 7200] },
    FileExtension: { type: 'string', length: [0, 128], pattern: "^$|\\.[0-9a-z!\\-_.*'()]+$" },
    CustomTimeZone: { type: 'string', length: [0, 50], pattern: '^$|[a-zA-Z/_]+$' },
  };
  const backupMember = requireCore ? 'S3BackupConfiguration' : 'S3BackupUpdate';
  const table = { ...prefixed(member, own), ...prefixed(`${member}.${backupMember}`, s3CoreTable(requireCore)) };
  // '' entries only type-check the container itself.
  return Object.fromEntries(Object.entries(table).map(([path, constraint]) => [path.endsWith('.') ? path.slice(0, -1) : path, constraint]));
}
