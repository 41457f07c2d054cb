import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createNodeFunction, decodePayload, ROLE, startLambda, uniqueName, zipOf } from '../helpers.js';

/** A compact JSON event of about `bytes` bytes, with multi-byte text, so chunk and frame boundaries fall inside characters. */
const largeEvent = (bytes: number): Buffer => {
  const records = Array.from({ length: Math.ceil(bytes / 300) }, (_, index) => ({ recordId: String(index), note: `é漢😀 "quoted" \\ ${'x'.repeat(240)}` }));
  return Buffer.from(JSON.stringify({ records }));
};

test('invoke rejects a body that is not JSON with InvalidRequestContentException and runs nothing', async (t) => {
  const { client, stateDir } = await startLambda(t);
  const name = uniqueName('notjson');
  await createNodeFunction(client, name, { 'index.mjs': 'export const handler = async () => { console.log("ran"); return 1; };' });
  for (const body of ['{"a":', 'hello', '{"a":1} x', ' ']) {
    const error = await t.throwsAsync(client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(body) })));
    t.is(error?.name, 'InvalidRequestContentException', body);
    t.is(error?.message, 'Could not parse request body into json: Could not parse payload into json');
    t.is((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 400);
  }
  await t.throwsAsync(readFile(join(stateDir, 'logs', 'lambda', `${name}.log`), 'utf8'), { code: 'ENOENT' });
});

test('a warm Node function refuses a body that is not JSON with InvalidRequestContentException, logs nothing for it, and serves the next call on the same instance', async (t) => {
  const { client, stateDir } = await startLambda(t);
  const name = uniqueName('warmjson');
  await createNodeFunction(client, name, { 'index.mjs': 'let calls = 0;\nexport const handler = async () => { calls += 1; console.log("call", calls); return calls; };' });
  const first = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
  t.is(decodePayload(first.Payload), 1);
  for (const body of ['{"a":', 'hello', '{"a":1} x', ' ', '[1,]', 'NaN', '"\\u00zz"', '\ufeff{}']) {
    const error = await t.throwsAsync(client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(body) })));
    t.is(error?.name, 'InvalidRequestContentException', body);
    t.is(error?.message, 'Could not parse request body into json: Could not parse payload into json');
    t.is((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 400);
  }
  const second = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"b": [1, 2]}') }));
  t.is(second.FunctionError, undefined);
  t.is(decodePayload(second.Payload), 2);
  const lines = (await readFile(join(stateDir, 'logs', 'lambda', `${name}.log`), 'utf8')).trimEnd().split('\n');
  const ids = [first.$metadata.requestId!, second.$metadata.requestId!];
  t.is(lines.length, 8, lines.join('\n'));
  ids.forEach((id, i) => {
    t.is(lines[4 * i], `START RequestId: ${id} Version: $LATEST`);
    t.regex(lines[4 * i + 1]!, new RegExp(`\\t${id}\\tINFO\\tcall ${i + 1}$`));
    t.is(lines[4 * i + 2], `END RequestId: ${id}`);
    t.regex(lines[4 * i + 3]!, new RegExp(`^REPORT RequestId: ${id}\\t`));
  });
});

test('invoke passes a 5 MB event to a Node handler and its result back byte for byte', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('echo');
  // Lambda's default Timeout (3 s) is too short for 5 MB each way on a busy 2-core machine; the test is about bytes, not time.
  await createNodeFunction(client, name, { 'index.mjs': 'export const handler = async (event) => event;' }, { Timeout: 120 });
  const event = largeEvent(5_000_000);
  for (let round = 0; round < 2; round += 1) {
    const answer = await client.send(new InvokeCommand({ FunctionName: name, Payload: event }));
    t.is(answer.FunctionError, undefined, Buffer.from(answer.Payload ?? []).subarray(0, 500).toString());
    t.true(Buffer.from(answer.Payload!).equals(event));
  }
});

test('invoke passes a 5 MB event to a Python handler and its result back', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('pyecho');
  await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'python3.12', Role: ROLE, Handler: 'app.handler', Timeout: 120,
    Code: { ZipFile: zipOf({ 'app.py': 'def handler(event, context):\n    print("records", len(event["records"]))\n    return event\n' }) },
  }));
  const event = largeEvent(5_000_000);
  const answer = await client.send(new InvokeCommand({ FunctionName: name, Payload: event }));
  t.is(answer.FunctionError, undefined);
  t.deepEqual(decodePayload(answer.Payload), JSON.parse(event.toString('utf8')));
});

test('function output written around a large event stays between the invocation\'s START and END lines', async (t) => {
  const { client, stateDir } = await startLambda(t);
  const name = uniqueName('ordered');
  await createNodeFunction(client, name, {
    'index.mjs': 'export const handler = async (event) => { console.log("before", event.records.length); process.stdout.write("raw\\n"); console.log("after"); return event.records.length; };',
  }, { Timeout: 120 });
  const answer = await client.send(new InvokeCommand({ FunctionName: name, Payload: largeEvent(3_000_000) }));
  const id = answer.$metadata.requestId!;
  const lines = (await readFile(join(stateDir, 'logs', 'lambda', `${name}.log`), 'utf8')).trimEnd().split('\n');
  t.is(lines[0], `START RequestId: ${id} Version: $LATEST`);
  t.regex(lines[1]!, new RegExp(`\\t${id}\\tINFO\\tbefore 10000$`));
  t.is(lines[2], 'raw');
  t.regex(lines[3]!, new RegExp(`\\t${id}\\tINFO\\tafter$`));
  t.is(lines[4], `END RequestId: ${id}`);
  t.regex(lines[5]!, new RegExp(`^REPORT RequestId: ${id}\\t`));
  t.is(decodePayload(answer.Payload), 10_000);
});

test('a Node answer over Lambda\'s 6 MB response limit is answered as Function.ResponseSizeTooLarge, and the instance serves the next call', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('toolarge');
  // The answer goes out in pieces while it is written; the endpoint keeps no more of it than the limit.
  await createNodeFunction(client, name, {
    'index.mjs': 'let calls = 0;\nexport const handler = async () => { calls += 1; return calls === 1 ? { records: Array.from({ length: 70_000 }, (_, i) => ({ i, data: "x".repeat(100) })) } : { calls }; };',
  }, { Timeout: 120 });
  const first = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
  t.is(first.FunctionError, 'Unhandled');
  t.deepEqual(decodePayload(first.Payload), {
    errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    errorType: 'Function.ResponseSizeTooLarge',
  });
  const second = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
  t.is(second.FunctionError, undefined);
  t.deepEqual(decodePayload(second.Payload), { calls: 2 });
});

test('a large Node answer JSON cannot write (a BigInt past its first megabyte) fails with Runtime.MarshalError, and the next large answer comes back whole', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('marshal');
  await createNodeFunction(client, name, {
    'index.mjs': 'let calls = 0;\nexport const handler = async () => { calls += 1; const records = Array.from({ length: 20_000 }, (_, i) => ({ i, data: "é".repeat(40) })); if (calls === 1) records.push({ big: 1n }); return { calls, records }; };',
  }, { Timeout: 120 });
  const first = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
  t.is(first.FunctionError, 'Unhandled');
  const error = decodePayload(first.Payload) as { errorType: string; errorMessage: string };
  t.is(error.errorType, 'Runtime.MarshalError');
  t.regex(error.errorMessage, /^Unable to stringify response body: .*BigInt/);
  const second = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
  t.is(second.FunctionError, undefined);
  t.deepEqual(decodePayload(second.Payload), { calls: 2, records: Array.from({ length: 20_000 }, (_, i) => ({ i, data: 'é'.repeat(40) })) });
});

test('a large Node answer with toJSON past its first megabyte comes back as JSON.stringify writes it', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('tojson');
  await createNodeFunction(client, name, {
    'index.mjs': 'export const handler = async () => ({ records: Array.from({ length: 20_000 }, (_, i) => (i === 19_000 ? new Date(0) : { i, data: "x".repeat(60) })) });',
  }, { Timeout: 120 });
  const answer = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
  t.is(answer.FunctionError, undefined);
  const expected = JSON.stringify({ records: Array.from({ length: 20_000 }, (_, i) => (i === 19_000 ? new Date(0) : { i, data: 'x'.repeat(60) })) });
  t.is(Buffer.from(answer.Payload!).toString('utf8'), expected);
});

test('large answers of one instance come back byte for byte, three invoked at once and then one after another', async (t) => {
  const { client } = await startLambda(t, { concurrency: 1 });
  const name = uniqueName('answers');
  // One instance, so each answer is read while the one before it may still be on its way to its caller.
  await createNodeFunction(client, name, { 'index.mjs': 'export const handler = async (event) => ({ n: event.n, text: String(event.n).repeat(3_000_000) });' }, { Timeout: 120 });
  const invoke = async (n: number) => {
    const answer = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify({ n })) }));
    t.is(answer.FunctionError, undefined);
    t.true(Buffer.from(answer.Payload!).equals(Buffer.from(JSON.stringify({ n, text: String(n).repeat(3_000_000) }))), `answer ${n}`);
  };
  await Promise.all([1, 2, 3].map(invoke));
  for (const n of [4, 5, 6]) await invoke(n);
});

test('an answer whose caller has not read it yet stays intact while the same instance answers the next call', async (t) => {
  const { client, url } = await startLambda(t, { concurrency: 1 });
  const name = uniqueName('slowreader');
  await createNodeFunction(client, name, { 'index.mjs': 'export const handler = async (event) => ({ n: event.n, text: String(event.n).repeat(6_000_000) });' }, { Timeout: 120 });
  const expected = (n: number) => Buffer.from(JSON.stringify({ n, text: String(n).repeat(6_000_000) }));
  // A caller that stops reading once the answer starts: most of its 6 MB waits in the endpoint's socket.
  const slow = await new Promise<IncomingMessage>((resolve, reject) => {
    const call = httpRequest(`${url}/2015-03-31/functions/${name}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      response.pause();
      resolve(response);
    });
    call.on('error', reject);
    call.end(JSON.stringify({ n: 1 }));
  });
  const second = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify({ n: 2 })) }));
  t.true(Buffer.from(second.Payload!).equals(expected(2)));
  const chunks: Buffer[] = [];
  for await (const chunk of slow) chunks.push(chunk as Buffer);
  t.is(slow.statusCode, 200);
  t.true(Buffer.concat(chunks).equals(expected(1)));
});
