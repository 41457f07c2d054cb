import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachRolePolicyCommand, CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient,
  ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, ListRoleTagsCommand, PutRolePolicyCommand, TagRoleCommand, UntagRoleCommand, UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { createEdgeServer } from '../../../emulator-shims/index.js';
import { clientConfig, startEdge, uniqueName } from '../edge/helpers.js';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'firehose.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const lambdaTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const s3Write = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::b/*' }] });

test('a role goes through its whole life as the SDK drives it', async (t) => {
  const edge = await startEdge(t);
  const iam = new IAMClient(clientConfig(edge));
  const name = uniqueName('firehose-role');
  const created = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust, Path: '/service/', Description: 'delivery', Tags: [{ Key: 'hosepipe:pipeline', Value: 'logs' }] }));
  t.is(created.Role?.Arn, `arn:aws:iam::000000000000:role/service/${name}`);
  t.regex(created.Role?.RoleId ?? '', /^AROA[A-Z2-7]{17}$/);
  t.true(created.Role?.CreateDate instanceof Date);

  const got = await iam.send(new GetRoleCommand({ RoleName: name }));
  t.deepEqual(JSON.parse(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? '')), JSON.parse(trust));
  t.is(got.Role?.MaxSessionDuration, 3600);
  t.deepEqual(got.Role?.Tags, [{ Key: 'hosepipe:pipeline', Value: 'logs' }]);

  await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: lambdaTrust }));
  t.regex(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: name }))).Role?.AssumeRolePolicyDocument ?? ''), /lambda\.amazonaws\.com/);

  await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'write', PolicyDocument: s3Write }));
  t.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames, ['write']);
  t.deepEqual(JSON.parse(decodeURIComponent((await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'write' }))).PolicyDocument ?? '')), JSON.parse(s3Write));

  const arn = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
  await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: arn }));
  t.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }))).AttachedPolicies, [{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: arn }]);

  await iam.send(new TagRoleCommand({ RoleName: name, Tags: [{ Key: 'team', Value: 'data' }] }));
  await iam.send(new UntagRoleCommand({ RoleName: name, TagKeys: ['hosepipe:pipeline'] }));
  t.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: name }))).Tags, [{ Key: 'team', Value: 'data' }]);

  const conflict = await t.throwsAsync(iam.send(new DeleteRoleCommand({ RoleName: name })));
  t.is(conflict?.name, 'DeleteConflictException');
  t.regex(conflict?.message ?? '', /must detach all policies first/);
  await iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: arn }));
  t.is((await t.throwsAsync(iam.send(new DeleteRoleCommand({ RoleName: name }))))?.message, 'Cannot delete entity, must delete policies first.');
  await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'write' }));
  await iam.send(new DeleteRoleCommand({ RoleName: name }));
  const missing = await t.throwsAsync(iam.send(new GetRoleCommand({ RoleName: name })));
  t.is(missing?.name, 'NoSuchEntityException');
  t.is(missing?.message, `The role with name ${name} cannot be found.`);
});

test('IAM errors arrive as the SDK expects them: EntityAlreadyExists, MalformedPolicyDocument, ValidationError', async (t) => {
  const edge = await startEdge(t);
  const iam = new IAMClient(clientConfig(edge));
  const name = uniqueName('r');
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
  t.is((await t.throwsAsync(iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }))))?.name, 'EntityAlreadyExistsException');
  const malformed = await t.throwsAsync(iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}' })));
  t.is(malformed?.name, 'MalformedPolicyDocumentException');
  t.is(malformed?.message, 'Policy statement must contain resources.');
  const invalid = await t.throwsAsync(iam.send(new GetRoleCommand({ RoleName: 'bad name!' })));
  t.is(invalid?.name, 'ValidationError');
  t.regex(invalid?.message ?? '', /^1 validation error detected: Value 'bad name!' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern/);
});

test('roles persist in the state folder across an endpoint restart', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-iam-'));
  const name = uniqueName('kept');
  const first = await createEdgeServer({ port: 0, stateDir });
  await new IAMClient(clientConfig(first)).send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
  await first.close();
  const second = await createEdgeServer({ port: 0, stateDir });
  t.teardown(() => second.close());
  t.is((await new IAMClient(clientConfig(second)).send(new GetRoleCommand({ RoleName: name }))).Role?.RoleName, name);
});
