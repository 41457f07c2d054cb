import test from 'ava';
import { GetFunctionConfigurationCommand, InvokeCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { createLambdaServer } from '../../../emulator-shims/lambda/index.js';
import { createNodeFunction, decodePayload, makeClient, makeStateDir, SCOPE, uniqueName } from './helpers.js';

test('functions persist in the state folder and are served again after a restart', async (t) => {
  const stateDir = await makeStateDir(t);
  const name = uniqueName('persist');
  const first = await createLambdaServer({ stateDir, scope: SCOPE });
  const firstClient = makeClient(t, first.url);
  await createNodeFunction(firstClient, name, { 'index.mjs': 'export const handler = async () => "still here";' }, { Environment: { Variables: { A: '1' } } });
  const before = await firstClient.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  await first.close();

  const second = await createLambdaServer({ stateDir, scope: SCOPE });
  t.teardown(() => second.close());
  const client = makeClient(t, second.url);
  const after = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  t.is(after.RevisionId, before.RevisionId);
  t.is(after.CodeSha256, before.CodeSha256);
  t.deepEqual(after.Environment, { Variables: { A: '1' } });
  t.deepEqual((await client.send(new ListFunctionsCommand({}))).Functions?.map((fn) => fn.FunctionName), [name]);
  t.is(decodePayload((await client.send(new InvokeCommand({ FunctionName: name }))).Payload), 'still here');
});
