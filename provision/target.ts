import { FirehoseClient } from '@aws-sdk/client-firehose';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Placement } from './names.js';

export interface TargetClients {
  s3: S3Client;
  kinesis: KinesisClient;
  lambda: LambdaClient;
  firehose: FirehoseClient;
}

/** Where provisioning acts. The code path is the same for both kinds; only the clients differ. */
export interface Target {
  kind: 'local' | 'aws';
  placement: Placement;
  clients: TargetClients;
  /** How long to wait for a resource to become ACTIVE before giving up. */
  waitTimeoutMs: number;
  pollIntervalMs: number;
}

/** The running local endpoint, account 000000000000. */
export function localTarget(endpoint: string, region: string): Target {
  // HTTP/1.1 handler: the SDK's Kinesis client defaults to HTTP/2, which the local endpoint does not speak.
  const requestHandler = new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 60_000 });
  const common = { endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler };
  return {
    kind: 'local',
    placement: { accountId: '000000000000', region },
    clients: {
      s3: new S3Client({ ...common, forcePathStyle: true }),
      kinesis: new KinesisClient(common),
      lambda: new LambdaClient(common),
      firehose: new FirehoseClient(common),
    },
    waitTimeoutMs: 30_000,
    pollIntervalMs: 50,
  };
}
