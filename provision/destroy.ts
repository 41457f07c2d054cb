import { DeleteDeliveryStreamCommand, DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { DeleteStreamCommand, DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { DeleteFunctionCommand } from '@aws-sdk/client-lambda';
import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { DesiredPipeline } from './desired.js';
import type { LivePipeline } from './live.js';
import type { Target } from './target.js';
import { waitUntil } from './wait.js';

export interface DestroyOptions {
  /** Delete the bucket's objects too; otherwise a non-empty bucket is kept. */
  emptyBucket?: boolean;
  log?: (line: string) => void;
}

export interface DestroyReport {
  deleted: string[];
  kept: string[];
}

/** Removes the pipeline in reverse dependency order; a bucket with objects is kept unless asked. */
export async function destroyPipeline(target: Target, desired: DesiredPipeline, live: LivePipeline, options: DestroyOptions = {}): Promise<DestroyReport> {
  const log = options.log ?? (() => {});
  const report: DestroyReport = { deleted: [], kept: [] };
  const { s3, kinesis, lambda, firehose } = target.clients;
  const wait = { timeoutMs: target.waitTimeoutMs, intervalMs: target.pollIntervalMs };

  if (live.deliveryStream) {
    const name = desired.deliveryStream.name;
    log(`deleting deliveryStream ${name}`);
    await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: name }));
    await waitUntil(`delivery stream ${name} to be deleted`, () => gone(() => firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))), wait);
    report.deleted.push(`deliveryStream ${name}`);
  }
  if (live.transform) {
    log(`deleting function ${desired.transform.name}`);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: desired.transform.name }));
    report.deleted.push(`function ${desired.transform.name}`);
  }
  if (live.stream) {
    const name = desired.stream.name;
    log(`deleting stream ${name}`);
    await kinesis.send(new DeleteStreamCommand({ StreamName: name }));
    await waitUntil(`Kinesis stream ${name} to be deleted`, () => gone(() => kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))), wait);
    report.deleted.push(`stream ${name}`);
  }
  if (live.bucket) {
    const bucket = desired.bucket.name;
    const objects = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }));
    if ((objects.KeyCount ?? 0) > 0 && !options.emptyBucket) {
      log(`keeping bucket ${bucket}: it holds objects (pass --empty-bucket to delete them)`);
      report.kept.push(`bucket ${bucket}`);
      return report;
    }
    for (;;) {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1000 }));
      const keys = (page.Contents ?? []).map((object) => ({ Key: object.Key ?? '' }));
      if (keys.length === 0) break;
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
    }
    log(`deleting bucket ${bucket}`);
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    report.deleted.push(`bucket ${bucket}`);
  }
  return report;
}

async function gone(describe: () => Promise<unknown>): Promise<boolean> {
  try {
    await describe();
    return false;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return true;
    throw error;
  }
}
