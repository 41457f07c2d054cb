import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateDeliveryStreamCommand, FirehoseClient, ListDeliveryStreamsCommand } from '@aws-sdk/client-firehose';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { clientConfig, startEdge } from '../edge/helpers.js';
import { createFixtureRoles } from '../edge/fixture-roles.js';
import type { EdgeServer } from '../../../emulator-shims/index.js';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/service/pipeline-reader';

// The role lives in account 123456789012 and trusts the local account's root, as a CI role does; IAM is evaluated.
const createReaderRole = (edge: EdgeServer) => createFixtureRoles(edge.url, { accessKeyId: '123456789012', names: ['service/pipeline-reader'], trustedAccount: '000000000000' });

test('AssumeRole issues ASIA credentials that GetCallerIdentity maps back to the assumed-role ARN in the role\'s account', async (t) => {
  const edge = await startEdge(t);
  await createReaderRole(edge);
  const sts = new STSClient(clientConfig(edge));
  const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'ci-run', DurationSeconds: 900 }));
  const credentials = assumed.Credentials!;
  t.regex(credentials.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
  t.truthy(credentials.SecretAccessKey);
  t.truthy(credentials.SessionToken);
  const lifetime = credentials.Expiration!.getTime() - Date.now();
  t.true(lifetime > 800_000 && lifetime <= 900_000, String(lifetime));
  t.is(assumed.AssumedRoleUser?.Arn, 'arn:aws:sts::123456789012:assumed-role/pipeline-reader/ci-run');
  t.regex(assumed.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z2-7]{17}:ci-run$/);

  const asRole = new STSClient(clientConfig(edge, {
    credentials: { accessKeyId: credentials.AccessKeyId!, secretAccessKey: credentials.SecretAccessKey!, sessionToken: credentials.SessionToken! },
  }));
  const identity = await asRole.send(new GetCallerIdentityCommand({}));
  t.is(identity.Arn, 'arn:aws:sts::123456789012:assumed-role/pipeline-reader/ci-run');
  t.is(identity.Account, '123456789012');
  t.is(identity.UserId, assumed.AssumedRoleUser?.AssumedRoleId);
});

test('credentials from AssumeRole act in the role\'s account: a delivery stream created with them is not in the local account', async (t) => {
  const edge = await startEdge(t, { firehose: { createDelayMs: 0 } });
  await createReaderRole(edge);
  const { Credentials: c } = await new STSClient(clientConfig(edge)).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'writer' }));
  const asRole = new FirehoseClient(clientConfig(edge, { credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! } }));
  await asRole.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: 'role-stream', DeliveryStreamType: 'DirectPut',
    ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: 'arn:aws:s3:::role-bucket' },
  }));
  t.deepEqual((await asRole.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames, ['role-stream']);
  t.deepEqual((await new FirehoseClient(clientConfig(edge)).send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames, []);
});

test('issued credentials sent with a wrong session token are refused as AWS refuses them', async (t) => {
  const edge = await startEdge(t);
  await createReaderRole(edge);
  const { Credentials: c } = await new STSClient(clientConfig(edge)).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'forged' }));
  const forged = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: 'not-the-token' };
  const stsError = await t.throwsAsync(new STSClient(clientConfig(edge, { credentials: forged })).send(new GetCallerIdentityCommand({})));
  t.is(stsError?.name, 'InvalidClientTokenId');
  const kinesisError = await t.throwsAsync(new KinesisClient(clientConfig(edge, { credentials: forged, maxAttempts: 1 })).send(new ListStreamsCommand({})));
  t.is(kinesisError?.name, 'UnrecognizedClientException');
});

test('AssumeRole answers ValidationError for a short session name, a bad duration and a missing role', async (t) => {
  const edge = await startEdge(t);
  const sts = new STSClient(clientConfig(edge));
  const short = await t.throwsAsync(sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'x' })));
  t.is(short?.name, 'ValidationError');
  t.regex(short?.message ?? '', /Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2/);
  const long = await t.throwsAsync(sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'ok', DurationSeconds: 50_000 })));
  t.regex(long?.message ?? '', /at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200/);
  const missing = await t.throwsAsync(sts.send(new AssumeRoleCommand({ RoleArn: undefined as unknown as string, RoleSessionName: 'ok' })));
  t.regex(missing?.message ?? '', /Value null at 'roleArn' failed to satisfy constraint: Member must not be null/);
  const notRole = await t.throwsAsync(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:user/alice', RoleSessionName: 'ok' })));
  t.is(notRole?.name, 'ValidationError');
});

test('AssumeRole sessions outlive an endpoint restart on the same state folder', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-sts-'));
  const first = await startEdge(t, { stateDir });
  await createReaderRole(first);
  const { Credentials: c } = await new STSClient(clientConfig(first)).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'durable' }));
  await first.close();
  const second = await startEdge(t, { stateDir, port: Number(new URL(first.url).port) });
  const identity = await new STSClient(clientConfig(second, {
    credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! },
  })).send(new GetCallerIdentityCommand({}));
  t.is(identity.Arn, 'arn:aws:sts::123456789012:assumed-role/pipeline-reader/durable');
});
