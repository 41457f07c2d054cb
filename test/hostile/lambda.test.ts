import test from 'ava';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { createNodeFunction, decodePayload, startLambda, uniqueName } from '../emulator-shims/lambda/helpers.js';
import { authorization, startHostileEdgeWithRoles, type HostileEdge } from './harness.js';
import { deflatedZeros, rawZip, type RawEntry } from './zip-bytes.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const HANDLER_FILE: RawEntry = { name: 'index.mjs', data: Buffer.from('export const handler = async () => "ok";') };

function lambdaCall(method: string, path: string, body?: unknown, region = 'us-east-1') {
  return {
    method,
    path,
    headers: { 'content-type': 'application/json', authorization: authorization('lambda', region), 'x-amz-date': '20260101T000000Z' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  };
}

function createBody(name: string, zip: Buffer, extra: Record<string, unknown> = {}) {
  return { FunctionName: name, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip.toString('base64') }, ...extra };
}

async function createWorking(hostile: HostileEdge, name: string): Promise<void> {
  const created = await hostile.send(lambdaCall('POST', '/2015-03-31/functions', createBody(name, rawZip([HANDLER_FILE]))));
  if (created.status !== 201) throw new Error(`setup: ${created.status} ${created.text}`);
}

const wrongTypes: Array<[string, Record<string, unknown>]> = [
  ['"Timeout":"abc"', { Timeout: 'abc' }],
  ['"MemorySize":1.5', { MemorySize: 1.5 }],
  ['an environment variable that is a number', { Environment: { Variables: { LEVEL: 5 } } }],
  ['"Layers":"arn"', { Layers: 'arn' }],
  ['a ZipFile that is not base64', { Code: { ZipFile: '!!not base64!!' } }],
];

for (const [label, fields] of wrongTypes) {
  test(`CreateFunction with ${label} is refused with 400 InvalidRequestContentException and nothing is stored`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    const answer = await hostile.send(lambdaCall('POST', '/2015-03-31/functions', { ...createBody('typed', rawZip([HANDLER_FILE])), ...fields }));
    t.is(answer.status, 400, answer.text);
    t.is(answer.code, 'InvalidRequestContentException');
    t.is((await hostile.send(lambdaCall('GET', '/2015-03-31/functions/typed'))).status, 404);
    await hostile.assertUnharmed(t);
  });
}

test('UpdateFunctionConfiguration with "Timeout":"abc" is refused, and Invoke still answers 200 afterwards', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  await createWorking(hostile, 'keeps-working');
  const answer = await hostile.send(lambdaCall('PUT', '/2015-03-31/functions/keeps-working/configuration', { Timeout: 'abc' }));
  t.is(answer.status, 400);
  t.is(answer.code, 'InvalidRequestContentException');
  t.regex(answer.text, /Timeout/);
  const invoked = await hostile.send(lambdaCall('POST', '/2015-03-31/functions/keeps-working/invocations', {}));
  t.is(invoked.status, 200, invoked.text);
  t.is(invoked.text, '"ok"');
  await hostile.assertUnharmed(t);
});

test('a 1 MB zip of 1 GB of zeros is refused by its declared size before anything is inflated', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  const zeros = await deflatedZeros(1024);
  const zip = rawZip([HANDLER_FILE, { name: 'zeros.bin', data: Buffer.alloc(0), deflated: zeros }]);
  t.true(zip.length < 2 * 1024 * 1024, `the bomb is ${zip.length} bytes`);
  const before = process.memoryUsage().rss;
  const answer = await hostile.send(lambdaCall('POST', '/2015-03-31/functions', createBody('bomb', zip)));
  t.is(answer.status, 400);
  t.is(answer.code, 'InvalidParameterValueException');
  t.regex(answer.text, /Unzipped size must be smaller than 262144000 bytes/);
  t.true(process.memoryUsage().rss - before < 200 * 1024 * 1024, 'the endpoint never held the inflated bytes');
  t.is((await hostile.send(lambdaCall('GET', '/2015-03-31/functions/bomb'))).status, 404);
  await hostile.assertUnharmed(t);
});

test('a zip entry that inflates past its declared size is refused while it is unpacked, and nothing of it is kept', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  const zeros = await deflatedZeros(64);
  const zip = rawZip([HANDLER_FILE, { name: 'liar.bin', data: Buffer.alloc(0), deflated: { ...zeros, size: 10 } }]);
  const answer = await hostile.send(lambdaCall('POST', '/2015-03-31/functions', createBody('liar', zip)));
  t.is(answer.status, 400);
  t.is(answer.code, 'InvalidParameterValueException');
  t.regex(answer.text, /Could not unzip uploaded file/);
  await hostile.assertUnharmed(t);
});

const slips: Array<[string, RawEntry[]]> = [
  ['a ../ entry', [{ name: '../../../pwned.txt', data: Buffer.from('x') }]],
  ['an absolute entry', [{ name: '/tmp/pwned-absolute.txt', data: Buffer.from('x') }]],
  ['a backslash entry', [{ name: '..\\..\\..\\pwned.txt', data: Buffer.from('x') }]],
  ['a link to / and a file through it', [
    { name: 'escape', data: Buffer.from('/'), unixMode: 0o120777 },
    { name: 'escape/tmp/pwned-link.txt', data: Buffer.from('x') },
  ]],
  ['a link to the sandbox folder', [{ name: 'up', data: Buffer.from('../../../../../../..'), unixMode: 0o120777 }]],
  ['a link through another link out of the folder', [
    { name: 'a/b/c/deep', data: Buffer.from('../../..'), unixMode: 0o120777 },
    { name: 'out', data: Buffer.from('a/b/c/deep/../../..'), unixMode: 0o120777 },
  ]],
];

for (const [label, entries] of slips) {
  test(`a zip with ${label} is refused with Lambda's unzip error and nothing is written outside the function's folder`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    const answer = await hostile.send(lambdaCall('POST', '/2015-03-31/functions', createBody('slip', rawZip([HANDLER_FILE, ...entries]))));
    t.is(answer.status, 400, answer.text);
    t.is(answer.code, 'InvalidParameterValueException');
    t.regex(answer.text, /Could not unzip uploaded file/);
    t.is((await hostile.send(lambdaCall('GET', '/2015-03-31/functions/slip'))).status, 404);
    await hostile.assertUnharmed(t);
  });
}

test('a layer zip with a ../ entry is refused and no version is published', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  const zip = rawZip([{ name: '../../pwned-layer.txt', data: Buffer.from('x') }]);
  const answer = await hostile.send(lambdaCall('POST', '/2018-10-31/layers/slippery/versions', { Content: { ZipFile: zip.toString('base64') } }));
  t.is(answer.status, 400);
  t.is(answer.code, 'InvalidParameterValueException');
  t.is((await hostile.send(lambdaCall('GET', '/2018-10-31/layers/slippery/versions'))).text, '{"LayerVersions":[]}');
  await hostile.assertUnharmed(t);
});

const names = ['..%2F..%2Fpwned', '%2e%2e', '%ZZ', 'a%00b', encodeURIComponent('x'.repeat(300))];
for (const name of names) {
  test(`a function named ${JSON.stringify(name.slice(0, 20))} in the path is refused with 400 ValidationException`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    for (const [method, suffix, body] of [['GET', '', undefined], ['DELETE', '', undefined], ['PUT', '/configuration', { Timeout: 3 }], ['POST', '/invocations', {}]] as const) {
      const answer = await hostile.send(lambdaCall(method, `/2015-03-31/functions/${name}${suffix}`, body));
      t.is(answer.status, 400, `${method} ${suffix}: ${answer.text}`);
      t.is(answer.code, 'ValidationException');
    }
    await hostile.assertUnharmed(t);
  });
  test(`a layer named ${JSON.stringify(name.slice(0, 20))} in the path is refused with 400 ValidationException`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    const zip = rawZip([{ name: 'python/x.py', data: Buffer.from('X = 1\n') }]);
    const published = await hostile.send(lambdaCall('POST', `/2018-10-31/layers/${name}/versions`, { Content: { ZipFile: zip.toString('base64') } }));
    t.is(published.status, 400, published.text);
    t.is(published.code, 'ValidationException');
    t.is((await hostile.send(lambdaCall('DELETE', `/2018-10-31/layers/${name}/versions/1`))).status, 400);
    await hostile.assertUnharmed(t);
  });
}

test('Invoke payloads past Lambda\'s limits are refused: over 6 MB with 413 RequestEntityTooLargeException, not JSON with 400', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  await createWorking(hostile, 'limits');
  const big = await hostile.send(lambdaCall('POST', '/2015-03-31/functions/limits/invocations', `"${'x'.repeat(6 * 1024 * 1024 + 10)}"`));
  t.is(big.status, 413);
  t.is(big.code, 'RequestEntityTooLargeException');
  const broken = await hostile.send(lambdaCall('POST', '/2015-03-31/functions/limits/invocations', '{"unterminated": '));
  t.is(broken.status, 400);
  t.is(broken.code, 'InvalidRequestContentException');
  t.is((await hostile.send(lambdaCall('POST', '/2015-03-31/functions/limits/invocations', {}))).status, 200);
  await hostile.assertUnharmed(t);
});

test('a function created with an eu-west-1 credential is not reachable with a us-east-1 one', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  const created = await hostile.send(lambdaCall('POST', '/2015-03-31/functions', createBody('irish', rawZip([HANDLER_FILE])), 'eu-west-1'));
  t.is(created.status, 201, created.text);
  t.regex(created.text, /arn:aws:lambda:eu-west-1:000000000000:function:irish/);
  t.is((await hostile.send(lambdaCall('GET', '/2015-03-31/functions/irish', undefined, 'us-east-1'))).status, 404);
  t.is((await hostile.send(lambdaCall('DELETE', '/2015-03-31/functions/irish', undefined, 'us-east-1'))).status, 404);
  t.is((await hostile.send(lambdaCall('GET', '/2015-03-31/functions/irish', undefined, 'eu-west-1'))).status, 200);
  await hostile.assertUnharmed(t);
});

const hostilePermissions: Array<[string, unknown, number, string]> = [
  ['a statement id of ../../x', { StatementId: '../../x', Action: 'lambda:InvokeFunction', Principal: '*' }, 400, 'ValidationException'],
  ['a principal of __proto__', { StatementId: 'p', Action: 'lambda:InvokeFunction', Principal: '__proto__' }, 400, 'InvalidParameterValueException'],
  ['a SourceArn that tries to close the JSON', { StatementId: 'q', Action: 'lambda:InvokeFunction', Principal: '*', SourceArn: 'arn:aws:s3:::b"}]}' }, 201, ''],
  ['a Principal that is an object', { StatementId: 'o', Action: 'lambda:InvokeFunction', Principal: { AWS: '*' } }, 400, 'InvalidRequestContentException'],
  ['a body that is a JSON list', [1, 2], 400, 'InvalidRequestContentException'],
  ['a body that is not JSON', '{"StatementId":', 400, 'InvalidRequestContentException'],
];

for (const [label, body, status, code] of hostilePermissions) {
  test(`AddPermission with ${label} answers ${status}${code ? ` ${code}` : ''}, the policy stays valid JSON, and the endpoint stays up`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t);
    await createWorking(hostile, 'guarded');
    const answer = await hostile.send(lambdaCall('POST', '/2015-03-31/functions/guarded/policy', body));
    t.is(answer.status, status, answer.text);
    if (code) t.is(answer.code, code);
    const policy = await hostile.send(lambdaCall('GET', '/2015-03-31/functions/guarded/policy'));
    if (status === 201) t.deepEqual(JSON.parse((JSON.parse(policy.text) as { Policy: string }).Policy).Statement[0].Condition, { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::b"}]}' } });
    else t.is(policy.status, 404);
    await hostile.assertUnharmed(t);
  });
}

test('RemovePermission with a statement id of %2e%2e or an encoded slash answers 404 and removes nothing', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t);
  await createWorking(hostile, 'kept');
  t.is((await hostile.send(lambdaCall('POST', '/2015-03-31/functions/kept/policy', { StatementId: 'keep', Action: 'lambda:InvokeFunction', Principal: '*' }))).status, 201);
  for (const sid of ['%2e%2e', '..%2Fkeep', '%00']) {
    const answer = await hostile.send(lambdaCall('DELETE', `/2015-03-31/functions/kept/policy/${sid}`));
    t.is(answer.status, 404, `${sid}: ${answer.text}`);
  }
  t.is(JSON.parse((JSON.parse((await hostile.send(lambdaCall('GET', '/2015-03-31/functions/kept/policy'))).text) as { Policy: string }).Policy).Statement.length, 1);
  await hostile.assertUnharmed(t);
});

// A function can reach its runtime's channel (fd 3) and payload file (fd 4) as Lambda's own can reach its
// runtime's: whatever it forges there costs it its own invocation and instance, never the endpoint.
const FORGER = `import { writeSync } from 'node:fs';
export const handler = async (event, context) => {
  if (event.forge) {
    const meta = Buffer.from(JSON.stringify({ type: 'result', id: context.awsRequestId, memoryMb: 1, fileBytes: event.forge }));
    const head = Buffer.alloc(8);
    head.writeUInt32BE(meta.length, 0);
    writeSync(3, Buffer.concat([head, meta]));
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  globalThis.calls = (globalThis.calls ?? 0) + 1;
  return { calls: globalThis.calls };
};`;

for (const [label, forgedLength] of [['more bytes than its payload file holds', 5_000_000], ['a negative length', -1], ['a length that is not a number', 'all']] as const) {
  test(`a function that forges a result frame naming ${label} loses its instance (Runtime.ExitError), and the next call runs on a new one`, async (t) => {
    const { client } = await startLambda(t);
    const name = uniqueName('forger');
    await createNodeFunction(client, name, { 'index.mjs': FORGER }, { Timeout: 30 });
    t.deepEqual(decodePayload((await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }))).Payload), { calls: 1 });
    const forged = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify({ forge: forgedLength })) }));
    t.is(forged.FunctionError, 'Unhandled');
    t.is((decodePayload(forged.Payload) as { errorType: string }).errorType, 'Runtime.ExitError');
    // A new instance: module state starts again.
    t.deepEqual(decodePayload((await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }))).Payload), { calls: 1 });
  });
}
