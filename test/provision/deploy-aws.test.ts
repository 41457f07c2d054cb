import test from 'ava';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, DescribeLogGroupsCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient, UpdateDestinationCommand, type DeliveryStreamDescription } from '@aws-sdk/client-firehose';
import { CreateRoleCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AddTagsToStreamCommand, CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateFunctionCommand, GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand, DeleteBucketCommand, GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand, GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand, GetBucketTaggingCommand, GetPublicAccessBlockCommand, HeadBucketCommand, ListObjectsV2Command, PutBucketEncryptionCommand,
  PutBucketOwnershipControlsCommand, PutBucketPolicyCommand, PutBucketTaggingCommand, PutPublicAccessBlockCommand, S3Client,
} from '@aws-sdk/client-s3';
import { desiredPipeline, destroyPipeline, parsePipelineConfig, provision, type Target, type TransformArtifact } from '../../provision/index.js';

// These tests record the SDK calls deploy makes against AWS itself, which no local test can show.
const region = 'eu-west-1';
const accountId = '123456789012';
const config = parsePipelineConfig({ name: 'weblogs', region });
const artifact: TransformArtifact = { zip: new Uint8Array([80, 75]), sha256: 'c2hhMjU2', handler: 'index.handler', runtime: 'nodejs22.x', environment: { HOSEPIPE_TIME_ZONE: 'Asia/Seoul' } };
const desired = desiredPipeline(config, { accountId, region }, artifact);

function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

function mocks() {
  const clients = {
    s3: new S3Client({ region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
    kinesis: new KinesisClient({ region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
    lambda: new LambdaClient({ region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
    firehose: new FirehoseClient({ region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
    iam: new IAMClient({ region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
    logs: new CloudWatchLogsClient({ region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
  };
  const target: Target = { kind: 'aws', placement: { accountId, region }, clients, waitTimeoutMs: 2_000, pollIntervalMs: 1, iamPropagationTimeoutMs: 2_000, manageIam: true };
  const mocked = {
    s3: mockClient(clients.s3), kinesis: mockClient(clients.kinesis), lambda: mockClient(clients.lambda),
    firehose: mockClient(clients.firehose), iam: mockClient(clients.iam), logs: mockClient(clients.logs),
  };
  // Every write, in the order deploy sends it across all services.
  const writes: string[] = [];
  // Any call not set up below answers an empty success, like a write that returns no members.
  mocked.s3.onAnyCommand().resolves({});
  mocked.kinesis.onAnyCommand().resolves({});
  mocked.lambda.onAnyCommand().resolves({});
  mocked.firehose.onAnyCommand().resolves({});
  mocked.iam.onAnyCommand().resolves({});
  mocked.logs.onAnyCommand().resolves({});
  const record = (name: string, answer: unknown = {}) => () => { writes.push(name); return answer; };
  mocked.s3.on(CreateBucketCommand).callsFake(record('s3:CreateBucket'));
  mocked.s3.on(PutBucketTaggingCommand).callsFake(record('s3:PutBucketTagging'));
  mocked.s3.on(PutBucketEncryptionCommand).callsFake(record('s3:PutBucketEncryption'));
  mocked.s3.on(PutPublicAccessBlockCommand).callsFake(record('s3:PutPublicAccessBlock'));
  mocked.s3.on(PutBucketOwnershipControlsCommand).callsFake(record('s3:PutBucketOwnershipControls'));
  mocked.s3.on(PutBucketPolicyCommand).callsFake(record('s3:PutBucketPolicy'));
  mocked.logs.on(CreateLogGroupCommand).callsFake(record('logs:CreateLogGroup'));
  mocked.logs.on(CreateLogStreamCommand).callsFake(record('logs:CreateLogStream'));
  mocked.logs.on(PutRetentionPolicyCommand).callsFake(record('logs:PutRetentionPolicy'));
  mocked.iam.on(CreateRoleCommand).callsFake(record('iam:CreateRole'));
  mocked.iam.on(PutRolePolicyCommand).callsFake(record('iam:PutRolePolicy'));
  mocked.kinesis.on(CreateStreamCommand).callsFake(record('kinesis:CreateStream'));
  mocked.kinesis.on(AddTagsToStreamCommand).callsFake(record('kinesis:AddTagsToStream'));
  mocked.lambda.on(CreateFunctionCommand).callsFake(record('lambda:CreateFunction'));
  mocked.firehose.on(CreateDeliveryStreamCommand).callsFake(record('firehose:CreateDeliveryStream'));
  mocked.firehose.on(UpdateDestinationCommand).callsFake(record('firehose:UpdateDestination'));
  return { target, mocked, writes };
}

function emptyAccount(mocked: ReturnType<typeof mocks>['mocked']) {
  mocked.s3.on(HeadBucketCommand).rejects(awsError('NotFound', 'NotFound', 404));
  mocked.logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
  mocked.iam.on(GetRoleCommand).rejects(awsError('NoSuchEntity', 'The role cannot be found.', 404));
  mocked.kinesis.on(DescribeStreamSummaryCommand).rejectsOnce(awsError('ResourceNotFoundException')).resolves({ StreamDescriptionSummary: { StreamStatus: 'ACTIVE' } as never });
  mocked.lambda.on(GetFunctionCommand).rejectsOnce(awsError('ResourceNotFoundException', 'Function not found', 404)).resolves({ Configuration: { State: 'Active', LastUpdateStatus: 'Successful' } });
  mocked.firehose.on(DescribeDeliveryStreamCommand).rejectsOnce(awsError('ResourceNotFoundException')).resolves({ DeliveryStreamDescription: { DeliveryStreamStatus: 'ACTIVE' } as DeliveryStreamDescription });
}

test.serial('deploy to an empty account creates every resource, each after what it needs and independent ones side by side, with least-privilege roles', async (t) => {
  const { target, mocked, writes } = mocks();
  emptyAccount(mocked);
  const result = await provision(target, config, artifact);
  t.true(result.changed);
  t.deepEqual([...writes].sort(), [
    's3:CreateBucket', 's3:PutBucketTagging', 's3:PutBucketEncryption', 's3:PutPublicAccessBlock', 's3:PutBucketOwnershipControls', 's3:PutBucketPolicy',
    'logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutRetentionPolicy',
    'iam:CreateRole', 'iam:PutRolePolicy', 'iam:CreateRole', 'iam:PutRolePolicy',
    'kinesis:CreateStream', 'kinesis:AddTagsToStream', 'lambda:CreateFunction', 'firehose:CreateDeliveryStream',
  ].sort());
  const of = (service: string) => writes.filter((write) => write.startsWith(`${service}:`));
  t.deepEqual(of('s3'), ['s3:CreateBucket', 's3:PutBucketTagging', 's3:PutBucketEncryption', 's3:PutPublicAccessBlock', 's3:PutBucketOwnershipControls', 's3:PutBucketPolicy']);
  t.deepEqual(of('kinesis'), ['kinesis:CreateStream', 'kinesis:AddTagsToStream']);
  t.true(writes.lastIndexOf('logs:CreateLogGroup') < writes.indexOf('logs:CreateLogStream'), writes.join(', '));
  // The bucket first; then log groups, roles and stream are begun together; the function waits for its role, the
  // delivery stream for all.
  t.true(writes.indexOf('s3:PutBucketPolicy') < writes.indexOf('kinesis:CreateStream'), writes.join(', '));
  t.true(writes.indexOf('kinesis:CreateStream') < writes.indexOf('iam:PutRolePolicy'), writes.join(', '));
  t.true(writes.lastIndexOf('iam:PutRolePolicy') < writes.indexOf('lambda:CreateFunction'), writes.join(', '));
  t.is(writes.at(-1), 'firehose:CreateDeliveryStream');
  const bucket = mocked.s3.commandCalls(CreateBucketCommand)[0]!.args[0].input;
  t.deepEqual(bucket, { Bucket: 'weblogs-123456789012-eu-west-1', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' }, ObjectOwnership: 'BucketOwnerEnforced' });
  const encryption = mocked.s3.commandCalls(PutBucketEncryptionCommand)[0]!.args[0].input;
  t.deepEqual(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault, { SSEAlgorithm: 'AES256' });
  const roles = mocked.iam.commandCalls(CreateRoleCommand).map((call) => call.args[0].input);
  t.deepEqual(roles.map((role) => role.RoleName), ['weblogs-transform', 'weblogs-firehose']);
  t.deepEqual(roles[0]?.Tags, [{ Key: 'hosepipe:pipeline', Value: 'weblogs' }]);
  const firehoseInput = mocked.firehose.commandCalls(CreateDeliveryStreamCommand)[0]!.args[0].input;
  t.is(firehoseInput.DeliveryStreamType, 'KinesisStreamAsSource');
  t.is(firehoseInput.KinesisStreamSourceConfiguration?.RoleARN, 'arn:aws:iam::123456789012:role/weblogs-firehose');
  t.is(firehoseInput.ExtendedS3DestinationConfiguration?.ProcessingConfiguration?.Processors?.[0]?.Parameters?.[0]?.ParameterValue, 'arn:aws:lambda:eu-west-1:123456789012:function:weblogs-transform');
  const fn = mocked.lambda.commandCalls(CreateFunctionCommand)[0]!.args[0].input;
  t.like(fn, { FunctionName: 'weblogs-transform', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/weblogs-transform', MemorySize: 256, Timeout: 60 });
});

test.serial('deploy makes the function while the new stream becomes ACTIVE, and the delivery stream only once both are ready', async (t) => {
  const { target, mocked, writes } = mocks();
  emptyAccount(mocked);
  // The stream stays CREATING until the function has been asked for: a deploy that made the function only after
  // the stream's wait would time out here.
  mocked.kinesis.on(DescribeStreamSummaryCommand).rejectsOnce(awsError('ResourceNotFoundException')).callsFake(() => ({
    StreamDescriptionSummary: { StreamStatus: writes.includes('lambda:CreateFunction') ? 'ACTIVE' : 'CREATING' },
  }));
  await provision(target, config, artifact);
  t.true(writes.indexOf('kinesis:CreateStream') < writes.indexOf('lambda:CreateFunction'), writes.join(', '));
  t.true(writes.indexOf('lambda:CreateFunction') < writes.indexOf('kinesis:AddTagsToStream'), writes.join(', '));
  t.is(writes.at(-1), 'firehose:CreateDeliveryStream');
});

test.serial('deploy retries Firehose creation while the new role propagates, then succeeds', async (t) => {
  const { target, mocked } = mocks();
  emptyAccount(mocked);
  const unable = awsError('InvalidArgumentException', 'Firehose is unable to assume role arn:aws:iam::123456789012:role/weblogs-firehose. Please check the role provided.');
  mocked.firehose.on(CreateDeliveryStreamCommand).rejectsOnce(unable).rejectsOnce(unable).resolves({ DeliveryStreamARN: 'arn' });
  const lines: string[] = [];
  await provision(target, config, artifact, (line) => lines.push(line));
  t.is(mocked.firehose.commandCalls(CreateDeliveryStreamCommand).length, 3);
  t.is(lines.filter((line) => line.includes('the IAM role is not usable yet')).length, 2);
});

test.serial('deploy gives up on an error that is not IAM propagation at once', async (t) => {
  const { target, mocked } = mocks();
  emptyAccount(mocked);
  mocked.firehose.on(CreateDeliveryStreamCommand).rejects(awsError('LimitExceededException', 'You have already consumed your firehose quota'));
  await t.throwsAsync(provision(target, config, artifact), { name: 'LimitExceededException' });
  t.is(mocked.firehose.commandCalls(CreateDeliveryStreamCommand).length, 1);
});

test.serial('a bucket name taken by another account stops deploy before anything else is made', async (t) => {
  const { target, mocked, writes } = mocks();
  emptyAccount(mocked);
  mocked.s3.on(CreateBucketCommand).rejects(awsError('BucketAlreadyExists', 'The requested bucket name is not available.', 409));
  await t.throwsAsync(provision(target, config, artifact), { name: 'BucketAlreadyExists' });
  t.deepEqual(writes, []);
  t.is(mocked.kinesis.commandCalls(CreateStreamCommand).length, 0);
  t.is(mocked.iam.commandCalls(CreateRoleCommand).length, 0);
});

test.serial('failures among resources made side by side stop deploy once they have settled: the first error is thrown, the others logged, and nothing that needs them is made', async (t) => {
  const { target, mocked, writes } = mocks();
  emptyAccount(mocked);
  mocked.logs.on(CreateLogGroupCommand).rejects(awsError('LimitExceededException', 'Resource limit exceeded.'));
  mocked.iam.on(CreateRoleCommand).rejects(awsError('LimitExceeded', 'Cannot exceed quota for RolesPerAccount: 1000', 409));
  const lines: string[] = [];
  await t.throwsAsync(provision(target, config, artifact, (line) => lines.push(line)), { name: 'LimitExceededException' });
  t.true(lines.some((line) => /^role weblogs-\w+ failed too: Cannot exceed quota for RolesPerAccount/.test(line)), lines.join('\n'));
  // The stream, begun beside them, was waited for; the function and the delivery stream were never asked for.
  t.true(writes.includes('kinesis:AddTagsToStream'), writes.join(', '));
  t.is(mocked.lambda.commandCalls(CreateFunctionCommand).length, 0);
  t.is(mocked.firehose.commandCalls(CreateDeliveryStreamCommand).length, 0);
});

function liveAccount(mocked: ReturnType<typeof mocks>['mocked'], hints = desired.deliveryStream.destination.BufferingHints) {
  mocked.s3.on(HeadBucketCommand).resolves({});
  mocked.s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } });
  mocked.s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
  mocked.s3.on(GetBucketOwnershipControlsCommand).resolves({ OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } });
  mocked.s3.on(GetBucketPolicyCommand).resolves({ Policy: JSON.stringify(desired.bucket.policy) });
  mocked.s3.on(GetBucketLifecycleConfigurationCommand).rejects(awsError('NoSuchLifecycleConfiguration', 'none', 404));
  mocked.logs.on(DescribeLogGroupsCommand).callsFake((input: { logGroupNamePrefix?: string }) => ({ logGroups: [{ logGroupName: input.logGroupNamePrefix, retentionInDays: 14 }] }));
  mocked.iam.on(GetRoleCommand).callsFake((input: { RoleName: string }) => ({ Role: { RoleName: input.RoleName, AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(desired.roles.find((r) => r.name === input.RoleName)!.trust)) } }));
  mocked.iam.on(GetRolePolicyCommand).callsFake((input: { RoleName: string }) => ({ PolicyDocument: encodeURIComponent(JSON.stringify(desired.roles.find((r) => r.name === input.RoleName)!.policy)) }));
  mocked.kinesis.on(DescribeStreamSummaryCommand).resolves({ StreamDescriptionSummary: { StreamStatus: 'ACTIVE', OpenShardCount: 1, RetentionPeriodHours: 24, StreamModeDetails: { StreamMode: 'PROVISIONED' }, EncryptionType: 'NONE' } as never });
  mocked.lambda.on(GetFunctionCommand).resolves({ Configuration: { State: 'Active', CodeSha256: artifact.sha256, MemorySize: 256, Timeout: 60, Handler: 'index.handler', Runtime: 'nodejs22.x', Architectures: ['x86_64'], Environment: { Variables: artifact.environment } } });
  const destination = desired.deliveryStream.destination;
  mocked.firehose.on(DescribeDeliveryStreamCommand).resolves({
    DeliveryStreamDescription: {
      DeliveryStreamName: desired.deliveryStream.name, DeliveryStreamARN: desired.names.deliveryStreamArn, DeliveryStreamStatus: 'ACTIVE',
      DeliveryStreamType: 'KinesisStreamAsSource', VersionId: '7', HasMoreDestinations: false,
      Source: { KinesisStreamSourceDescription: { KinesisStreamARN: desired.names.streamArn } },
      Destinations: [{
        DestinationId: 'destinationId-000000000001',
        ExtendedS3DestinationDescription: {
          ...destination, RoleARN: destination.RoleARN!, BucketARN: destination.BucketARN!, BufferingHints: hints!, CompressionFormat: 'UNCOMPRESSED',
          EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
          S3BackupDescription: { Prefix: destination.S3BackupConfiguration?.Prefix } as never,
        },
      }],
    },
  });
}

test.serial('deploy to an account that matches makes no write call', async (t) => {
  const { target, mocked, writes } = mocks();
  liveAccount(mocked);
  const result = await provision(target, config, artifact);
  t.false(result.changed, JSON.stringify(result.plan.filter((c) => c.action !== 'none')));
  t.deepEqual(writes, []);
});

test.serial('deploy to an account with drifted buffering updates the destination in place with the current version id', async (t) => {
  const { target, mocked, writes } = mocks();
  liveAccount(mocked, { SizeInMBs: 5, IntervalInSeconds: 300 });
  await provision(target, config, artifact);
  t.deepEqual(writes, ['firehose:UpdateDestination']);
  const update = mocked.firehose.commandCalls(UpdateDestinationCommand)[0]!.args[0].input;
  t.is(update.CurrentDeliveryStreamVersionId, '7');
  t.is(update.DestinationId, 'destinationId-000000000001');
  t.deepEqual(update.ExtendedS3DestinationUpdate?.BufferingHints, { SizeInMBs: 64, IntervalInSeconds: 60 });
  t.is((update.ExtendedS3DestinationUpdate as Record<string, unknown>).DynamicPartitioningConfiguration, undefined);
});

test.serial('destroy refuses to delete a bucket that is not tagged for the pipeline', async (t) => {
  const { target, mocked } = mocks();
  mocked.s3.on(GetBucketTaggingCommand).rejects(awsError('NoSuchTagSet', 'The TagSet does not exist', 404));
  const report = await destroyPipeline(target, desired, { bucket: { name: desired.bucket.name, publicAccessBlocked: true, lifecycle: [] } });
  t.deepEqual(report.kept, ['bucket weblogs-123456789012-eu-west-1 (not tagged hosepipe:pipeline=weblogs)']);
  t.is(mocked.s3.commandCalls(DeleteBucketCommand).length, 0);
});

test.serial('destroy keeps a tagged bucket that still holds objects', async (t) => {
  const { target, mocked } = mocks();
  mocked.s3.on(GetBucketTaggingCommand).resolves({ TagSet: [{ Key: 'hosepipe:pipeline', Value: 'weblogs' }] });
  mocked.s3.on(ListObjectsV2Command).resolves({ KeyCount: 1, Contents: [{ Key: 'x' }] });
  const report = await destroyPipeline(target, desired, { bucket: { name: desired.bucket.name, publicAccessBlocked: true, lifecycle: [] } });
  t.deepEqual(report.kept, ['bucket weblogs-123456789012-eu-west-1 (holds objects; --empty-bucket deletes them)']);
  t.is(mocked.s3.commandCalls(DeleteBucketCommand).length, 0);
});
