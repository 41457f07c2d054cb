import test from 'ava';
import { checkDestination, checkUpdateTransitions, describeExtendedS3, mergeExtendedS3Update } from '../../../emulator-shims/firehose/destination.js';

const base = { RoleARN: 'arn:aws:iam::000000000000:role/r', BucketARN: 'arn:aws:s3:::b' };

test('describeExtendedS3 echoes FileExtension, CustomTimeZone and processors exactly as given', (t) => {
  const processing = { Enabled: true, Processors: [{ Type: 'Lambda' as const, Parameters: [{ ParameterName: 'LambdaArn' as const, ParameterValue: 'arn:f' }, { ParameterName: 'BufferSizeInMBs' as const, ParameterValue: '1' }] }] };
  const description = describeExtendedS3({ ...base, FileExtension: '', CustomTimeZone: 'UTC', ProcessingConfiguration: processing });
  t.is(description.FileExtension, '');
  t.is(description.CustomTimeZone, 'UTC');
  t.deepEqual(description.ProcessingConfiguration, processing);
});

test('describeExtendedS3 describes the backup configuration with its own defaults', (t) => {
  const description = describeExtendedS3({ ...base, S3BackupMode: 'Enabled', S3BackupConfiguration: { ...base, Prefix: 'raw/' } });
  t.like(description.S3BackupDescription as object, { Prefix: 'raw/', BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 }, CompressionFormat: 'UNCOMPRESSED' });
});

test('mergeExtendedS3Update keeps members the update leaves out and merges the backup update', (t) => {
  const merged = mergeExtendedS3Update(
    { ...base, CompressionFormat: 'GZIP', EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' }, S3BackupMode: 'Enabled', S3BackupConfiguration: { ...base, Prefix: 'raw/' } },
    { Prefix: 'new/', S3BackupUpdate: { Prefix: 'raw2/' } },
  );
  t.like(merged, { Prefix: 'new/', CompressionFormat: 'GZIP', EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' }, S3BackupConfiguration: { BucketARN: 'arn:aws:s3:::b', Prefix: 'raw2/' } });
});

test('checkDestination accepts "" for FileExtension and CustomTimeZone, as Terraform sends them', (t) => {
  t.notThrows(() => checkDestination({ ...base, FileExtension: '', CustomTimeZone: '' }));
});

const refuses = test.macro({
  exec(t, config: Parameters<typeof checkDestination>[0], message: RegExp) {
    const error = t.throws(() => checkDestination(config));
    t.is((error as { code?: string }).code, 'InvalidArgumentException');
    t.regex(error?.message ?? '', message);
  },
  title: (provided = '') => `checkDestination refuses ${provided}`,
});
test('only one of the two buffering hints', refuses, { ...base, BufferingHints: { SizeInMBs: 5 } }, /must be specified together/);
test('an unknown CustomTimeZone', refuses, { ...base, CustomTimeZone: 'Mars/Base' }, /not a valid time zone/);
test('S3BackupMode Enabled without a backup configuration', refuses, { ...base, S3BackupMode: 'Enabled' }, /S3BackupConfiguration is required/);
test('zero buffering with dynamic partitioning', refuses, {
  ...base, Prefix: 'k=!{partitionKeyFromLambda:k}/', ErrorOutputPrefix: 'e/!{firehose:error-output-type}/', BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 0 },
  DynamicPartitioningConfiguration: { Enabled: true },
  ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: 'arn:f' }] }] },
}, /Zero buffering/);
test('zero buffering for the backup', refuses, { ...base, S3BackupMode: 'Enabled', S3BackupConfiguration: { ...base, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } } }, /S3 backup/);
test('a Lambda processor without LambdaArn', refuses, { ...base, ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [] }] } }, /LambdaArn/);
test('a record format conversion', refuses, { ...base, DataFormatConversionConfiguration: { Enabled: true } }, /DataFormatConversionConfiguration/);

test('checkUpdateTransitions refuses disabling backup or toggling dynamic partitioning', (t) => {
  t.throws(() => checkUpdateTransitions({ ...base, S3BackupMode: 'Enabled' }, { ...base, S3BackupMode: 'Disabled' }), { message: /S3BackupMode/ });
  t.throws(() => checkUpdateTransitions({ ...base }, { ...base, DynamicPartitioningConfiguration: { Enabled: true } }), { message: /only be enabled when the delivery stream is created/ });
  t.throws(() => checkUpdateTransitions({ ...base, DynamicPartitioningConfiguration: { Enabled: true } }, { ...base, DynamicPartitioningConfiguration: { Enabled: false } }), { message: /cannot be disabled/ });
});
