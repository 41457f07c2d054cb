import type { PipelineConfig } from './config.js';

/** Where and as whom resources are created. */
export interface Placement {
  accountId: string;
  region: string;
  partition?: string;
}

/** Every resource name and ARN of a pipeline, derived in one place so local and AWS agree. */
export function resourceNames(config: PipelineConfig, placement: Placement) {
  const partition = placement.partition ?? 'aws';
  const { accountId, region } = placement;
  const bucket = `${config.name}-${accountId}-${region}`;
  const stream = `${config.name}-access-logs`;
  const functionName = `${config.name}-transform`;
  const deliveryStream = `${config.name}-to-s3`;
  return {
    bucket,
    bucketArn: `arn:${partition}:s3:::${bucket}`,
    stream,
    streamArn: `arn:${partition}:kinesis:${region}:${accountId}:stream/${stream}`,
    functionName,
    functionArn: `arn:${partition}:lambda:${region}:${accountId}:function:${functionName}`,
    deliveryStream,
    deliveryStreamArn: `arn:${partition}:firehose:${region}:${accountId}:deliverystream/${deliveryStream}`,
    firehoseRoleArn: `arn:${partition}:iam::${accountId}:role/${config.name}-firehose`,
    transformRoleArn: `arn:${partition}:iam::${accountId}:role/${config.name}-transform`,
    tagKey: 'hosepipe:pipeline',
  };
}

export type ResourceNames = ReturnType<typeof resourceNames>;
