import test from 'ava';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { clientConfig, startEdge, uniqueName } from '../edge/helpers.js';
import type { EdgeServer } from '../../../emulator-shims/index.js';
import { eventuallyValue } from '../../fixtures/eventually.js';

const ACCOUNT = '000000000000';
const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

const waitFor = <T>(what: string, check: () => Promise<T | undefined>): Promise<T> => eventuallyValue(what, check, { everyMs: 100 });

async function firehoseRole(edge: EdgeServer, name: string, statements: object[]): Promise<string> {
  const iam = new IAMClient(clientConfig(edge));
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust('firehose.amazonaws.com') }));
  await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: name, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  return `arn:aws:iam::${ACCOUNT}:role/${name}`;
}

async function logGroup(edge: EdgeServer, group: string, stream: string): Promise<CloudWatchLogsClient> {
  const logs = new CloudWatchLogsClient(clientConfig(edge));
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  return logs;
}

const logStatement = (group: string) => ({ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${group}:*` });

test('a Firehose role without s3:PutObject on bucket/* delivers nothing, logs S3.AccessDenied, and delivers everything once the policy is fixed', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true }, firehose: { createDelayMs: 0 } });
  const bucket = uniqueName('fh-denied');
  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true }));
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const group = `/aws/kinesisfirehose/${bucket}`;
  const logs = await logGroup(edge, group, 'S3Delivery');
  const roleName = uniqueName('fh-role');
  // The grant names the bucket, not its objects: the first-deploy mistake.
  const roleArn = await firehoseRole(edge, roleName, [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: `arn:aws:s3:::${bucket}` }, logStatement(group)]);
  const name = uniqueName('fh');
  const firehose = new FirehoseClient(clientConfig(edge));
  await firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'DirectPut',
    ExtendedS3DestinationConfiguration: {
      RoleARN: roleArn, BucketARN: `arn:aws:s3:::${bucket}`, Prefix: 'out/', ErrorOutputPrefix: 'err/',
      BufferingHints: { IntervalInSeconds: 0, SizeInMBs: 1 },
      CloudWatchLoggingOptions: { Enabled: true, LogGroupName: group, LogStreamName: 'S3Delivery' },
    },
  }));
  const records = Array.from({ length: 20 }, (_, index) => ({ Data: Buffer.from(`line ${index}\n`) }));
  await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: records }));

  const event = await waitFor('S3.AccessDenied in the log stream', async () => {
    const events = (await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'S3Delivery' }))).events ?? [];
    return events.map((item) => JSON.parse(item.message!) as { errorCode: string; message: string }).find((item) => item.errorCode === 'S3.AccessDenied');
  });
  t.regex(event.message, new RegExp(`assumed-role/${roleName}/.+ is not authorized to perform: s3:PutObject`));
  t.is((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount ?? 0, 0);
  const metrics = await (await fetch(`${edge.url}/_hosepipe/metrics`)).json() as { deliveryStreams: Record<string, Record<string, number>> };
  t.true((metrics.deliveryStreams[name]?.['hosepipe.AccessDenied.DeliveryToS3'] ?? 0) >= 1);
  t.true((metrics.deliveryStreams[name]?.['DeliveryToS3.Success'] ?? 1) < 1);

  await new IAMClient(clientConfig(edge)).send(new PutRolePolicyCommand({
    RoleName: roleName, PolicyName: roleName,
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: `arn:aws:s3:::${bucket}/*` }, logStatement(group)] }),
  }));
  const keys = await waitFor('the retried object', async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'out/' }));
    return (listed.KeyCount ?? 0) > 0 ? listed.Contents!.map((item) => item.Key!) : undefined;
  });
  let body = '';
  for (const key of keys) body += await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
  t.deepEqual(body.split('\n').filter(Boolean).sort(), records.map((record) => record.Data.toString().trim()).sort());
});

test('a Firehose source role without kinesis:GetRecords reads nothing, logs Kinesis.AccessDenied, and delivers everything once the policy is fixed', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true }, firehose: { createDelayMs: 0, pollIntervalMs: 20 } });
  const bucket = uniqueName('fh-source');
  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true }));
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const kinesis = new KinesisClient(clientConfig(edge));
  const stream = uniqueName('source');
  await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
  await waitFor('the stream ACTIVE', async () => ((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary?.StreamStatus === 'ACTIVE' ? true : undefined));
  const streamArn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${stream}`;
  const group = `/aws/kinesisfirehose/${bucket}`;
  const logs = await logGroup(edge, group, 'S3Delivery');
  const roleName = uniqueName('fh-role');
  // The shards can be listed and iterated, but not read: the first-deploy mistake.
  const granted = (actions: string[]) => [
    { Effect: 'Allow', Action: actions, Resource: streamArn },
    { Effect: 'Allow', Action: ['s3:PutObject'], Resource: `arn:aws:s3:::${bucket}/*` },
    logStatement(group),
  ];
  const roleArn = await firehoseRole(edge, roleName, granted(['kinesis:ListShards', 'kinesis:GetShardIterator', 'kinesis:DescribeStream']));
  const name = uniqueName('fh');
  await new FirehoseClient(clientConfig(edge)).send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'KinesisStreamAsSource',
    KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn, RoleARN: roleArn },
    ExtendedS3DestinationConfiguration: {
      RoleARN: roleArn, BucketARN: `arn:aws:s3:::${bucket}`, Prefix: 'out/', ErrorOutputPrefix: 'err/',
      BufferingHints: { IntervalInSeconds: 0, SizeInMBs: 1 },
      CloudWatchLoggingOptions: { Enabled: true, LogGroupName: group, LogStreamName: 'S3Delivery' },
    },
  }));
  await waitFor('the delivery stream reading', async () => ((await (await fetch(`${edge.url}/_hosepipe/metrics`)).json() as { deliveryStreams: Record<string, unknown> }).deliveryStreams[name] ? true : undefined));
  const records = Array.from({ length: 20 }, (_, index) => ({ Data: Buffer.from(`line ${index}\n`), PartitionKey: `k${index}` }));
  await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: records }));

  const event = await waitFor('Kinesis.AccessDenied in the log stream', async () => {
    const events = (await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'S3Delivery' }))).events ?? [];
    return events.map((item) => JSON.parse(item.message!) as { errorCode: string; message: string }).find((item) => item.errorCode === 'Kinesis.AccessDenied');
  });
  t.regex(event.message, new RegExp(`assumed-role/${roleName}/.+ is not authorized to perform: kinesis:GetRecords on resource: ${streamArn} `));
  t.is((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount ?? 0, 0);
  const metrics = await (await fetch(`${edge.url}/_hosepipe/metrics`)).json() as { deliveryStreams: Record<string, Record<string, number>> };
  t.true((metrics.deliveryStreams[name]?.['hosepipe.AccessDenied.KinesisSource'] ?? 0) >= 1);

  await new IAMClient(clientConfig(edge)).send(new PutRolePolicyCommand({
    RoleName: roleName, PolicyName: roleName,
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: granted(['kinesis:ListShards', 'kinesis:GetShardIterator', 'kinesis:DescribeStream', 'kinesis:GetRecords']) }),
  }));
  await edge.firehose.flush(name);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'out/' }));
  let body = '';
  for (const item of listed.Contents ?? []) body += await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: item.Key! }))).Body!.transformToString();
  t.deepEqual(body.split('\n').filter(Boolean).sort(), records.map((record) => record.Data.toString().trim()).sort());
});

test('a Firehose role without lambda:InvokeFunction sends every record to the error prefix with Lambda.InvokeAccessDenied', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true }, firehose: { createDelayMs: 0 } });
  const bucket = uniqueName('fh-invoke');
  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true }));
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const iam = new IAMClient(clientConfig(edge));
  const fnRole = uniqueName('fn-role');
  await iam.send(new CreateRoleCommand({ RoleName: fnRole, AssumeRolePolicyDocument: trust('lambda.amazonaws.com') }));
  const created = await new LambdaClient(clientConfig(edge)).send(new CreateFunctionCommand({
    FunctionName: uniqueName('identity'), Runtime: 'nodejs20.x', Role: `arn:aws:iam::${ACCOUNT}:role/${fnRole}`, Handler: 'index.handler',
    Code: { ZipFile: zipSync({ 'index.mjs': strToU8("export const handler = async (event) => ({ records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data })) });") }) },
  }));
  // Everything but the invoke: S3 under the bucket, the function's configuration.
  const roleArn = await firehoseRole(edge, uniqueName('fh-role'), [
    { Effect: 'Allow', Action: ['s3:PutObject'], Resource: `arn:aws:s3:::${bucket}/*` },
    { Effect: 'Allow', Action: ['lambda:GetFunctionConfiguration'], Resource: created.FunctionArn },
  ]);
  const name = uniqueName('fh');
  const firehose = new FirehoseClient(clientConfig(edge));
  await firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'DirectPut',
    ExtendedS3DestinationConfiguration: {
      RoleARN: roleArn, BucketARN: `arn:aws:s3:::${bucket}`, Prefix: 'out/', ErrorOutputPrefix: 'err/',
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: created.FunctionArn }, { ParameterName: 'NumberOfRetries', ParameterValue: '1' }] }] },
    },
  }));
  await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.from('a\n') }, { Data: Buffer.from('b\n') }] }));
  await edge.firehose.flush(name);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  const keys = (listed.Contents ?? []).map((item) => item.Key!);
  t.true(keys.every((key) => key.startsWith('err/')), keys.join(', '));
  const lines = (await Promise.all(keys.map(async (key) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString()))).join('').split('\n').filter(Boolean);
  t.is(lines.length, 2);
  for (const line of lines) {
    const record = JSON.parse(line) as { errorCode: string; attemptsMade: number; errorMessage: string };
    t.is(record.errorCode, 'Lambda.InvokeAccessDenied');
    t.is(record.attemptsMade, 2);
    t.regex(record.errorMessage, /is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:000000000000:function:/);
  }
});

test('CreateDeliveryStream refuses a role that does not trust firehose.amazonaws.com as Firehose does', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true }, firehose: { createDelayMs: 0 } });
  const name = uniqueName('lambda-trusting');
  await new IAMClient(clientConfig(edge)).send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust('lambda.amazonaws.com') }));
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/${name}`;
  const error = await t.throwsAsync(new FirehoseClient(clientConfig(edge, { maxAttempts: 1 })).send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: uniqueName('fh'), DeliveryStreamType: 'DirectPut',
    ExtendedS3DestinationConfiguration: { RoleARN: roleArn, BucketARN: 'arn:aws:s3:::any-bucket' },
  })));
  t.is(error?.name, 'InvalidArgumentException');
  t.is(error?.message, `Firehose is unable to assume role ${roleArn}. Please check the role provided.`);
});
