import test from 'ava';
import { GetFunctionConfigurationCommand, InvokeCommand, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { createNodeFunction, decodePayload, startLambda, uniqueName, zipOf } from '../helpers.js';

test('updateFunctionCode swaps the code and replaces the warm instances', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('newcode');
  await createNodeFunction(client, name, { 'index.mjs': 'let n = 0;\nexport const handler = async () => `v1:${++n}`;' });
  t.is(decodePayload((await client.send(new InvokeCommand({ FunctionName: name }))).Payload), 'v1:1');
  const before = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  const updated = await client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zipOf({ 'index.mjs': 'let n = 0;\nexport const handler = async () => `v2:${++n}`;' }) }));
  t.is(updated.LastUpdateStatus, 'InProgress');
  t.not(updated.CodeSha256, before.CodeSha256);
  t.not(updated.RevisionId, before.RevisionId);
  t.is(decodePayload((await client.send(new InvokeCommand({ FunctionName: name }))).Payload), 'v2:1');
  const after = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  t.is(after.LastUpdateStatus, 'Successful');
  t.is(after.CodeSha256, updated.CodeSha256);
});

test('updateFunctionCode with a stale RevisionId fails with PreconditionFailedException', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('revision');
  await createNodeFunction(client, name, { 'index.mjs': 'export const handler = async () => 1;' });
  const error = await t.throwsAsync(client.send(new UpdateFunctionCodeCommand({ FunctionName: name, RevisionId: 'stale', ZipFile: zipOf({ 'index.mjs': 'export const handler = async () => 2;' }) })));
  t.is(error?.name, 'PreconditionFailedException');
});
