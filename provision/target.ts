import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { IAMClient } from '@aws-sdk/client-iam';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { recordIamAction } from './iam-action.js';
import type { Placement } from './names.js';

export interface TargetClients {
  s3: S3Client;
  kinesis: KinesisClient;
  lambda: LambdaClient;
  firehose: FirehoseClient;
  iam: IAMClient;
  logs: CloudWatchLogsClient;
}

/** Where provisioning acts. The code path is the same for both kinds; only the clients differ. */
export interface Target {
  kind: 'local' | 'aws';
  placement: Placement;
  clients: TargetClients;
  /** How long to wait for a resource to become ACTIVE before giving up. */
  waitTimeoutMs: number;
  pollIntervalMs: number;
  /** How long to keep retrying Firehose creation while a new IAM role propagates. */
  iamPropagationTimeoutMs: number;
  /** Whether roles are created and checked here; the role ARNs are used either way. */
  manageIam: boolean;
}

function localClientConfig(endpoint: string, region: string) {
  // HTTP/1.1 handler: the SDK's Kinesis client defaults to HTTP/2, which the local endpoint does not speak.
  const requestHandler = new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 60_000 });
  return { endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler };
}

/** An S3 client for the local endpoint: path-style, any credentials. */
export function localS3Client(endpoint: string, region: string): S3Client {
  return new S3Client({ ...localClientConfig(endpoint, region), forcePathStyle: true });
}

/** The running local endpoint, account 000000000000. */
export function localTarget(endpoint: string, region: string): Target {
  const common = localClientConfig(endpoint, region);
  return {
    kind: 'local',
    placement: { accountId: '000000000000', region },
    clients: withIamActions({
      s3: localS3Client(endpoint, region),
      kinesis: new KinesisClient(common),
      lambda: new LambdaClient(common),
      firehose: new FirehoseClient(common),
      iam: new IAMClient(common),
      logs: new CloudWatchLogsClient(common),
    }),
    waitTimeoutMs: 30_000,
    pollIntervalMs: 20,
    iamPropagationTimeoutMs: 5_000,
    manageIam: true,
  };
}

/**
 * A real AWS account: credentials from the SDK's default chain (env, profile, SSO, instance role),
 * the account id from STS. `region` comes from --region, the profile or hosepipe.yaml.
 */
export async function awsTarget(options: { region: string; profile?: string }): Promise<Target> {
  const common = { region: options.region, ...(options.profile ? { profile: options.profile } : {}) };
  // Loaded here, not with the module: the local target, which `make up` provisions, never asks STS.
  const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
  const sts = recordIamAction(new STSClient(common));
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  const partition = identity.Arn?.split(':')[1] ?? 'aws';
  return {
    kind: 'aws',
    placement: { accountId: identity.Account ?? '', region: options.region, partition },
    clients: withIamActions({
      s3: new S3Client(common),
      // HTTP/1.1 here too: one handler behaviour for both targets.
      kinesis: new KinesisClient({ ...common, requestHandler: new NodeHttpHandler() }),
      lambda: new LambdaClient(common),
      firehose: new FirehoseClient(common),
      iam: new IAMClient(common),
      logs: new CloudWatchLogsClient(common),
    }),
    waitTimeoutMs: 10 * 60_000,
    pollIntervalMs: 5_000,
    iamPropagationTimeoutMs: 2 * 60_000,
    manageIam: true,
  };
}

/** Every client's errors name the IAM action that failed, for the CLI's one-line explanation. */
function withIamActions(clients: TargetClients): TargetClients {
  for (const client of Object.values(clients)) recordIamAction(client);
  return clients;
}
