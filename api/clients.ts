import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { awsClientConfig, type AwsLocation } from '../stack/index.js';

/** SDK v3 clients for the pipeline's endpoint and region, ready to `send()`. */
export interface PipelineClients {
  s3: S3Client;
  kinesis: KinesisClient;
  firehose: FirehoseClient;
  lambda: LambdaClient;
  logs: CloudWatchLogsClient;
}

/**
 * Clients for the local endpoint: its URL and region, any credentials, HTTP/1.1 (the Kinesis client would
 * otherwise speak HTTP/2), S3 path-style with checksums only where S3 requires them (no aws-chunked uploads).
 */
export function endpointClients(endpoint: string, region: string): PipelineClients {
  const common = { endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 60_000 }) };
  return {
    s3: new S3Client({ ...common, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
    kinesis: new KinesisClient(common),
    firehose: new FirehoseClient(common),
    lambda: new LambdaClient(common),
    logs: new CloudWatchLogsClient(common),
  };
}

/**
 * Clients for a deployed pipeline: the region, the caller's credentials (the SDK's default chain), HTTP/1.1,
 * and the stand-in endpoint when there is one (then S3 path-style).
 */
export function awsClients(location: AwsLocation): PipelineClients {
  const common = awsClientConfig(location);
  return {
    s3: new S3Client({ ...common, ...('endpoint' in common ? { forcePathStyle: true } : {}) }),
    kinesis: new KinesisClient(common),
    firehose: new FirehoseClient(common),
    lambda: new LambdaClient(common),
    logs: new CloudWatchLogsClient(common),
  };
}

/** Closes every client's sockets. */
export function destroyClients(clients: PipelineClients): void {
  for (const client of Object.values(clients)) client.destroy();
}
