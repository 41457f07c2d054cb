import test from 'ava';
import { AttachRolePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateStreamCommand, KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { clientConfig, startEdge, uniqueName } from '../edge/helpers.js';
import type { EdgeServer } from '../../../emulator-shims/index.js';

const ACCOUNT = '000000000000';
const TRUST_ACCOUNT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
const trustService = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

/** A role the account may assume, with one inline policy; answers its session's credentials. */
async function roleSession(edge: EdgeServer, name: string, policy: object | undefined, attach: string[] = []) {
  const iam = new IAMClient(clientConfig(edge));
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST_ACCOUNT }));
  if (policy) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'inline', PolicyDocument: JSON.stringify(policy) }));
  for (const arn of attach) await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: arn }));
  const { Credentials: c } = await new STSClient(clientConfig(edge)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${name}`, RoleSessionName: 'tester' }));
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
}

const s3Of = (edge: EdgeServer, credentials?: object) => new S3Client(clientConfig(edge, { forcePathStyle: true, maxAttempts: 1, ...(credentials ? { credentials } : {}) }));

test('a role session without s3:PutObject gets S3\'s AccessDenied naming the session, the action and the quoted object ARN', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true } });
  const bucket = uniqueName('authz');
  await s3Of(edge).send(new CreateBucketCommand({ Bucket: bucket }));
  const role = uniqueName('reader');
  const session = await roleSession(edge, role, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}` }] });
  const error = await t.throwsAsync(s3Of(edge, session).send(new PutObjectCommand({ Bucket: bucket, Key: 'logs/a.json', Body: 'x' })));
  t.is(error?.name, 'AccessDenied');
  t.is(error?.message, `User: arn:aws:sts::${ACCOUNT}:assumed-role/${role}/tester is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${bucket}/logs/a.json" because no identity-based policy allows the s3:PutObject action`);
  t.is((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 403);
  const snapshot = await (await fetch(`${edge.url}/_hosepipe/metrics`)).json() as { iam: { enforce: boolean; denials: number; recentDenials: { action: string }[] } };
  t.true(snapshot.iam.enforce);
  t.is(snapshot.iam.denials, 1);
  t.is(snapshot.iam.recentDenials[0]?.action, 's3:PutObject');
});

test('a grant on bucket/* lets the role write, and an explicit Deny in the bucket policy wins over it', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true } });
  const bucket = uniqueName('authz');
  await s3Of(edge).send(new CreateBucketCommand({ Bucket: bucket }));
  const session = await roleSession(edge, uniqueName('writer'), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: `arn:aws:s3:::${bucket}/*` }] });
  const asRole = s3Of(edge, session);
  await asRole.send(new PutObjectCommand({ Bucket: bucket, Key: 'open/a', Body: 'x' }));
  t.is(await (await asRole.send(new GetObjectCommand({ Bucket: bucket, Key: 'open/a' }))).Body?.transformToString(), 'x');
  await s3Of(edge).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/closed/*` },
      // hosepipe's own TLS-only statement: requests to the endpoint count as TLS (aws:SecureTransport is true locally).
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
  }) }));
  await asRole.send(new PutObjectCommand({ Bucket: bucket, Key: 'open/b', Body: 'x' }));
  const error = await t.throwsAsync(asRole.send(new PutObjectCommand({ Bucket: bucket, Key: 'closed/b', Body: 'x' })));
  t.regex(error?.message ?? '', /with an explicit deny in a resource-based policy$/);
});

test('NotAction, wildcards and an AWS managed policy are evaluated as IAM documents them', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true } });
  const kinesisAsRoot = new KinesisClient(clientConfig(edge, { maxAttempts: 1 }));
  await kinesisAsRoot.send(new CreateStreamCommand({ StreamName: 'allowed-stream', ShardCount: 1 }));
  const session = await roleSession(edge, uniqueName('kinesis'), {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', NotAction: ['kinesis:List*', 'kinesis:Describe*', 'kinesis:Get*'], Resource: '*' }],
  }, ['arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole']);
  const asRole = new KinesisClient(clientConfig(edge, { credentials: session, maxAttempts: 1 }));
  t.truthy((await asRole.send(new ListStreamsCommand({}))).StreamNames);
  const error = await t.throwsAsync(asRole.send(new CreateStreamCommand({ StreamName: 'denied-stream', ShardCount: 1 })));
  t.is(error?.name, 'AccessDeniedException');
  t.regex(error?.message ?? '', /kinesis:CreateStream on resource: arn:aws:kinesis:us-east-1:000000000000:stream\/denied-stream with an explicit deny in an identity-based policy$/);
});

test('AssumeRole refuses a role whose trust policy names another principal, and one that does not exist', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true } });
  const iam = new IAMClient(clientConfig(edge));
  const name = uniqueName('lambda-only');
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustService('lambda.amazonaws.com') }));
  const sts = new STSClient(clientConfig(edge));
  for (const arn of [`arn:aws:iam::${ACCOUNT}:role/${name}`, `arn:aws:iam::${ACCOUNT}:role/no-such-role`]) {
    const error = await t.throwsAsync(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'x1' })));
    t.is(error?.name, 'AccessDenied');
    t.is(error?.message, `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${arn}`);
  }
});

test('CreateFunction refuses a role whose trust policy names another service with Lambda\'s InvalidParameterValueException', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true } });
  const iam = new IAMClient(clientConfig(edge));
  const name = uniqueName('ec2-role');
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustService('ec2.amazonaws.com') }));
  const lambda = new LambdaClient(clientConfig(edge, { maxAttempts: 1 }));
  const zip = zipSync({ 'index.mjs': strToU8('export const handler = async () => 1;') });
  const create = (role: string) => lambda.send(new CreateFunctionCommand({ FunctionName: uniqueName('fn'), Runtime: 'nodejs20.x', Role: role, Handler: 'index.handler', Code: { ZipFile: zip } }));
  const error = await t.throwsAsync(create(`arn:aws:iam::${ACCOUNT}:role/${name}`));
  t.is(error?.name, 'InvalidParameterValueException');
  t.is(error?.message, 'The role defined for the function cannot be assumed by Lambda.');
  const good = uniqueName('lambda-role');
  await iam.send(new CreateRoleCommand({ RoleName: good, AssumeRolePolicyDocument: trustService('lambda.amazonaws.com') }));
  const created = await create(`arn:aws:iam::${ACCOUNT}:role/${good}`);
  t.is(created.Role, `arn:aws:iam::${ACCOUNT}:role/${good}`);
});

test('with enforcement off (the option wins over HOSEPIPE_IAM) a role session may do anything', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: false } });
  const bucket = uniqueName('open');
  await s3Of(edge).send(new CreateBucketCommand({ Bucket: bucket }));
  const session = await roleSession(edge, uniqueName('nothing'), undefined);
  await s3Of(edge, session).send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'x' }));
  t.pass();
});
