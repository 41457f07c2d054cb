import test from 'ava';
import {
  AttachRolePolicyCommand, CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, DeletePolicyCommand, DeletePolicyVersionCommand,
  DetachRolePolicyCommand, GetPolicyCommand, GetPolicyVersionCommand, IAMClient, ListEntitiesForPolicyCommand, ListPoliciesCommand, ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, startEdge, uniqueName } from '../edge/helpers.js';

const ACCOUNT = '000000000000';
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
const allowPut = (resource: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: resource }] });

test('a customer managed policy goes through its life as Terraform drives it: create, versions, attach, detach, delete', async (t) => {
  const edge = await startEdge(t);
  const iam = new IAMClient(clientConfig(edge));
  const name = uniqueName('policy');
  const created = (await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: allowPut('arn:aws:s3:::b/*'), Description: 'writes', Tags: [{ Key: 'team', Value: 'logs' }] }))).Policy!;
  t.is(created.Arn, `arn:aws:iam::${ACCOUNT}:policy/${name}`);
  t.is(created.DefaultVersionId, 'v1');
  t.regex(created.PolicyId!, /^ANPA[A-Z2-7]{17}$/);
  const duplicate = await t.throwsAsync(iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: allowPut('*') })));
  t.is(duplicate?.name, 'EntityAlreadyExistsException');
  const arn = created.Arn!;
  t.is(decodeURIComponent((await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }))).PolicyVersion!.Document!), allowPut('arn:aws:s3:::b/*'));
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allowPut('arn:aws:s3:::c/*'), SetAsDefault: true }));
  t.is((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v2');
  t.deepEqual((await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions!.map((version) => [version.VersionId, version.IsDefaultVersion]), [['v2', true], ['v1', false]]);
  const role = uniqueName('role');
  await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: TRUST }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: arn }));
  t.is((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount, 1);
  t.deepEqual((await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }))).PolicyRoles!.map((entry) => entry.RoleName), [role]);
  t.true((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies!.some((policy) => policy.Arn === arn));
  const attached = await t.throwsAsync(iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
  t.is(attached?.name, 'DeleteConflictException');
  await iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: arn }));
  const versions = await t.throwsAsync(iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
  t.is(versions?.name, 'DeleteConflictException');
  const defaultVersion = await t.throwsAsync(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })));
  t.is(defaultVersion?.message, 'Cannot delete the default version of a policy.');
  await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
  await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
  const gone = await t.throwsAsync(iam.send(new GetPolicyCommand({ PolicyArn: arn })));
  t.is(gone?.name, 'NoSuchEntityException');
  const unknown = await t.throwsAsync(iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/never-created` })));
  t.is(unknown?.name, 'NoSuchEntityException');
  t.is(unknown?.message, `Policy arn:aws:iam::${ACCOUNT}:policy/never-created does not exist or is not attachable.`);
});

test('an attached customer managed policy grants what its default version allows, and a new default version changes it at once', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true } });
  const iam = new IAMClient(clientConfig(edge));
  const bucket = uniqueName('managed');
  await new S3Client(clientConfig(edge, { forcePathStyle: true })).send(new CreateBucketCommand({ Bucket: bucket }));
  const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: uniqueName('writer'), PolicyDocument: allowPut(`arn:aws:s3:::${bucket}/in/*`) }))).Policy!.Arn!;
  const role = uniqueName('role');
  await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: TRUST }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: arn }));
  const { Credentials: c } = await new STSClient(clientConfig(edge)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${role}`, RoleSessionName: 'writer' }));
  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! } }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/a', Body: 'x' }));
  const outside = await t.throwsAsync(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'out/a', Body: 'x' })));
  t.is(outside?.name, 'AccessDenied');
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: allowPut(`arn:aws:s3:::${bucket}/out/*`), SetAsDefault: true }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'out/a', Body: 'x' }));
  const before = await t.throwsAsync(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/b', Body: 'x' })));
  t.is(before?.name, 'AccessDenied');
});
