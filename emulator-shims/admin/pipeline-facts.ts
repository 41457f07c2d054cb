/** What a delivery stream's configuration says about its pipeline: names, prefixes, the log group. Pure. */
import type { StoredStream } from '../firehose/store.js';
import type { ObjectKind } from './types.js';
import { fixedPart } from './object-preview.js';

export interface PipelineFacts {
  stream: string | null;
  functionName: string | null;
  functionScope: { accountId: string; region: string } | null;
  logGroup: string | null;
  bucket: string;
  backupBucket: string | null;
  prefixes: { success: string; error: string; backup: string | null };
  /** Per kind: the bucket and the fixed text every key starts with. */
  locations: Array<{ kind: ObjectKind; bucket: string; fixedPrefix: string }>;
}

const bucketOf = (arn: string | undefined): string => (arn ? arn.slice(arn.lastIndexOf(':') + 1) : '');
/** Firehose's error prefix when none is set (reference §7): the prefix, then the error type and the time. */
const DEFAULT_ERROR_SUFFIX = '!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/';

export function pipelineFacts(stream: StoredStream): PipelineFacts {
  const destination = stream.destination;
  const sourceArn = stream.kinesisSource?.KinesisStreamARN;
  const lambdaArn = destination.ProcessingConfiguration?.Enabled === false ? undefined : destination.ProcessingConfiguration?.Processors
    ?.find((processor) => processor.Type === 'Lambda')?.Parameters?.find((parameter) => parameter.ParameterName === 'LambdaArn')?.ParameterValue;
  // arn:aws:lambda:region:account:function:name[:qualifier]
  const lambdaParts = lambdaArn?.split(':') ?? [];
  const functionName = lambdaParts[6] ?? null;
  const bucket = bucketOf(destination.BucketARN);
  const success = destination.Prefix ?? '';
  const error = destination.ErrorOutputPrefix || `${success}${DEFAULT_ERROR_SUFFIX}`;
  const backupConfig = destination.S3BackupMode === 'Enabled' ? destination.S3BackupConfiguration : undefined;
  const backupBucket = backupConfig ? bucketOf(backupConfig.BucketARN) : null;
  const backup = backupConfig ? (backupConfig.Prefix ?? '') : null;
  const locations: PipelineFacts['locations'] = [
    { kind: 'success', bucket, fixedPrefix: fixedPart(success) },
    { kind: 'error', bucket, fixedPrefix: fixedPart(error) },
  ];
  if (backupBucket !== null && backup !== null) locations.push({ kind: 'backup', bucket: backupBucket, fixedPrefix: fixedPart(backup) });
  return {
    stream: sourceArn ? sourceArn.slice(sourceArn.lastIndexOf('/') + 1) : null,
    functionName,
    functionScope: functionName && lambdaParts[3] && lambdaParts[4] ? { region: lambdaParts[3], accountId: lambdaParts[4] } : null,
    logGroup: functionName ? `/aws/lambda/${functionName}` : null,
    bucket,
    backupBucket,
    prefixes: { success, error, backup },
    locations,
  };
}
