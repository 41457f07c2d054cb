import test from 'ava';
import { GetFunctionConfigurationCommand, InvokeCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { createNodeFunction, decodePayload, startLambda, uniqueName } from '../helpers.js';

test('updateFunctionConfiguration changes only the named fields and restarts instances with them', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('reconfig');
  await createNodeFunction(client, name, { 'index.mjs': 'export const handler = async (e, context) => ({ mode: process.env.MODE, memory: context.memoryLimitInMB });' }, {
    Environment: { Variables: { MODE: 'one' } }, Description: 'kept',
  });
  t.deepEqual(decodePayload((await client.send(new InvokeCommand({ FunctionName: name }))).Payload), { mode: 'one', memory: '128' });
  const updated = await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { MODE: 'two' } }, MemorySize: 256, Timeout: 10 }));
  t.is(updated.LastUpdateStatus, 'InProgress');
  t.deepEqual(decodePayload((await client.send(new InvokeCommand({ FunctionName: name }))).Payload), { mode: 'two', memory: '256' });
  const after = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  t.like(after, { Description: 'kept', Timeout: 10, MemorySize: 256, LastUpdateStatus: 'Successful', Environment: { Variables: { MODE: 'two' } } });
});

test('updateFunctionConfiguration rejects a Timeout over 900 seconds', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('longtimeout');
  await createNodeFunction(client, name, { 'index.mjs': 'export const handler = async () => 1;' });
  const error = await t.throwsAsync(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Timeout: 901 })));
  t.is(error?.name, 'InvalidParameterValueException');
});
