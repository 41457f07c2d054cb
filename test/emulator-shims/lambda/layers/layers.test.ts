import test from 'ava';
import {
  CreateFunctionCommand, DeleteLayerVersionCommand, GetFunctionConfigurationCommand, GetLayerVersionByArnCommand, GetLayerVersionCommand,
  InvokeCommand, ListLayersCommand, ListLayerVersionsCommand, PublishLayerVersionCommand, UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { decodePayload, ROLE, startLambda, uniqueName, zipOf } from '../helpers.js';

test('a layer\'s versions are published, read by name and by ARN, listed newest first and deleted, their numbers never reused', async (t) => {
  const { client } = await startLambda(t);
  const name = uniqueName('layer');
  const zip = zipOf({ 'python/greeting.py': 'WORD = "hello"\n' });
  const first = await client.send(new PublishLayerVersionCommand({ LayerName: name, Content: { ZipFile: zip }, CompatibleRuntimes: ['python3.12'], Description: 'v1' }));
  t.is(first.$metadata.httpStatusCode, 201);
  t.is(first.Version, 1);
  t.is(first.LayerArn, `arn:aws:lambda:us-east-1:000000000000:layer:${name}`);
  t.is(first.LayerVersionArn, `arn:aws:lambda:us-east-1:000000000000:layer:${name}:1`);
  t.is(first.Content?.CodeSize, zip.length);
  t.regex(first.CreatedDate ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  const second = await client.send(new PublishLayerVersionCommand({ LayerName: name, Content: { ZipFile: zip }, CompatibleRuntimes: ['nodejs20.x'] }));
  t.is(second.Version, 2);

  const got = await client.send(new GetLayerVersionCommand({ LayerName: name, VersionNumber: 1 }));
  t.like(got, { Version: 1, Description: 'v1', CompatibleRuntimes: ['python3.12'], LayerVersionArn: first.LayerVersionArn });
  const download = await fetch(got.Content!.Location!);
  t.deepEqual(new Uint8Array(await download.arrayBuffer()), zip);
  const byArn = await client.send(new GetLayerVersionByArnCommand({ Arn: second.LayerVersionArn! }));
  t.is(byArn.Version, 2);

  t.deepEqual((await client.send(new ListLayerVersionsCommand({ LayerName: name }))).LayerVersions?.map((v) => v.Version), [2, 1]);
  t.deepEqual((await client.send(new ListLayerVersionsCommand({ LayerName: name, CompatibleRuntime: 'python3.12' }))).LayerVersions?.map((v) => v.Version), [1]);
  const layers = await client.send(new ListLayersCommand({}));
  t.deepEqual(layers.Layers?.map((layer) => [layer.LayerName, layer.LatestMatchingVersion?.Version]), [[name, 2]]);

  t.is((await client.send(new DeleteLayerVersionCommand({ LayerName: name, VersionNumber: 2 }))).$metadata.httpStatusCode, 204);
  await t.throwsAsync(client.send(new GetLayerVersionCommand({ LayerName: name, VersionNumber: 2 })), { name: 'ResourceNotFoundException' });
  const third = await client.send(new PublishLayerVersionCommand({ LayerName: name, Content: { ZipFile: zip } }));
  t.is(third.Version, 3);
});

test('a Python function imports modules that only its layers provide, from python/ and python/lib/python3.x/site-packages/', async (t) => {
  const { client } = await startLambda(t);
  const plain = await client.send(new PublishLayerVersionCommand({ LayerName: uniqueName('plain'), Content: { ZipFile: zipOf({ 'python/greeting.py': 'WORD = "hello"\n' }) } }));
  const sitePackages = await client.send(new PublishLayerVersionCommand({
    LayerName: uniqueName('site'),
    Content: { ZipFile: zipOf({ 'python/lib/python3.12/site-packages/shouting/__init__.py': 'def shout(text):\n    return text.upper() + "!"\n' }) },
  }));
  const name = uniqueName('pylayers');
  await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'python3.12', Role: ROLE, Handler: 'app.handler', Layers: [plain.LayerVersionArn!, sitePackages.LayerVersionArn!],
    Code: { ZipFile: zipOf({ 'app.py': 'import greeting\nfrom shouting import shout\n\ndef handler(event, context):\n    return shout(greeting.WORD)\n' }) },
  }));
  const configuration = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  t.deepEqual(configuration.Layers?.map((layer) => layer.Arn), [plain.LayerVersionArn, sitePackages.LayerVersionArn]);
  const answer = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
  t.is(answer.FunctionError, undefined, Buffer.from(answer.Payload ?? []).toString());
  t.is(decodePayload(answer.Payload), 'HELLO!');
});

test('a Node.js function requires and imports a package from its layer\'s nodejs/node_modules and nodejs/node20/node_modules', async (t) => {
  const { client } = await startLambda(t);
  const layer = await client.send(new PublishLayerVersionCommand({
    LayerName: uniqueName('nodelayer'),
    Content: {
      ZipFile: zipOf({
        'nodejs/node_modules/left-pad-local/package.json': '{"name":"left-pad-local","main":"index.js"}',
        'nodejs/node_modules/left-pad-local/index.js': 'module.exports = (text, width) => text.padStart(width, "*");',
        'nodejs/node20/node_modules/versioned/package.json': '{"name":"versioned","type":"module","exports":"./index.js"}',
        'nodejs/node20/node_modules/versioned/index.js': 'export const where = "node20";',
      }),
    },
  }));
  const cjs = uniqueName('nodecjs');
  await client.send(new CreateFunctionCommand({
    FunctionName: cjs, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Layers: [layer.LayerVersionArn!],
    Code: { ZipFile: zipOf({ 'index.js': 'const pad = require("left-pad-local");\nexports.handler = async () => pad("x", 4);' }) },
  }));
  t.is(decodePayload((await client.send(new InvokeCommand({ FunctionName: cjs }))).Payload), '***x');
  const esm = uniqueName('nodeesm');
  await client.send(new CreateFunctionCommand({
    FunctionName: esm, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Layers: [layer.LayerVersionArn!],
    Code: { ZipFile: zipOf({ 'index.mjs': 'import pad from "left-pad-local";\nimport { where } from "versioned";\nexport const handler = async () => `${pad("y", 3)} ${where}`;' }) },
  }));
  const answer = await client.send(new InvokeCommand({ FunctionName: esm }));
  t.is(answer.FunctionError, undefined, Buffer.from(answer.Payload ?? []).toString());
  t.is(decodePayload(answer.Payload), '**y node20');
});

test('a later layer\'s file replaces an earlier one\'s, in the order the function lists them', async (t) => {
  const { client } = await startLambda(t);
  const publish = async (word: string) => (await client.send(new PublishLayerVersionCommand({ LayerName: uniqueName(word), Content: { ZipFile: zipOf({ 'python/word.py': `WORD = "${word}"\n` }) } }))).LayerVersionArn!;
  const [a, b] = [await publish('first'), await publish('second')];
  const name = uniqueName('order');
  await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'python3.12', Role: ROLE, Handler: 'app.handler', Layers: [a, b],
    Code: { ZipFile: zipOf({ 'app.py': 'import word\n\ndef handler(event, context):\n    return word.WORD\n' }) },
  }));
  t.is(decodePayload((await client.send(new InvokeCommand({ FunctionName: name }))).Payload), 'second');
  await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Layers: [b, a] }));
  t.is(decodePayload((await client.send(new InvokeCommand({ FunctionName: name }))).Payload), 'first');
  await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Layers: [] }));
  t.is((await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }))).Layers, undefined);
});

test('Layers are refused as Lambda refuses them: more than 5, a version that does not exist, two versions of one layer, a malformed ARN', async (t) => {
  const { client } = await startLambda(t);
  const layerName = uniqueName('limits');
  const arns: string[] = [];
  for (let i = 0; i < 6; i++) arns.push((await client.send(new PublishLayerVersionCommand({ LayerName: layerName, Content: { ZipFile: zipOf({ [`f${i}.txt`]: 'x' }) } }))).LayerVersionArn!);
  const others = [];
  for (let i = 0; i < 6; i++) others.push((await client.send(new PublishLayerVersionCommand({ LayerName: `${layerName}-${i}`, Content: { ZipFile: zipOf({ 'a.txt': 'x' }) } }))).LayerVersionArn!);
  const base = { Runtime: 'python3.12' as const, Role: ROLE, Handler: 'app.handler', Code: { ZipFile: zipOf({ 'app.py': 'def handler(e, c):\n    return 1\n' }) } };
  const six = await t.throwsAsync(client.send(new CreateFunctionCommand({ ...base, FunctionName: uniqueName('six'), Layers: others })));
  t.is(six?.name, 'InvalidParameterValueException');
  t.is(six?.message, 'Cannot reference more than 5 layers.');
  const missing = await t.throwsAsync(client.send(new CreateFunctionCommand({ ...base, FunctionName: uniqueName('missing'), Layers: [`arn:aws:lambda:us-east-1:000000000000:layer:${layerName}:99`] })));
  t.is(missing?.message, `Layer version arn:aws:lambda:us-east-1:000000000000:layer:${layerName}:99 does not exist.`);
  const twice = await t.throwsAsync(client.send(new CreateFunctionCommand({ ...base, FunctionName: uniqueName('twice'), Layers: [arns[0]!, arns[1]!] })));
  t.is(twice?.name, 'InvalidParameterValueException');
  const malformed = await t.throwsAsync(client.send(new CreateFunctionCommand({ ...base, FunctionName: uniqueName('bad'), Layers: ['not-an-arn'] })));
  t.is(malformed?.name, 'ValidationException');
});
