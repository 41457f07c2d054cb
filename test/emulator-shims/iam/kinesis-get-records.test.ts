import test from 'ava';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { clientConfig, startEdge, uniqueName } from '../edge/helpers.js';

const ACCOUNT = '000000000000';
const TRUST_ACCOUNT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });

async function waitUntilActive(client: KinesisClient, name: string): Promise<void> {
  while ((await client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary?.StreamStatus !== 'ACTIVE') {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('GetRecords is evaluated on the stream its iterator reads: a role allowed GetShardIterator but not GetRecords there is refused', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true } });
  const root = new KinesisClient(clientConfig(edge, { maxAttempts: 1 }));
  const [open, closed] = [uniqueName('open'), uniqueName('closed')];
  for (const name of [open, closed]) await root.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  for (const name of [open, closed]) await waitUntilActive(root, name);
  for (const name of [open, closed]) await root.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('x') }));

  const role = uniqueName('reader');
  const iam = new IAMClient(clientConfig(edge));
  await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: TRUST_ACCOUNT }));
  await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'read-open', PolicyDocument: JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'kinesis:GetShardIterator', Resource: '*' },
      { Effect: 'Allow', Action: 'kinesis:GetRecords', Resource: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${open}` },
    ],
  }) }));
  const { Credentials: c } = await new STSClient(clientConfig(edge)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${role}`, RoleSessionName: 'tester' }));
  const asRole = new KinesisClient(clientConfig(edge, { maxAttempts: 1, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! } }));
  t.teardown(() => { root.destroy(); asRole.destroy(); });

  const iterator = async (name: string) => (await asRole.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  t.is((await asRole.send(new GetRecordsCommand({ ShardIterator: await iterator(open) }))).Records?.length, 1);
  const error = await t.throwsAsync(asRole.send(new GetRecordsCommand({ ShardIterator: await iterator(closed) })));
  t.is(error?.name, 'AccessDeniedException');
  t.regex(error?.message ?? '', new RegExp(`^User: arn:aws:sts::${ACCOUNT}:assumed-role/${role}/tester is not authorized to perform: kinesis:GetRecords on resource: arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${closed} `));
});
