import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import type { EdgeServer } from '../../../emulator-shims/index.js';
import { clientConfig } from '../edge/helpers.js';
import { createFixtureRoles } from '../edge/fixture-roles.js';
import { eventually } from '../../fixtures/eventually.js';

const exec = promisify(execFile);

/** The environment a user sets to point a CLI or boto3 at the local endpoint, isolated from any real profile. */
export function localAwsEnv(edge: EdgeServer): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: edge.url,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_RETRY_MODE: 'standard',
  };
}

/** Runs a client command; rejects with its stderr when it exits non-zero. */
export async function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await exec(file, args, { env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  return stdout;
}

export async function createActiveStream(edge: EdgeServer, name: string, shards = 1): Promise<void> {
  const kinesis = new KinesisClient(clientConfig(edge));
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await eventually(`stream ${name} is ACTIVE`, async () => (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary?.StreamStatus === 'ACTIVE');
}

/** A DirectPut delivery stream writing to `bucket`, ACTIVE when this resolves. */
export async function createDirectPut(edge: EdgeServer, name: string, bucket: string): Promise<void> {
  await createFixtureRoles(edge.url, { names: ['firehose'] });
  const firehose = new FirehoseClient(clientConfig(edge));
  await firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name,
    DeliveryStreamType: 'DirectPut',
    ExtendedS3DestinationConfiguration: {
      RoleARN: 'arn:aws:iam::000000000000:role/firehose', BucketARN: `arn:aws:s3:::${bucket}`, Prefix: 'direct/', BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 900 },
    },
  }));
  await eventually(`delivery stream ${name} is ACTIVE`, async () => (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription?.DeliveryStreamStatus === 'ACTIVE');
}
