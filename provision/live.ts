import type { DeliveryStreamDescription } from '@aws-sdk/client-firehose';
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { GetFunctionCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import type { DesiredPipeline } from './desired.js';
import type { Target } from './target.js';

export interface LivePipeline {
  bucket?: { name: string };
  stream?: { name: string; shards: number; retentionHours: number; status: string };
  transform?: FunctionConfiguration;
  deliveryStream?: DeliveryStreamDescription;
}

/** Reads what exists now, through the same Describe/Get calls on any target. */
export async function readLivePipeline(target: Target, desired: DesiredPipeline): Promise<LivePipeline> {
  const { s3, kinesis, lambda, firehose } = target.clients;
  const [bucket, stream, transform, deliveryStream] = await Promise.all([
    absentOnNotFound(async () => {
      await s3.send(new HeadBucketCommand({ Bucket: desired.bucket.name }));
      return { name: desired.bucket.name };
    }),
    absentOnNotFound(async () => {
      const { StreamDescriptionSummary: summary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: desired.stream.name }));
      return {
        name: desired.stream.name,
        shards: summary?.OpenShardCount ?? 0,
        retentionHours: summary?.RetentionPeriodHours ?? 24,
        status: summary?.StreamStatus ?? 'UNKNOWN',
      };
    }),
    absentOnNotFound(async () => (await lambda.send(new GetFunctionCommand({ FunctionName: desired.transform.name }))).Configuration),
    absentOnNotFound(
      async () => (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: desired.deliveryStream.name }))).DeliveryStreamDescription,
    ),
  ]);
  return { bucket, stream, transform, deliveryStream };
}

const NOT_FOUND = new Set(['NotFound', 'NoSuchBucket', 'ResourceNotFoundException']);

async function absentOnNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (NOT_FOUND.has(name) || status === 404) return undefined;
    throw error;
  }
}
