import test from 'ava';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { createNodeFunction, decodePayload, encodePayload, startLambda, uniqueName } from '../helpers.js';

test('invoke reuses a warm instance, so module-level state survives between invocations', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('warm');
  await createNodeFunction(client, name, { 'index.mjs': 'let count = 0;\nexport const handler = async () => ({ count: ++count, pid: process.pid });' });
  const answers = [];
  for (let i = 0; i < 3; i += 1) answers.push(decodePayload((await client.send(new InvokeCommand({ FunctionName: name }))).Payload) as { count: number; pid: number });
  t.deepEqual(answers.map((answer) => answer.count), [1, 2, 3]);
  t.is(new Set(answers.map((answer) => answer.pid)).size, 1);
});

test('invoke answers with the handler result and Lambda response headers', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('echo');
  await createNodeFunction(client, name, { 'index.mjs': 'export const handler = async (event) => ({ received: event });' });
  const answer = await client.send(new InvokeCommand({ FunctionName: `arn:aws:lambda:us-east-1:000000000000:function:${name}`, Qualifier: '$LATEST', Payload: encodePayload({ line: 'x' }) }));
  t.is(answer.StatusCode, 200);
  t.is(answer.ExecutedVersion, '$LATEST');
  t.is(answer.FunctionError, undefined);
  t.regex(answer.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
  t.deepEqual(decodePayload(answer.Payload), { received: { line: 'x' } });
});

const handlerStyles: Array<{ title: string; files: Record<string, string>; handler?: string }> = [
  { title: 'an ESM .mjs module', files: { 'index.mjs': 'export const handler = async (event) => ({ style: "esm", event });' } },
  {
    title: 'a .js module under "type": "module"',
    files: { 'package.json': '{"type":"module"}', 'index.js': 'export async function handler(event) { return { style: "esm-js", event }; }' },
  },
  { title: 'a CommonJS .js module', files: { 'index.js': 'exports.handler = async (event) => ({ style: "cjs", event });' } },
  {
    title: 'a callback-style handler',
    files: { 'index.js': 'module.exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { style: "callback", event }), 10); };' },
  },
  { title: 'a handler in a sub-folder', files: { 'src/app.cjs': 'module.exports.nested = { handler: async (event) => ({ style: "nested", event }) };' }, handler: 'src/app.nested.handler' },
];
for (const style of handlerStyles) {
  test(`invoke runs ${style.title}`, async (t) => {
    const { client } = await startLambda(t);
    const name = uniqueName('style');
    await createNodeFunction(client, name, style.files, style.handler ? { Handler: style.handler } : {});
    const answer = await client.send(new InvokeCommand({ FunctionName: name, Payload: encodePayload({ n: 1 }) }));
    t.is(answer.FunctionError, undefined, Buffer.from(answer.Payload ?? []).toString());
    t.like(decodePayload(answer.Payload), { event: { n: 1 } });
  });
}

test('invoke reports a thrown error as an Unhandled function error with errorType, errorMessage and trace', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('throws');
  await createNodeFunction(client, name, { 'index.mjs': 'class ParseError extends Error { name = "ParseError"; }\nexport const handler = async () => { throw new ParseError("bad line"); };' });
  const answer = await client.send(new InvokeCommand({ FunctionName: name }));
  t.is(answer.StatusCode, 200);
  t.is(answer.FunctionError, 'Unhandled');
  const body = decodePayload(answer.Payload) as { errorType: string; errorMessage: string; trace: string[] };
  t.is(body.errorType, 'ParseError');
  t.is(body.errorMessage, 'bad line');
  t.is(body.trace[0], 'ParseError: bad line');
  t.true(body.trace.length > 1);
});

test('invoke reports a missing handler export as Runtime.HandlerNotFound', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('nohandler');
  await createNodeFunction(client, name, { 'index.mjs': 'export const other = async () => 1;' });
  const answer = await client.send(new InvokeCommand({ FunctionName: name }));
  t.is(answer.FunctionError, 'Unhandled');
  t.like(decodePayload(answer.Payload), { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' });
});

test('invoke kills an instance past its Timeout, answers Sandbox.Timedout, then serves the next call from a new instance', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('timeout');
  await createNodeFunction(client, name, {
    'index.mjs': 'let calls = 0;\nexport const handler = async (event) => { calls += 1; if (event.sleep) await new Promise((r) => setTimeout(r, 5000)); return { calls, pid: process.pid }; };',
  }, { Timeout: 1 });
  const before = decodePayload((await client.send(new InvokeCommand({ FunctionName: name, Payload: encodePayload({}) }))).Payload) as { pid: number };
  const slow = await client.send(new InvokeCommand({ FunctionName: name, Payload: encodePayload({ sleep: true }) }));
  t.is(slow.StatusCode, 200);
  t.is(slow.FunctionError, 'Unhandled');
  const requestId = slow.$metadata.requestId;
  t.deepEqual(decodePayload(slow.Payload), { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after 1.00 seconds` });
  const after = decodePayload((await client.send(new InvokeCommand({ FunctionName: name, Payload: encodePayload({}) }))).Payload) as { calls: number; pid: number };
  t.not(after.pid, before.pid);
  t.is(after.calls, 1);
});

test('invoke replaces an instance whose process exits, after answering Runtime.ExitError', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('exit');
  await createNodeFunction(client, name, { 'index.mjs': 'export const handler = async (event) => { if (event.exit) process.exit(3); return process.pid; };' });
  const crashed = await client.send(new InvokeCommand({ FunctionName: name, Payload: encodePayload({ exit: true }) }));
  t.is(crashed.FunctionError, 'Unhandled');
  t.deepEqual(decodePayload(crashed.Payload), { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${crashed.$metadata.requestId} Error: Runtime exited with error: exit status 3` });
  const next = await client.send(new InvokeCommand({ FunctionName: name, Payload: encodePayload({}) }));
  t.is(next.FunctionError, undefined);
  t.is(typeof decodePayload(next.Payload), 'number');
});

test('invoke gives the function its environment variables and Lambda-defined ones', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('env');
  await createNodeFunction(client, name, {
    'index.mjs': 'export const handler = async () => ({ greeting: process.env.GREETING, name: process.env.AWS_LAMBDA_FUNCTION_NAME, region: process.env.AWS_REGION, memory: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, key: process.env.AWS_ACCESS_KEY_ID, endpoint: process.env.AWS_ENDPOINT_URL, root: process.env.LAMBDA_TASK_ROOT === process.cwd() });',
  }, { Environment: { Variables: { GREETING: 'hello' } }, MemorySize: 256 });
  const answer = decodePayload((await client.send(new InvokeCommand({ FunctionName: name }))).Payload) as Record<string, unknown>;
  t.like(answer, { greeting: 'hello', name, region: 'us-east-1', memory: '256', key: 'test', root: true });
  t.regex(String(answer.endpoint), /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('a Node.js function runs with the V8 memory flags Lambda gives its MemorySize, and gc() exposed', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('flags');
  await createNodeFunction(client, name, {
    'index.mjs': "import v8 from 'node:v8'; export const handler = async () => ({ argv: process.execArgv, gc: typeof gc, heapMb: Math.round(v8.getHeapStatistics().heap_size_limit / 1048576) });",
  }, { MemorySize: 256 });
  const answer = decodePayload((await client.send(new InvokeCommand({ FunctionName: name }))).Payload) as { argv: string[]; gc: string; heapMb: number };
  // 256 MB: a young generation of 25 MB (12 MB per semi-space) and 231 MB of old generation.
  t.like(answer, { gc: 'function' });
  t.true(answer.argv.includes('--max-semi-space-size=12'));
  t.true(answer.argv.includes('--max-old-space-size=231'));
  t.true(answer.heapMb > 231 && answer.heapMb < 256 + 25, `heap limit ${answer.heapMb} MB`);
});

test('invoke passes a context with the fields the Lambda Node.js runtime provides', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('context');
  await createNodeFunction(client, name, {
    'index.mjs': 'export const handler = async (event, context) => ({ ...context, remaining: context.getRemainingTimeInMillis() });',
  }, { Timeout: 30, MemorySize: 512 });
  const answer = await client.send(new InvokeCommand({ FunctionName: name }));
  const context = decodePayload(answer.Payload) as Record<string, unknown>;
  t.like(context, {
    awsRequestId: answer.$metadata.requestId,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    logGroupName: `/aws/lambda/${name}`,
    callbackWaitsForEmptyEventLoop: true,
  });
  t.regex(String(context.logStreamName), /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  t.true(Number(context.remaining) > 0 && Number(context.remaining) <= 30_000);
});

test('invoke rejects a payload over 6 MB with a 413 RequestEntityTooLargeException', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('large');
  await createNodeFunction(client, name, { 'index.mjs': 'export const handler = async (event) => event.length;' });
  const fits = await client.send(new InvokeCommand({ FunctionName: name, Payload: encodePayload('x'.repeat(6_291_456 - 2)) }));
  t.is(decodePayload(fits.Payload), 6_291_454);
  const error = await t.throwsAsync(client.send(new InvokeCommand({ FunctionName: name, Payload: encodePayload('x'.repeat(6_291_456)) })));
  t.is(error?.name, 'RequestEntityTooLargeException');
  t.is(error?.message, 'Request must be smaller than 6291456 bytes for the InvokeFunction operation');
  t.is((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 413);
});

test('invoke of an unknown function fails with ResourceNotFoundException', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('ghost');
  const error = await t.throwsAsync(client.send(new InvokeCommand({ FunctionName: name })));
  t.is(error?.name, 'ResourceNotFoundException');
  t.is(error?.message, `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${name}`);
});

test('invoke with InvocationType Event answers 202 at once and runs the function in the background', async (t) => {
  const { client } = await startLambda(t, { concurrency: 1 });
  const name = uniqueName('event');
  await createNodeFunction(client, name, { 'index.mjs': 'let seen = [];\nexport const handler = async (event) => { if (event.read) return seen; seen.push(event.value); return null; };' });
  const queued = await client.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: encodePayload({ value: 'a' }) }));
  t.is(queued.StatusCode, 202);
  t.is(queued.Payload?.length ?? 0, 0);
  // With one instance, invocations run in arrival order, so a later synchronous read sees the event.
  const seen = decodePayload((await client.send(new InvokeCommand({ FunctionName: name, Payload: encodePayload({ read: true }) }))).Payload);
  t.deepEqual(seen, ['a']);
});

test('invoke with InvocationType DryRun answers 204 without running the function', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('dryrun');
  await createNodeFunction(client, name, { 'index.mjs': 'let calls = 0;\nexport const handler = async () => ++calls;' });
  const dry = await client.send(new InvokeCommand({ FunctionName: name, InvocationType: 'DryRun' }));
  t.is(dry.StatusCode, 204);
  t.is(decodePayload((await client.send(new InvokeCommand({ FunctionName: name }))).Payload), 1);
});

test('invoke with LogType Tail returns this invocation\'s log, base64, in X-Amz-Log-Result', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('tail');
  await createNodeFunction(client, name, { 'index.mjs': 'export const handler = async (event) => { console.log("processing", event.id); return "done"; };' });
  await client.send(new InvokeCommand({ FunctionName: name, Payload: encodePayload({ id: 'first' }) }));
  const answer = await client.send(new InvokeCommand({ FunctionName: name, LogType: 'Tail', Payload: encodePayload({ id: 'second' }) }));
  const log = Buffer.from(answer.LogResult ?? '', 'base64').toString('utf8');
  const requestId = answer.$metadata.requestId;
  t.true(log.startsWith(`START RequestId: ${requestId} Version: $LATEST\n`), log);
  t.regex(log, new RegExp(`\\t${requestId}\\tINFO\\tprocessing second\\n`));
  t.false(log.includes('first'));
  t.regex(log, new RegExp(`END RequestId: ${requestId}\\nREPORT RequestId: ${requestId}\\tDuration: `));
});

test('invocations beyond the concurrency limit queue for a free instance', async (t) => {
  const { client } = await startLambda(t, { concurrency: 2 });
  const name = uniqueName('queue');
  await createNodeFunction(client, name, {
    'index.mjs': 'export const handler = async () => { await new Promise((r) => setTimeout(r, 200)); return process.pid; };',
  }, { Timeout: 30 });
  const answers = await Promise.all(Array.from({ length: 6 }, () => client.send(new InvokeCommand({ FunctionName: name }))));
  t.true(answers.every((answer) => answer.FunctionError === undefined));
  const pids = new Set(answers.map((answer) => decodePayload(answer.Payload)));
  t.is(pids.size, 2);
});
