import test from 'ava';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { clientConfig, startEdge, uniqueName } from '../edge/helpers.js';
import type { EdgeServer } from '../../../emulator-shims/index.js';

const ACCOUNT = '000000000000';
const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

// A Firehose transform that also writes each record to S3 itself, logs what S3 answered, and returns every record Ok.
const WRITING_TRANSFORM = `
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({ forcePathStyle: true });
export const handler = async (event) => {
  for (const record of event.records) {
    try {
      await s3.send(new PutObjectCommand({ Bucket: process.env.OUTPUT_BUCKET, Key: 'fn/' + record.recordId, Body: 'x' }));
      console.log('wrote ' + record.recordId);
    } catch (error) {
      console.log('S3 answered ' + error.name + ': ' + error.message);
    }
  }
  return { records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data })) };
};`;

async function createRole(edge: EdgeServer, service: string, statements: object[], attach: string[] = []): Promise<{ name: string; arn: string }> {
  const iam = new IAMClient(clientConfig(edge));
  const name = uniqueName('role');
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust(service) }));
  if (statements.length > 0) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'inline', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  for (const arn of attach) await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: arn }));
  return { name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}` };
}

async function logLines(edge: EdgeServer, group: string, pattern: RegExp, limitMs = 30_000): Promise<string[]> {
  const logs = new CloudWatchLogsClient(clientConfig(edge));
  const deadline = Date.now() + limitMs;
  for (;;) {
    const groups = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }))).logGroups ?? [];
    const lines = groups.length === 0 ? [] : ((await logs.send(new FilterLogEventsCommand({ logGroupName: group }))).events ?? []).map((event) => event.message!);
    if (lines.some((line) => pattern.test(line)) || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('a transform whose role lacks s3:PutObject gets AccessDenied in its SDK, logs it, and Firehose still delivers the records it returned', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true }, firehose: { createDelayMs: 0 } });
  const bucket = uniqueName('fn-denied');
  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true }));
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  // Logs as AWS's basic execution role allows; nothing on S3.
  const fnRole = await createRole(edge, 'lambda.amazonaws.com', [], ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
  const fnName = uniqueName('writer');
  const created = await new LambdaClient(clientConfig(edge)).send(new CreateFunctionCommand({
    FunctionName: fnName, Runtime: 'nodejs20.x', Role: fnRole.arn, Handler: 'index.handler', Timeout: 30,
    Environment: { Variables: { OUTPUT_BUCKET: bucket } }, Code: { ZipFile: zipSync({ 'index.mjs': strToU8(WRITING_TRANSFORM) }) },
  }));
  const fhRole = await createRole(edge, 'firehose.amazonaws.com', [
    { Effect: 'Allow', Action: ['s3:PutObject'], Resource: `arn:aws:s3:::${bucket}/out/*` },
    { Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: created.FunctionArn },
  ]);
  const name = uniqueName('fh');
  const firehose = new FirehoseClient(clientConfig(edge));
  await firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'DirectPut',
    ExtendedS3DestinationConfiguration: {
      RoleARN: fhRole.arn, BucketARN: `arn:aws:s3:::${bucket}`, Prefix: 'out/', ErrorOutputPrefix: 'err/',
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: created.FunctionArn }] }] },
    },
  }));
  await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.from('a\n') }, { Data: Buffer.from('b\n') }] }));
  await edge.firehose.flush(name);

  const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((item) => item.Key!);
  t.false(keys.some((key) => key.startsWith('fn/')), 'the function wrote nothing');
  t.true(keys.length > 0 && keys.every((key) => key.startsWith('out/')), keys.join(', '));
  let body = '';
  for (const key of keys) body += await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
  t.deepEqual(body.split('\n').filter(Boolean).sort(), ['a', 'b']);

  const lines = await logLines(edge, `/aws/lambda/${fnName}`, /S3 answered AccessDenied/);
  const denied = lines.find((line) => line.includes('S3 answered AccessDenied'));
  t.truthy(denied, lines.join('\n'));
  t.regex(denied ?? '', new RegExp(`User: arn:aws:sts::${ACCOUNT}:assumed-role/${fnRole.name}/${fnName} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${bucket}/fn/`));
});

test('a function whose role may not write logs runs, and its lines do not reach CloudWatch Logs; with the grant they do', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true } });
  const code = { ZipFile: zipSync({ 'index.mjs': strToU8("export const handler = async () => { console.log('hello from the function'); return 'done'; };") }) };
  const lambda = new LambdaClient(clientConfig(edge));
  const silent = await createRole(edge, 'lambda.amazonaws.com', []);
  const quiet = uniqueName('quiet');
  await lambda.send(new CreateFunctionCommand({ FunctionName: quiet, Runtime: 'nodejs20.x', Role: silent.arn, Handler: 'index.handler', Code: code }));
  t.is(Buffer.from((await lambda.send(new InvokeCommand({ FunctionName: quiet }))).Payload!).toString(), '"done"');
  const logging = await createRole(edge, 'lambda.amazonaws.com', [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/*` }]);
  const loud = uniqueName('loud');
  await lambda.send(new CreateFunctionCommand({ FunctionName: loud, Runtime: 'nodejs20.x', Role: logging.arn, Handler: 'index.handler', Code: code }));
  await lambda.send(new InvokeCommand({ FunctionName: loud }));
  t.true((await logLines(edge, `/aws/lambda/${loud}`, /hello from the function/)).some((line) => line.includes('hello from the function')));
  // By now the quiet function's lines would have been written too, had its role allowed it.
  t.deepEqual(await logLines(edge, `/aws/lambda/${quiet}`, /hello/, 0), []);
  const denials = await (await fetch(`${edge.url}/_hosepipe/metrics`)).json() as { iam: { recentDenials: { action: string; principal: string }[] } };
  t.true(denials.iam.recentDenials.some((denial) => denial.action === 'logs:CreateLogGroup' && denial.principal.endsWith(`/${quiet}`)));
});
