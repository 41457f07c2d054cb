import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { createNodeFunction, encodePayload, startLambda, uniqueName } from '../helpers.js';

test('function output goes to <stateDir>/logs/lambda/<function>.log between START, END and REPORT lines', async (t) => {
  const { client, stateDir } = await startLambda(t);
  const name = uniqueName('logs');
  await createNodeFunction(client, name, {
    'index.mjs': 'export const handler = async (event) => { console.log("line", event.n); console.error("oops"); process.stdout.write("raw\\n"); return null; };',
  }, { MemorySize: 192 });
  const first = await client.send(new InvokeCommand({ FunctionName: name, Payload: encodePayload({ n: 1 }) }));
  const second = await client.send(new InvokeCommand({ FunctionName: name, Payload: encodePayload({ n: 2 }) }));
  const log = await readFile(join(stateDir, 'logs', 'lambda', `${name}.log`), 'utf8');
  const lines = log.replace(/\n$/, '').split('\n');
  t.is(lines.length, 12, log);
  for (const [offset, answer, n] of [[0, first, 1], [6, second, 2]] as const) {
    const id = answer.$metadata.requestId!;
    t.is(lines[offset], `START RequestId: ${id} Version: $LATEST`);
    t.regex(lines[offset + 1]!, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${id}\\tINFO\\tline ${n}$`));
    t.regex(lines[offset + 2]!, new RegExp(`\\t${id}\\tERROR\\toops$`));
    t.is(lines[offset + 3], 'raw');
    t.is(lines[offset + 4], `END RequestId: ${id}`);
    t.regex(lines[offset + 5]!, new RegExp(`^REPORT RequestId: ${id}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 192 MB\\tMax Memory Used: \\d+ MB\\t`));
  }
  t.regex(lines[5]!, /\tInit Duration: \d+\.\d\d ms\t$/);
  t.false(lines[11]!.includes('Init Duration'));
});

test('a timed-out invocation logs its REPORT with Status: timeout and the "Task timed out" line', async (t) => {
  const { client, stateDir } = await startLambda(t);
  const name = uniqueName('timeoutlog');
  await createNodeFunction(client, name, { 'index.mjs': 'export const handler = () => new Promise((resolve) => setTimeout(resolve, 5000));' }, { Timeout: 1 });
  const answer = await client.send(new InvokeCommand({ FunctionName: name }));
  const id = answer.$metadata.requestId!;
  const log = await readFile(join(stateDir, 'logs', 'lambda', `${name}.log`), 'utf8');
  t.regex(log, new RegExp(`END RequestId: ${id}\\nREPORT RequestId: ${id}\\tDuration: 1000\\.00 ms\\t.*\\tStatus: timeout\\t\\n`));
  t.regex(log, new RegExp(`Z ${id} Task timed out after 1\\.00 seconds\\n$`));
});
