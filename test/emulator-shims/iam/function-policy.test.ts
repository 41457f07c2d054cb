import test from 'ava';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AddPermissionCommand, CreateFunctionCommand, InvokeCommand, LambdaClient, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { clientConfig, startEdge, uniqueName } from '../edge/helpers.js';

const ACCOUNT = '000000000000';
const trust = (principal: object) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });

test('Invoke by a role session with no identity grant is allowed by the function\'s policy naming the role, and denied again once the statement is removed', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true } });
  const iam = new IAMClient(clientConfig(edge));
  const execution = uniqueName('exec');
  await iam.send(new CreateRoleCommand({ RoleName: execution, AssumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }) }));
  const lambda = new LambdaClient(clientConfig(edge, { maxAttempts: 1 }));
  const fn = uniqueName('fn');
  await lambda.send(new CreateFunctionCommand({
    FunctionName: fn, Runtime: 'nodejs20.x', Role: `arn:aws:iam::${ACCOUNT}:role/${execution}`, Handler: 'index.handler',
    Code: { ZipFile: zipSync({ 'index.mjs': strToU8('export const handler = async () => "ran";') }) },
  }));
  const caller = uniqueName('caller');
  const callerArn = `arn:aws:iam::${ACCOUNT}:role/${caller}`;
  await iam.send(new CreateRoleCommand({ RoleName: caller, AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) }));
  const { Credentials: c } = await new STSClient(clientConfig(edge)).send(new AssumeRoleCommand({ RoleArn: callerArn, RoleSessionName: 'invoker' }));
  const asCaller = new LambdaClient(clientConfig(edge, { maxAttempts: 1, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! } }));
  const functionArn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${fn}`;

  const denied = await t.throwsAsync(asCaller.send(new InvokeCommand({ FunctionName: fn })));
  t.is(denied?.name, 'AccessDeniedException');
  t.is(denied?.message, `User: arn:aws:sts::${ACCOUNT}:assumed-role/${caller}/invoker is not authorized to perform: lambda:InvokeFunction on resource: ${functionArn} because no identity-based policy allows the lambda:InvokeFunction action`);

  await lambda.send(new AddPermissionCommand({ FunctionName: fn, StatementId: 'caller', Action: 'lambda:InvokeFunction', Principal: callerArn }));
  const ran = await asCaller.send(new InvokeCommand({ FunctionName: fn }));
  t.is(Buffer.from(ran.Payload!).toString(), '"ran"');

  await lambda.send(new RemovePermissionCommand({ FunctionName: fn, StatementId: 'caller' }));
  const again = await t.throwsAsync(asCaller.send(new InvokeCommand({ FunctionName: fn })));
  t.is(again?.name, 'AccessDeniedException');
});

test('AddPermission and RemovePermission are themselves evaluated for a role session', async (t) => {
  const edge = await startEdge(t, { iam: { enforce: true } });
  const iam = new IAMClient(clientConfig(edge));
  const caller = uniqueName('caller');
  await iam.send(new CreateRoleCommand({ RoleName: caller, AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) }));
  const { Credentials: c } = await new STSClient(clientConfig(edge)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/${caller}`, RoleSessionName: 'session' }));
  const asCaller = new LambdaClient(clientConfig(edge, { maxAttempts: 1, credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! } }));
  const add = await t.throwsAsync(asCaller.send(new AddPermissionCommand({ FunctionName: 'any', StatementId: 'x', Action: 'lambda:InvokeFunction', Principal: '*' })));
  t.regex(add?.message ?? '', /not authorized to perform: lambda:AddPermission on resource: arn:aws:lambda:us-east-1:000000000000:function:any /);
  const remove = await t.throwsAsync(asCaller.send(new RemovePermissionCommand({ FunctionName: 'any', StatementId: 'x' })));
  t.regex(remove?.message ?? '', /not authorized to perform: lambda:RemovePermission on resource: arn:aws:lambda:us-east-1:000000000000:function:any /);
});
