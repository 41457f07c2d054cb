import test from 'ava';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, ListStreamsCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { CreateFunctionCommand, GetFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { decodePayload, ROLE, zipOf } from '../lambda/helpers.js';
import { clientConfig, startEdgeWithRoles, uniqueName } from './helpers.js';

// Issue 13's acceptance for regions, through the endpoint as `hosepipe up` serves it: the SDK clients
// sign for a region, and the edge keeps each region's resources apart.

test('a stream and a function created in eu-west-1 have eu-west-1 ARNs, are not found from us-east-1, and the function runs with AWS_REGION=eu-west-1', async (t) => {
  const edge = await startEdgeWithRoles(t);
  const kinesis = { ireland: new KinesisClient(clientConfig(edge, { region: 'eu-west-1' })), virginia: new KinesisClient(clientConfig(edge, { region: 'us-east-1' })) };
  const lambda = { ireland: new LambdaClient(clientConfig(edge, { region: 'eu-west-1' })), virginia: new LambdaClient(clientConfig(edge, { region: 'us-east-1' })) };
  t.teardown(() => { for (const client of [...Object.values(kinesis), ...Object.values(lambda)]) client.destroy(); });

  const stream = uniqueName('regional-stream');
  await kinesis.ireland.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
  const summary = (await kinesis.ireland.send(new DescribeStreamSummaryCommand({ StreamName: stream }))).StreamDescriptionSummary;
  t.is(summary?.StreamARN, `arn:aws:kinesis:eu-west-1:000000000000:stream/${stream}`);
  await t.throwsAsync(kinesis.virginia.send(new DescribeStreamSummaryCommand({ StreamName: stream })), { name: 'ResourceNotFoundException' });
  await t.throwsAsync(kinesis.virginia.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'k', Data: Buffer.from('x') })), { name: 'ResourceNotFoundException' });
  t.false((await kinesis.virginia.send(new ListStreamsCommand({}))).StreamNames?.includes(stream));

  const name = uniqueName('regional-function');
  const created = await lambda.ireland.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler',
    Code: { ZipFile: zipOf({ 'index.mjs': 'export const handler = async () => process.env.AWS_REGION;' }) },
  }));
  t.is(created.FunctionArn, `arn:aws:lambda:eu-west-1:000000000000:function:${name}`);
  await t.throwsAsync(lambda.virginia.send(new GetFunctionCommand({ FunctionName: name })), { name: 'ResourceNotFoundException' });
  await t.throwsAsync(lambda.virginia.send(new InvokeCommand({ FunctionName: name })), { name: 'ResourceNotFoundException' });
  const invoked = await lambda.ireland.send(new InvokeCommand({ FunctionName: name }));
  t.is(invoked.FunctionError, undefined);
  t.is(decodePayload(invoked.Payload), 'eu-west-1');
});
