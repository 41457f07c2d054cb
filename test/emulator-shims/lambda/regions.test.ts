import test from 'ava';
import { CreateFunctionCommand, GetFunctionCommand, InvokeCommand, LambdaClient, ListFunctionsCommand, PublishLayerVersionCommand, ListLayersCommand } from '@aws-sdk/client-lambda';
import { clientConfig, startEdge, startEdgeWithRoles } from '../edge/helpers.js';
import { createFixtureRoles } from '../edge/fixture-roles.js';
import { decodePayload, ROLE, uniqueName, zipOf } from './helpers.js';

test('a function created in eu-west-1 has an eu-west-1 ARN, is not found from us-east-1, and runs with AWS_REGION=eu-west-1', async (t) => {
  const edge = await startEdgeWithRoles(t);
  const ireland = new LambdaClient(clientConfig(edge, { region: 'eu-west-1' }));
  const virginia = new LambdaClient(clientConfig(edge, { region: 'us-east-1' }));
  const name = uniqueName('regional');
  const created = await ireland.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler',
    Code: { ZipFile: zipOf({ 'index.mjs': 'export const handler = async (event, context) => ({ region: process.env.AWS_REGION, defaultRegion: process.env.AWS_DEFAULT_REGION, arn: context.invokedFunctionArn });' }) },
  }));
  t.is(created.FunctionArn, `arn:aws:lambda:eu-west-1:000000000000:function:${name}`);
  await t.throwsAsync(virginia.send(new GetFunctionCommand({ FunctionName: name })), { name: 'ResourceNotFoundException', message: `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${name}` });
  t.deepEqual((await virginia.send(new ListFunctionsCommand({}))).Functions, []);
  const answer = decodePayload((await ireland.send(new InvokeCommand({ FunctionName: name }))).Payload);
  t.deepEqual(answer, { region: 'eu-west-1', defaultRegion: 'eu-west-1', arn: `arn:aws:lambda:eu-west-1:000000000000:function:${name}` });
  // The same name in another region is another function.
  await virginia.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler',
    Code: { ZipFile: zipOf({ 'index.mjs': 'export const handler = async () => process.env.AWS_REGION;' }) },
  }));
  t.is(decodePayload((await virginia.send(new InvokeCommand({ FunctionName: name }))).Payload), 'us-east-1');
});

test('a layer published in one account is not listed in another, nor usable by its functions', async (t) => {
  const edge = await startEdge(t);
  const mine = new LambdaClient(clientConfig(edge, { credentials: { accessKeyId: '111111111111', secretAccessKey: 'x' } }));
  const theirs = new LambdaClient(clientConfig(edge, { credentials: { accessKeyId: '222222222222', secretAccessKey: 'x' } }));
  await createFixtureRoles(edge.url, { accessKeyId: '222222222222', names: ['r'] });
  const layer = await mine.send(new PublishLayerVersionCommand({ LayerName: 'shared', Content: { ZipFile: zipOf({ 'python/x.py': 'X = 1\n' }) } }));
  t.is(layer.LayerVersionArn, 'arn:aws:lambda:us-east-1:111111111111:layer:shared:1');
  t.deepEqual((await theirs.send(new ListLayersCommand({}))).Layers, []);
  const error = await t.throwsAsync(theirs.send(new CreateFunctionCommand({
    FunctionName: 'uses-shared', Runtime: 'python3.12', Role: 'arn:aws:iam::222222222222:role/r', Handler: 'app.handler',
    Layers: [layer.LayerVersionArn!], Code: { ZipFile: zipOf({ 'app.py': 'def handler(e, c):\n    return 1\n' }) },
  })));
  t.is(error?.name, 'InvalidParameterValueException');
  t.regex(error?.message ?? '', /layer/i);
});
