import test from 'ava';
import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { listenOnLoopback } from '../../../emulator-shims/shared/index.js';
import { createLambdaServer } from '../../../emulator-shims/lambda/index.js';
import { decodePayload, makeClient, makeStateDir, ROLE, SCOPE, uniqueName, zipOf } from './helpers.js';

test('createFunction fetches Code.S3Bucket/S3Key from the endpoint path-style, and names S3 errors like Lambda', async (t) => {
  const zip = zipOf({ 'index.mjs': 'export const handler = async () => "from s3";' });
  const requested: string[] = [];
  // A stand-in for the S3 engine: one object, answered path-style.
  const s3 = await listenOnLoopback((request, response) => {
    requested.push(`${request.method} ${request.url}`);
    if (request.url?.startsWith('/artifacts/fn/code.zip')) {
      response.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(zip.length) });
      response.end(zip);
      return;
    }
    response.writeHead(404, { 'content-type': 'application/xml' });
    response.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
  });
  t.teardown(() => s3.close());
  const server = await createLambdaServer({ stateDir: await makeStateDir(t), scope: SCOPE, endpointUrl: () => s3.url });
  t.teardown(() => server.close());
  const client = makeClient(t, server.url);
  const name = uniqueName('s3code');
  const base = { Runtime: 'nodejs20.x' as const, Role: ROLE, Handler: 'index.handler' };
  await client.send(new CreateFunctionCommand({ ...base, FunctionName: name, Code: { S3Bucket: 'artifacts', S3Key: 'fn/code.zip' } }));
  t.is(requested[0]?.split('?')[0], 'GET /artifacts/fn/code.zip');
  t.is(decodePayload((await client.send(new InvokeCommand({ FunctionName: name }))).Payload), 'from s3');
  const error = await t.throwsAsync(client.send(new CreateFunctionCommand({ ...base, FunctionName: uniqueName('s3missing'), Code: { S3Bucket: 'artifacts', S3Key: 'nope.zip' } })));
  t.is(error?.name, 'InvalidParameterValueException');
  t.regex(error?.message ?? '', /^Error occurred while GetObject\. S3 Error Code: NoSuchKey\. S3 Error Message: The specified key does not exist\.$/);
});
