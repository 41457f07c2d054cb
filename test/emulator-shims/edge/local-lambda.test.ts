import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { strToU8, zipSync } from 'fflate';
import { createEdgeServer, type EdgeServer } from '../../../emulator-shims/index.js';
import { createFixtureRoles } from './fixture-roles.js';
import { ROLE, uniqueName } from '../firehose/harness.js';
import { eventually } from '../../fixtures/eventually.js';
import { createLambdaServer } from '../../../emulator-shims/lambda/server.js';
import { createFaultRules } from '../../../emulator-shims/edge/faults.js';
import { invokeLocalLambda } from '../../../emulator-shims/edge/local-lambda.js';
import { createNodeFunction, makeClient, makeStateDir, SCOPE, uniqueName as uniqueFunctionName } from '../lambda/helpers.js';

// Firehose invokes the endpoint's own Lambda service in-process; these tests hold that path to what a
// call over HTTP would meet: the same fault rules, and each failed call one Firehose attempt.

const UPPERCASE = `export const handler = async (event) => ({ records: event.records.map((r) => ({
  recordId: r.recordId, result: 'Ok', data: Buffer.from(Buffer.from(r.data, 'base64').toString().toUpperCase() + '\\n').toString('base64'),
})) });`;

interface Pipeline { edge: EdgeServer; s3: S3Client; firehose: FirehoseClient; bucket: string; name: string }

async function startPipeline(t: ExecutionContext): Promise<Pipeline> {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-local-lambda-'));
  t.teardown(() => rmSync(stateDir, { recursive: true, force: true }));
  const edge = await createEdgeServer({ port: 0, stateDir, firehose: { createDelayMs: 10, pollIntervalMs: 60_000 } });
  await createFixtureRoles(edge.url);
  t.teardown(() => edge.close());
  const common = { endpoint: edge.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() };
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  const lambda = new LambdaClient(common);
  const firehose = new FirehoseClient(common);
  t.teardown(() => { s3.destroy(); lambda.destroy(); firehose.destroy(); });
  const bucket = uniqueName('bucket');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const fn = await lambda.send(new CreateFunctionCommand({
    FunctionName: uniqueName('upper'), Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler',
    Code: { ZipFile: zipSync({ 'index.mjs': strToU8(UPPERCASE) }) },
  }));
  const name = uniqueName('direct');
  await firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'DirectPut',
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE, BucketARN: `arn:aws:s3:::${bucket}`, Prefix: 'out/', ErrorOutputPrefix: 'error/!{firehose:error-output-type}/',
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: fn.FunctionArn as string }] }] },
    },
  }));
  await eventually(`${name} ACTIVE`, async () => (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription?.DeliveryStreamStatus === 'ACTIVE');
  return { edge, s3, firehose, bucket, name };
}

async function putAndFlush({ edge, firehose, name }: Pipeline, lines: string[]): Promise<void> {
  await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: lines.map((line) => ({ Data: Buffer.from(line) })) }));
  await edge.firehose.flush(name);
}

async function readPrefix({ s3, bucket }: Pipeline, prefix: string): Promise<string> {
  const listing = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  let text = '';
  for (const item of listing.Contents ?? []) text += await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: item.Key }))).Body!.transformToString();
  return text;
}

test('a Lambda Invoke fault hits Firehose\'s own invocation, and Firehose retries it as a new attempt until it succeeds', async (t) => {
  const pipeline = await startPipeline(t);
  pipeline.edge.faults.add({ service: 'lambda', operation: 'Invoke', error: 'ServiceException', status: 500, count: 2 });
  await putAndFlush(pipeline, ['one', 'two']);
  t.is(pipeline.edge.faults.list()[0]?.hits, 2);
  t.is(await readPrefix(pipeline, 'out/'), 'ONE\nTWO\n');
  t.is(await readPrefix(pipeline, 'error/'), '');
});

test('a throttled invocation counts as one attempt: four throttles exhaust NumberOfRetries 3 and the records go to error output', async (t) => {
  const pipeline = await startPipeline(t);
  // Five throttles, of which the fourth attempt takes the last Firehose makes; the fifth is never hit.
  pipeline.edge.faults.add({ service: 'lambda', operation: 'Invoke', error: 'TooManyRequestsException', status: 429, count: 5 });
  await putAndFlush(pipeline, ['one']);
  t.is(pipeline.edge.faults.list()[0]?.hits, 4);
  t.is(await readPrefix(pipeline, 'out/'), '');
  const errors = (await readPrefix(pipeline, 'error/processing-failed/')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  t.is(errors.length, 1);
  t.like(errors[0], { attemptsMade: 4, errorCode: 'Lambda.InvokeLimitExceeded', rawData: Buffer.from('one').toString('base64') });
});

test('a latency-only Lambda fault delays Firehose\'s invocation and lets it succeed', async (t) => {
  const pipeline = await startPipeline(t);
  pipeline.edge.faults.add({ service: 'lambda', operation: 'Invoke', latencyMs: 30, count: 1 });
  await putAndFlush(pipeline, ['slow']);
  t.is(pipeline.edge.faults.list()[0]?.hits, 1);
  t.is(await readPrefix(pipeline, 'out/'), 'SLOW\n');
});

test("Firehose's in-process invoke reads a warm instance's next large answer into the memory of the last one once that one is released, and into new memory while it is held", async (t) => {
  const stateDir = await makeStateDir(t);
  const server = await createLambdaServer({ stateDir, scope: SCOPE, concurrency: 1 });
  t.teardown(() => server.close());
  const client = makeClient(t, server.url);
  const name = uniqueFunctionName('answers');
  // Answers of 200 KB, past the size below which an answer always gets fresh memory.
  await createNodeFunction(client, name, { 'index.mjs': 'export const handler = async (event) => ({ text: String(event.round).repeat(200000) });' });
  const invoke = invokeLocalLambda(server.service, createFaultRules());
  const first = await invoke(name, Buffer.from('{"round":1}'));
  t.is(typeof first.release, 'function');
  const held = await invoke(name, Buffer.from('{"round":2}'));
  t.not(held.payload.buffer, first.payload.buffer);
  t.is(Buffer.from(first.payload).toString('utf8', 0, 12), '{"text":"111');
  held.release?.();
  const reused = await invoke(name, Buffer.from('{"round":3}'));
  t.is(reused.payload.buffer, held.payload.buffer);
  t.is(Buffer.from(reused.payload).toString('utf8', 0, 12), '{"text":"333');
  t.is(reused.payload.length, 200_011);
});
