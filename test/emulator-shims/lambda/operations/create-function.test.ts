import { createHash } from 'node:crypto';
import test from 'ava';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  ListFunctionsCommand,
  ResourceConflictException,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { ROLE, startLambda, uniqueName, zipOf } from '../helpers.js';

const HANDLER = { 'index.mjs': 'export const handler = async () => "ok";' };

test('createFunction, getFunction, listFunctions and deleteFunction round-trip a function', async (t) => {
  const { client, url } = await startLambda(t);
  const name = uniqueName('roundtrip');
  const zip = zipOf(HANDLER);
  const created = await client.send(new CreateFunctionCommand({
    FunctionName: name,
    Runtime: 'nodejs20.x',
    Role: ROLE,
    Handler: 'index.handler',
    Code: { ZipFile: zip },
    Description: 'a test function',
    Environment: { Variables: { GREETING: 'hello' } },
    Tags: { team: 'logs' },
  }));
  t.is(created.$metadata.httpStatusCode, 201);
  t.is(created.State, 'Pending');
  t.is(created.StateReasonCode, 'Creating');

  const configuration = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  t.like(configuration, {
    FunctionName: name,
    FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    Runtime: 'nodejs20.x',
    Role: ROLE,
    Handler: 'index.handler',
    CodeSize: zip.length,
    CodeSha256: createHash('sha256').update(zip).digest('base64'),
    Description: 'a test function',
    Timeout: 3,
    MemorySize: 128,
    Version: '$LATEST',
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Environment: { Variables: { GREETING: 'hello' } },
    TracingConfig: { Mode: 'PassThrough' },
    EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
  });
  t.deepEqual(configuration.Architectures, ['x86_64']);
  t.regex(configuration.LastModified ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
  t.regex(configuration.RevisionId ?? '', /^[0-9a-f-]{36}$/);

  const fetched = await client.send(new GetFunctionCommand({ FunctionName: name }));
  const { $metadata: _metadata, ...configurationOnly } = configuration;
  t.deepEqual(fetched.Configuration, configurationOnly);
  t.is(fetched.Code?.RepositoryType, 'S3');
  t.deepEqual(fetched.Tags, { team: 'logs' });
  const download = await fetch(fetched.Code!.Location!);
  t.deepEqual(new Uint8Array(await download.arrayBuffer()), zip);
  t.true(fetched.Code!.Location!.startsWith(url));

  const listed = await client.send(new ListFunctionsCommand({}));
  t.deepEqual(listed.Functions?.map((fn) => fn.FunctionName), [name]);

  const deleted = await client.send(new DeleteFunctionCommand({ FunctionName: name }));
  t.is(deleted.$metadata.httpStatusCode, 204);
  const afterDelete = await client.send(new ListFunctionsCommand({}));
  t.deepEqual(afterDelete.Functions, []);
});

test('createFunction rejects a second function of the same name with ResourceConflictException', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('duplicate');
  const input = { FunctionName: name, Runtime: 'nodejs20.x' as const, Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf(HANDLER) } };
  await client.send(new CreateFunctionCommand(input));
  const error = await t.throwsAsync(client.send(new CreateFunctionCommand(input)), { instanceOf: ResourceConflictException });
  t.is(error?.name, 'ResourceConflictException');
  t.is(error?.message, `Function already exist: ${name}`);
  t.is(error?.$metadata.httpStatusCode, 409);
});

test('getFunction of an unknown function fails with ResourceNotFoundException naming its ARN', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('missing');
  const error = await t.throwsAsync(client.send(new GetFunctionCommand({ FunctionName: name })), { instanceOf: ResourceNotFoundException });
  t.is(error?.name, 'ResourceNotFoundException');
  t.is(error?.message, `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${name}`);
  t.is(error?.$metadata.httpStatusCode, 404);
  await t.throwsAsync(client.send(new DeleteFunctionCommand({ FunctionName: name })), { name: 'ResourceNotFoundException' });
});

test('createFunction rejects out-of-range settings with AWS validation errors', async (t) => {
  const { client } = await startLambda(t);
  const base = { Runtime: 'nodejs20.x' as const, Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf(HANDLER) } };
  const memory = await t.throwsAsync(client.send(new CreateFunctionCommand({ ...base, FunctionName: uniqueName('memory'), MemorySize: 64 })));
  t.is(memory?.name, 'ValidationException');
  t.regex(memory?.message ?? '', /^1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint/);
  const runtime = await t.throwsAsync(client.send(new CreateFunctionCommand({ ...base, FunctionName: uniqueName('old'), Runtime: 'nodejs12.x' })));
  t.is(runtime?.name, 'InvalidParameterValueException');
  t.regex(runtime?.message ?? '', /The runtime parameter of nodejs12.x is no longer supported/);
  const reserved = await t.throwsAsync(client.send(new CreateFunctionCommand({ ...base, FunctionName: uniqueName('env'), Environment: { Variables: { AWS_REGION: 'x' } } })));
  t.is(reserved?.name, 'InvalidParameterValueException');
  t.regex(reserved?.message ?? '', /Reserved keys used in this request: AWS_REGION/);
  const badZip = await t.throwsAsync(client.send(new CreateFunctionCommand({ ...base, FunctionName: uniqueName('zip'), Code: { ZipFile: Buffer.from('not a zip') } })));
  t.is(badZip?.name, 'InvalidParameterValueException');
  t.is(badZip?.message, 'Could not unzip uploaded file. Please check your file, then try to upload again.');
});

test('getFunction accepts a full ARN, a partial ARN and the $LATEST qualifier', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('arn');
  await client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf(HANDLER) } }));
  for (const reference of [`arn:aws:lambda:us-east-1:000000000000:function:${name}`, `000000000000:function:${name}`, `${name}:$LATEST`]) {
    const fetched = await client.send(new GetFunctionConfigurationCommand({ FunctionName: reference }));
    t.is(fetched.FunctionName, name, reference);
  }
  const version = await t.throwsAsync(client.send(new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: '7' })));
  t.is(version?.message, `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${name}:7`);
});

test('listFunctions pages with MaxItems and NextMarker', async (t) => {
  const { client } = await startLambda(t);
  const names = ['a', 'b', 'c'].map((letter) => `${letter}-${uniqueName('page')}`);
  for (const name of names) {
    await client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zipOf(HANDLER) } }));
  }
  const first = await client.send(new ListFunctionsCommand({ MaxItems: 2 }));
  t.deepEqual(first.Functions?.map((fn) => fn.FunctionName), names.slice(0, 2));
  t.truthy(first.NextMarker);
  const second = await client.send(new ListFunctionsCommand({ MaxItems: 2, Marker: first.NextMarker }));
  t.deepEqual(second.Functions?.map((fn) => fn.FunctionName), names.slice(2));
  t.is(second.NextMarker, undefined);
});
