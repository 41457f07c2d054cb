import test from 'ava';
import { createLambdaService } from '../../../emulator-shims/lambda/index.js';
import { makeStateDir, SCOPE, startLambda } from './helpers.js';

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
