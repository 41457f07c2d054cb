import test from 'ava';
import { AddPermissionCommand, GetPolicyCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { createNodeFunction, makeClient, startLambda, uniqueName } from '../helpers.js';
import { createLambdaServer } from '../../../../emulator-shims/lambda/index.js';

const HANDLER = { 'index.mjs': 'export const handler = async () => 1;' };

test('AddPermission writes Lambda\'s statement, GetPolicy answers the policy, RemovePermission takes the statement out again', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('perm');
  await createNodeFunction(client, name, HANDLER);
  const arn = `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
  const sourceArn = 'arn:aws:firehose:us-east-1:000000000000:deliverystream/logs';
  const added = await client.send(new AddPermissionCommand({
    FunctionName: name, StatementId: 'firehose', Action: 'lambda:InvokeFunction', Principal: 'firehose.amazonaws.com', SourceArn: sourceArn, SourceAccount: '000000000000',
  }));
  const statement = {
    Sid: 'firehose', Effect: 'Allow', Principal: { Service: 'firehose.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: arn,
    Condition: { StringEquals: { 'AWS:SourceAccount': '000000000000' }, ArnLike: { 'AWS:SourceArn': sourceArn } },
  };
  t.deepEqual(JSON.parse(added.Statement!), statement);
  await client.send(new AddPermissionCommand({ FunctionName: arn, StatementId: 'account', Action: 'lambda:GetFunction', Principal: '111111111111' }));
  const policy = await client.send(new GetPolicyCommand({ FunctionName: name }));
  t.deepEqual(JSON.parse(policy.Policy!), {
    Version: '2012-10-17', Id: 'default',
    Statement: [statement, { Sid: 'account', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'lambda:GetFunction', Resource: arn }],
  });
  t.truthy(policy.RevisionId);
  await client.send(new RemovePermissionCommand({ FunctionName: name, StatementId: 'firehose' }));
  t.deepEqual(JSON.parse((await client.send(new GetPolicyCommand({ FunctionName: name }))).Policy!).Statement.map((s: { Sid: string }) => s.Sid), ['account']);
  await client.send(new RemovePermissionCommand({ FunctionName: name, StatementId: 'account' }));
  const none = await t.throwsAsync(client.send(new GetPolicyCommand({ FunctionName: name })));
  t.is(none?.name, 'ResourceNotFoundException');
  t.is(none?.message, 'The resource you requested does not exist.');
});

test('AddPermission refuses a taken statement id, a principal Lambda does not take, a bad action and a stale RevisionId, each as Lambda does', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('perm');
  await createNodeFunction(client, name, HANDLER);
  const add = (input: Partial<ConstructorParameters<typeof AddPermissionCommand>[0]>) => client.send(new AddPermissionCommand({
    FunctionName: name, StatementId: 'one', Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', ...input,
  }));
  await add({});
  const taken = await t.throwsAsync(add({}));
  t.is(taken?.name, 'ResourceConflictException');
  t.is(taken?.message, 'The statement id (sid) provided already exists. Please provide a new statement id, or remove the existing statement.');
  const principal = await t.throwsAsync(add({ StatementId: 'two', Principal: 'somebody' }));
  t.is(principal?.name, 'InvalidParameterValueException');
  t.is(principal?.message, 'The provided principal was invalid. Please check the principal and try again.');
  const action = await t.throwsAsync(add({ StatementId: 'bad id!', Action: 's3:GetObject' }));
  t.is(action?.name, 'ValidationException');
  t.regex(action?.message ?? '', /^2 validation errors detected: Value 'bad id!' at 'statementId' failed to satisfy constraint: .*; Value 's3:GetObject' at 'action' failed to satisfy constraint/);
  const stale = await t.throwsAsync(add({ StatementId: 'three', RevisionId: 'not-the-revision' }));
  t.is(stale?.name, 'PreconditionFailedException');
  const gone = await t.throwsAsync(client.send(new RemovePermissionCommand({ FunctionName: name, StatementId: 'never-added' })));
  t.is(gone?.name, 'ResourceNotFoundException');
  t.is(gone?.message, 'Statement never-added is not found in resource policy.');
  const unknown = await t.throwsAsync(client.send(new AddPermissionCommand({ FunctionName: uniqueName('missing'), StatementId: 'x', Action: 'lambda:InvokeFunction', Principal: '*' })));
  t.is(unknown?.name, 'ResourceNotFoundException');
});

test('a function\'s policy persists across a restart of the service', async (t) => {
  const first = await startLambda(t);
  const name = uniqueName('perm');
  await createNodeFunction(first.client, name, HANDLER);
  await first.client.send(new AddPermissionCommand({ FunctionName: name, StatementId: 'kept', Action: 'lambda:InvokeFunction', Principal: '000000000000' }));
  const again = await createLambdaServer({ stateDir: first.stateDir, scope: { accountId: '000000000000', region: 'us-east-1' } });
  t.teardown(() => again.close());
  const policy = await makeClient(t, again.url).send(new GetPolicyCommand({ FunctionName: name }));
  t.is(JSON.parse(policy.Policy!).Statement[0].Sid, 'kept');
});
