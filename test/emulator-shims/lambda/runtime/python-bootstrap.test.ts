import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { decodePayload, encodePayload, ROLE, startLambda, uniqueName, zipOf } from '../helpers.js';

// A Firehose data-transformation handler in the style of the original Python pipeline.
const TRANSFORM = `import base64
import json
import re

LINE = re.compile(r'^(?P<remote_addr>\\S+) - \\S+ \\[(?P<time_local>[^\\]]+)\\] "(?P<request>[^"]*)" (?P<status>\\d{3})$')
invocations = 0


def lambda_handler(event, context):
    global invocations
    invocations += 1
    print("records", len(event["records"]))
    output = []
    for record in event["records"]:
        line = base64.b64decode(record["data"]).decode("utf-8").strip()
        match = LINE.match(line)
        if match is None:
            output.append({"recordId": record["recordId"], "result": "ProcessingFailed", "data": record["data"]})
            continue
        fields = match.groupdict()
        fields["status"] = int(fields["status"])
        data = base64.b64encode((json.dumps(fields) + "\\n").encode("utf-8")).decode("ascii")
        output.append({"recordId": record["recordId"], "result": "Ok", "data": data})
    return {"records": output, "invocations": invocations, "request": context.aws_request_id, "memory": context.memory_limit_in_mb}
`;

function record(id: string, line: string): { recordId: string; data: string } {
  return { recordId: id, data: Buffer.from(`${line}\n`).toString('base64') };
}

test('a python3.12 Firehose transform runs warm through the Python bootstrap', async (t) => {
  const { client, stateDir } = await startLambda(t);
  const name = uniqueName('pytransform');
  await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'python3.12', Role: ROLE, Handler: 'lambda_function.lambda_handler', Code: { ZipFile: zipOf({ 'lambda_function.py': TRANSFORM }) },
  }));
  const event = { records: [record('1', '127.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200'), record('2', 'garbage')] };
  const first = await client.send(new InvokeCommand({ FunctionName: name, Payload: encodePayload(event) }));
  t.is(first.FunctionError, undefined, Buffer.from(first.Payload ?? []).toString());
  const body = decodePayload(first.Payload) as { records: Array<{ recordId: string; result: string; data: string }>; invocations: number; request: string; memory: string };
  t.is(body.request, first.$metadata.requestId!);
  t.is(body.memory, '128');
  t.deepEqual(body.records.map((r) => r.result), ['Ok', 'ProcessingFailed']);
  t.deepEqual(JSON.parse(Buffer.from(body.records[0]!.data, 'base64').toString()), { remote_addr: '127.0.0.1', time_local: '01/Jan/2024:00:00:00 +0000', request: 'GET / HTTP/1.1', status: 200 });
  const second = decodePayload((await client.send(new InvokeCommand({ FunctionName: name, Payload: encodePayload(event) }))).Payload) as { invocations: number };
  t.is(second.invocations, 2);
  const log = await readFile(join(stateDir, 'logs', 'lambda', `${name}.log`), 'utf8');
  t.true(log.includes(`START RequestId: ${first.$metadata.requestId} Version: $LATEST\nrecords 2\nEND RequestId: ${first.$metadata.requestId}\n`), log);
});

test('a Python handler that raises answers the Python-shaped error body', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('pyerror');
  await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'python3.11', Role: ROLE, Handler: 'app.handler',
    Code: { ZipFile: zipOf({ 'app.py': 'def handler(event, context):\n    raise ValueError("no records")\n' }) },
  }));
  const answer = await client.send(new InvokeCommand({ FunctionName: name, Payload: encodePayload({}) }));
  t.is(answer.FunctionError, 'Unhandled');
  const body = decodePayload(answer.Payload) as { errorMessage: string; errorType: string; requestId: string; stackTrace: string[] };
  t.is(body.errorType, 'ValueError');
  t.is(body.errorMessage, 'no records');
  t.is(body.requestId, answer.$metadata.requestId!);
  t.regex(body.stackTrace.join(''), /app\.py", line 2, in handler/);
});

test('a Python handler that cannot be imported answers Runtime.ImportModuleError', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('pyimport');
  await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'python3.13', Role: ROLE, Handler: 'missing.handler', Code: { ZipFile: zipOf({ 'app.py': 'x = 1\n' }) },
  }));
  const answer = await client.send(new InvokeCommand({ FunctionName: name }));
  t.is(answer.FunctionError, 'Unhandled');
  t.like(decodePayload(answer.Payload), { errorType: 'Runtime.ImportModuleError', errorMessage: "Unable to import module 'missing': No module named 'missing'" });
});

test('a Python handler past its Timeout answers Sandbox.Timedout', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('pytimeout');
  await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'python3.12', Role: ROLE, Handler: 'app.handler', Timeout: 1,
    Code: { ZipFile: zipOf({ 'app.py': 'import time\n\ndef handler(event, context):\n    time.sleep(5)\n' }) },
  }));
  const answer = await client.send(new InvokeCommand({ FunctionName: name }));
  t.deepEqual(decodePayload(answer.Payload), { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${answer.$metadata.requestId} Error: Task timed out after 1.00 seconds` });
});
