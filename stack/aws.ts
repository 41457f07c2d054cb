import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeDeliveryStreamCommand, FirehoseClient, type DeliveryStreamDescription } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { resourceNames, staticPart, type PipelineConfig, type ResourceNames } from '../provision/index.js';
import { startShipping } from './shipping.js';
import type { BufferIntervals, RunningPipeline, WithoutAdmin } from './pipeline.js';

/** Where the SDK finds the deployed pipeline: a region, and an endpoint only for a stand-in (AWS_ENDPOINT_URL-style). */
export interface AwsLocation {
  region: string;
  /** Every client's endpoint (the local endpoint with its admin API off stands in for AWS); unset: AWS_ENDPOINT_URL, else AWS itself. */
  endpoint?: string;
}

/** What a deployed pipeline is made of, read from its delivery stream's description. */
export interface DeployedPipeline {
  deliveryStream: string;
  deliveryStreamArn: string;
  accountId: string;
  partition: string;
  region: string;
  /** The Kinesis stream Firehose reads: the one the agent ships to. */
  stream: string;
  streamArn: string;
  bucket: string;
  /** The Lambda processor's function ARN; undefined without one. */
  functionArn: string | undefined;
  /** The static part of each prefix (before the first `!{`), where the runner lists objects. */
  prefixes: { success: string; error: string; backup: string | null };
  intervals: BufferIntervals;
}

/** A delivery stream that is not a pipeline the runner can read (not Kinesis-fed, not to S3, a backup in another bucket). */
export class NotAPipelineError extends Error {
  constructor(deliveryStream: string, reason: string) {
    super(`delivery stream ${deliveryStream} is not a pipeline hosepipe can run scenarios against: ${reason}`);
    this.name = 'NotAPipelineError';
  }
}

/** Pure: the pipeline a DescribeDeliveryStream answer describes. */
export function readDeliveryStream(description: DeliveryStreamDescription): DeployedPipeline {
  const name = description.DeliveryStreamName ?? '';
  const arn = description.DeliveryStreamARN ?? '';
  const [, partition = 'aws', , region = '', accountId = ''] = arn.split(':');
  const streamArn = description.Source?.KinesisStreamSourceDescription?.KinesisStreamARN;
  if (description.DeliveryStreamType !== 'KinesisStreamAsSource' || !streamArn) {
    throw new NotAPipelineError(name, `its source is ${description.DeliveryStreamType ?? 'unknown'}, not a Kinesis stream the agent could ship to`);
  }
  const destination = description.Destinations?.[0]?.ExtendedS3DestinationDescription;
  if (!destination?.BucketARN) throw new NotAPipelineError(name, 'it has no Extended S3 destination');
  const bucket = bucketOf(destination.BucketARN);
  const lambda = destination.ProcessingConfiguration?.Enabled === false ? undefined : destination.ProcessingConfiguration?.Processors?.find((processor) => processor.Type === 'Lambda');
  const parameter = (key: string) => lambda?.Parameters?.find((entry) => entry.ParameterName === key)?.ParameterValue;
  const backup = destination.S3BackupMode === 'Enabled' ? destination.S3BackupDescription : undefined;
  if (backup?.BucketARN && bucketOf(backup.BucketARN) !== bucket) throw new NotAPipelineError(name, `its S3 backup goes to another bucket (${bucketOf(backup.BucketARN)}), which the runner does not read`);
  return {
    deliveryStream: name,
    deliveryStreamArn: arn,
    accountId,
    partition,
    region,
    stream: streamArn.slice(streamArn.indexOf(':stream/') + ':stream/'.length),
    streamArn,
    bucket,
    functionArn: parameter('LambdaArn'),
    prefixes: {
      success: staticPart(destination.Prefix ?? ''),
      // Firehose's default error prefix is the bucket's root; the runner reads what it configured.
      error: staticPart(destination.ErrorOutputPrefix ?? ''),
      backup: backup ? staticPart(backup.Prefix ?? '') : null,
    },
    intervals: {
      destination: destination.BufferingHints?.IntervalInSeconds ?? 300,
      processor: lambda ? Number(parameter('BufferIntervalInSeconds') ?? 60) : null,
      backup: backup ? backup.BufferingHints?.IntervalInSeconds ?? 300 : null,
    },
  };
}

function bucketOf(arn: string): string {
  return arn.slice(arn.indexOf(':::') + 3);
}

/** The SDK clients' settings: the caller's credentials (the default chain), HTTP/1.1, the override endpoint when there is one. */
export function awsClientConfig(location: AwsLocation) {
  const endpoint = location.endpoint ?? process.env.AWS_ENDPOINT_URL;
  const haveEnvironmentCredentials = Boolean(process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY) || process.env.AWS_PROFILE !== undefined;
  return {
    region: location.region,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 60_000 }),
    ...(endpoint ? { endpoint } : {}),
    // A stand-in takes any credentials; a machine without any should not need an AWS account for it.
    ...(endpoint && !haveEnvironmentCredentials ? { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } : {}),
  };
}

/** An S3 client for the deployed pipeline's bucket (path-style against a stand-in endpoint). */
export function awsS3Client(location: AwsLocation): S3Client {
  const config = awsClientConfig(location);
  return new S3Client({ ...config, ...('endpoint' in config ? { forcePathStyle: true } : {}) });
}

/** DescribeDeliveryStream, then the pipeline it describes. */
export async function describeDeployedPipeline(location: AwsLocation, deliveryStream: string): Promise<DeployedPipeline> {
  const firehose = new FirehoseClient(awsClientConfig(location));
  try {
    const answer = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: deliveryStream }));
    return readDeliveryStream(answer.DeliveryStreamDescription!);
  } finally {
    firehose.destroy();
  }
}

export interface AwsPipelineOptions extends AwsLocation {
  /** hosepipe.yaml: its name gives the delivery stream (`<name>-to-s3`, provision/names.ts); its nginx, agent and transform settings apply here. */
  config: PipelineConfig;
  /** Another delivery stream than the one hosepipe.yaml names. */
  deliveryStream?: string;
  root: string;
  stateDir: string;
  /** 0 picks a free port; default: nginx.listen's. */
  nginxPort?: number;
  log?: (line: string) => void;
  /** The endpoint is hosepipe's own with its admin API (a Terraform root applied to it): flush and faults are there. */
  admin?: boolean;
}

export interface AwsPipeline extends RunningPipeline {
  readonly kind: 'aws';
  readonly deployed: DeployedPipeline;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * A pipeline deployed on AWS (or on a stand-in endpoint without its admin API), read through the SDK; nginx and the
 * agent run here and ship into its Kinesis stream with the caller's credentials.
 */
export async function startAwsPipeline(options: AwsPipelineOptions): Promise<AwsPipeline> {
  const { config, stateDir } = options;
  const location: AwsLocation = { region: options.region, ...(options.endpoint ? { endpoint: options.endpoint } : {}) };
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL;
  const deliveryStream = options.deliveryStream ?? `${config.name}-to-s3`;
  const deployed = await describeDeployedPipeline(location, deliveryStream);
  for (const dir of ['logs', 'run', 'agent', 'nginx']) mkdirSync(join(stateDir, dir), { recursive: true });
  const log = options.log ?? (() => {});
  // No pipeline view to tell: AWS has none.
  const shipping = await startShipping({
    config, root: options.root, stateDir, nginxPort: options.nginxPort ?? Number(config.nginx.listen.split(':')[1]),
    endpoint, stream: deployed.stream, region: deployed.region, announce: false, log,
  });
  const { nginx } = shipping;
  log(`nginx ${nginx.url} → agent → ${deployed.streamArn} → ${deployed.deliveryStreamArn} → s3://${deployed.bucket}/`);

  const names: ResourceNames = {
    ...resourceNames(config, { accountId: deployed.accountId, region: deployed.region, partition: deployed.partition }),
    bucket: deployed.bucket,
    bucketArn: `arn:${deployed.partition}:s3:::${deployed.bucket}`,
    stream: deployed.stream,
    streamArn: deployed.streamArn,
    deliveryStream: deployed.deliveryStream,
    deliveryStreamArn: deployed.deliveryStreamArn,
    ...(deployed.functionArn ? { functionArn: deployed.functionArn, functionName: deployed.functionArn.split(':')[6] ?? '' } : {}),
  };
  return {
    kind: 'aws',
    deployed,
    config: { ...config, region: deployed.region },
    stateDir,
    endpoint: { url: endpoint ?? `https://firehose.${deployed.region}.amazonaws.com` },
    nginx,
    get agent() { return shipping.agent; },
    names,
    prefixes: deployed.prefixes,
    ...(options.admin && endpoint ? {} : { withoutAdmin: {
      reason: endpoint ? `the target is a stand-in for AWS at ${endpoint}` : 'the target is AWS',
      s3: () => awsS3Client(location),
      intervals: deployed.intervals,
    } }),
    restartAgent: () => shipping.restartAgent(),
    killAgent: () => shipping.killAgent(),
    startAgent: () => shipping.startAgent(),
    restartEndpoint() {
      return Promise.reject(new Error(`restartEndpoint: ${deployed.deliveryStream} runs on AWS; only a local endpoint can be restarted`));
    },
    stop: () => shipping.stop(),
    [Symbol.asyncDispose]: () => shipping.stop(),
  };
}
