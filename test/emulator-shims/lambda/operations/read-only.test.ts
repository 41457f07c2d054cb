import test from 'ava';
import { GetFunctionCodeSigningConfigCommand, GetPolicyCommand, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { createNodeFunction, startLambda, uniqueName } from '../helpers.js';

const HANDLER = { 'index.mjs': 'export const handler = async () => 1;' };

test('listVersionsByFunction lists $LATEST with its qualified ARN', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('versions');
  await createNodeFunction(client, name, HANDLER);
  const { Versions } = await client.send(new ListVersionsByFunctionCommand({ FunctionName: name }));
  t.is(Versions?.length, 1);
  t.is(Versions?.[0]?.Version, '$LATEST');
  t.is(Versions?.[0]?.FunctionArn, `arn:aws:lambda:us-east-1:000000000000:function:${name}:$LATEST`);
});

test('getFunctionCodeSigningConfig answers an empty config ARN for a function without one', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('signing');
  await createNodeFunction(client, name, HANDLER);
  const answer = await client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: name }));
  t.is(answer.FunctionName, name);
  t.is(answer.CodeSigningConfigArn, '');
});

test('getPolicy is ResourceNotFoundException for a function without a resource policy', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('policy');
  await createNodeFunction(client, name, HANDLER);
  await t.throwsAsync(client.send(new GetPolicyCommand({ FunctionName: name })), { name: 'ResourceNotFoundException', message: 'The resource you requested does not exist.' });
});

test('the read-only calls name an unknown function with ResourceNotFoundException', async (t) => {
  const { client } = await startLambda(t);
  await t.throwsAsync(client.send(new ListVersionsByFunctionCommand({ FunctionName: 'nope' })), { name: 'ResourceNotFoundException', message: /function:nope/ });
  await t.throwsAsync(client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'nope' })), { name: 'ResourceNotFoundException' });
});
