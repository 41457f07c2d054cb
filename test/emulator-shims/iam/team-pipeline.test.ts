import test from 'ava';
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { clientConfig, startEdge, uniqueName } from '../edge/helpers.js';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const trust = (service: string, condition?: object) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }] });

// Written as a team's Terraform module usually is: the function with AWSLambdaBasicExecutionRole, Firehose with
// one customer managed policy (bucket and bucket/*, the function and its qualifiers, the stream, its log stream),
// a trust policy guarded by sts:ExternalId, and a lambda_permission for Firehose.
test('a pipeline written like a team\'s Terraform module delivers every record with IAM enforced, and nothing is denied', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true }, firehose: { createDelayMs: 0, pollIntervalMs: 100 } });
  const iam = new IAMClient(clientConfig(edge));
  const name = uniqueName('team');
  const bucket = `${name}-logs`;
  await new S3Client(clientConfig(edge, { forcePathStyle: true })).send(new CreateBucketCommand({ Bucket: bucket }));
  const kinesis = new KinesisClient(clientConfig(edge));
  await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  while ((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary?.StreamStatus !== 'ACTIVE') await new Promise((resolve) => setTimeout(resolve, 20));

  await iam.send(new CreateRoleCommand({ RoleName: `${name}-lambda`, AssumeRolePolicyDocument: trust('lambda.amazonaws.com') }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: `${name}-lambda`, PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }));
  const lambda = new LambdaClient(clientConfig(edge));
  const fn = await lambda.send(new CreateFunctionCommand({
    FunctionName: `${name}-transform`, Runtime: 'nodejs20.x', Role: `arn:aws:iam::${ACCOUNT}:role/${name}-lambda`, Handler: 'index.handler', Timeout: 60,
    Code: { ZipFile: zipSync({ 'index.mjs': strToU8("export const handler = async (event) => { console.log(`${event.records.length} records`); return { records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: Buffer.from(Buffer.from(r.data, 'base64').toString().toUpperCase()).toString('base64') })) }; };") }) },
  }));
  const streamArn = `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/${name}`;
  await lambda.send(new AddPermissionCommand({ FunctionName: fn.FunctionName, StatementId: 'AllowFirehose', Action: 'lambda:InvokeFunction', Principal: 'firehose.amazonaws.com', SourceArn: streamArn, SourceAccount: ACCOUNT }));

  const policy = await iam.send(new CreatePolicyCommand({
    PolicyName: `${name}-firehose`,
    PolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] },
        { Effect: 'Allow', Action: ['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'], Resource: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}` },
        { Effect: 'Allow', Action: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'], Resource: [fn.FunctionArn, `${fn.FunctionArn}:*`] },
        { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/kinesisfirehose/${name}:*` },
      ],
    }),
  }));
  await iam.send(new CreateRoleCommand({ RoleName: `${name}-firehose`, AssumeRolePolicyDocument: trust('firehose.amazonaws.com', { StringEquals: { 'sts:ExternalId': ACCOUNT } }) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: `${name}-firehose`, PolicyArn: policy.Policy!.Arn }));
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/${name}-firehose`;

  const firehose = new FirehoseClient(clientConfig(edge));
  await firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'KinesisStreamAsSource',
    KinesisStreamSourceConfiguration: { KinesisStreamARN: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`, RoleARN: roleArn },
    ExtendedS3DestinationConfiguration: {
      RoleARN: roleArn, BucketARN: `arn:aws:s3:::${bucket}`, Prefix: 'logs/', ErrorOutputPrefix: 'errors/', BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 64 },
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: `${fn.FunctionArn}:$LATEST` }] }] },
      S3BackupMode: 'Enabled', S3BackupConfiguration: { RoleARN: roleArn, BucketARN: `arn:aws:s3:::${bucket}`, Prefix: 'raw/' },
    },
  }));
  while ((await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription?.DeliveryStreamStatus !== 'ACTIVE') await new Promise((resolve) => setTimeout(resolve, 20));
  const lines = Array.from({ length: 50 }, (_, index) => `line ${index}\n`);
  await kinesis.send(new PutRecordsCommand({ StreamName: name, Records: lines.map((line, index) => ({ PartitionKey: String(index), Data: Buffer.from(line) })) }));
  await edge.firehose.flush(name);

  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true }));
  const read = async (prefix: string) => {
    const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map((item) => item.Key!);
    let text = '';
    for (const key of keys) text += await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
    return text.split('\n').filter(Boolean).sort();
  };
  t.deepEqual(await read('logs/'), lines.map((line) => line.trim().toUpperCase()).sort());
  t.deepEqual(await read('raw/'), lines.map((line) => line.trim()).sort());
  t.deepEqual(await read('errors/'), []);
  const metrics = await (await fetch(`${edge.url}/_hosepipe/metrics`)).json() as { iam: { enforce: boolean; denials: number; recentDenials: unknown[] } };
  t.true(metrics.iam.enforce);
  t.is(metrics.iam.denials, 0, JSON.stringify(metrics.iam.recentDenials));
});
