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
    firehoseRole: `${config.name}-firehose`,
    firehoseRoleArn: `arn:${partition}:iam::${accountId}:role/${config.name}-firehose`,
    transformRole: `${config.name}-transform`,
    transformRoleArn: `arn:${partition}:iam::${accountId}:role/${config.name}-transform`,
    functionLogGroup: `/aws/lambda/${functionName}`,
    functionLogGroupArn: `arn:${partition}:logs:${region}:${accountId}:log-group:/aws/lambda/${functionName}`,
    firehoseLogGroup: `/aws/kinesisfirehose/${deliveryStream}`,
    firehoseLogGroupArn: `arn:${partition}:logs:${region}:${accountId}:log-group:/aws/kinesisfirehose/${deliveryStream}`,
    firehoseLogStream: 'DestinationDelivery',
    tagKey: 'hosepipe:pipeline',
    partition,
  };
}

export type ResourceNames = ReturnType<typeof resourceNames>;
