import test from 'ava';
import { createLambdaService } from '../../../emulator-shims/lambda/index.js';
import { createLambdaServer } from '../../../emulator-shims/lambda/server.js';
import { createNodeFunction, makeClient, makeStateDir, SCOPE, startLambda, uniqueName } from './helpers.js';

test('the service answers an unknown Lambda path with a JSON error carrying x-amzn-ErrorType', async (t) => {
  const { url } = await startLambda(t);
  const response = await fetch(`${url}/2015-03-31/functions/x/aliases`, { method: 'GET' });
  t.is(response.status, 404);
  t.is(response.headers.get('x-amzn-errortype'), 'UnknownOperationException');
  t.like(await response.json(), { Type: 'User' });
});

test('createLambdaService names itself lambda, reports running, then disabled once closed', async (t) => {
  const service = createLambdaService({ stateDir: await makeStateDir(t), scope: SCOPE });
  t.is(service.name, 'lambda');
  t.is(service.status(), 'running');
  await service.close();
  await service.close();
  t.is(service.status(), 'disabled');
});

test('createLambdaService rejects a concurrency that is not a positive integer, echoing it', async (t) => {
  const stateDir = await makeStateDir(t);
  t.throws(() => createLambdaService({ stateDir, scope: SCOPE, concurrency: 0 }), { message: 'concurrency must be a positive integer, got 0' });
});

test('an in-process invoke leaves the caller\'s payload pieces as they were, so the same pieces can be sent again', async (t) => {
  const stateDir = await makeStateDir(t);
  const server = await createLambdaServer({ stateDir, scope: SCOPE });
  t.teardown(() => server.close());
  const client = makeClient(t, server.url);
  const name = uniqueName('inproc');
  await createNodeFunction(client, name, { 'index.mjs': 'export const handler = async (event) => ({ length: event.text.length });' });
  const text = 'x'.repeat(300_000);
  const pieces = [Buffer.from(`{"text":"${text.slice(0, 1000)}`), Buffer.from(`${text.slice(1000)}"}`)];
  for (let round = 0; round < 2; round += 1) {
    const answer = await server.service.invoke(name, pieces);
    t.is(Buffer.concat(answer.raw as Buffer[]).toString('utf8'), '{"length":300000}');
    t.is(pieces.length, 2);
  }
});
