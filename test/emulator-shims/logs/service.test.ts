import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, DeleteLogGroupCommand, DeleteLogStreamCommand, DescribeLogGroupsCommand, DescribeLogStreamsCommand, FilterLogEventsCommand,
  GetLogEventsCommand, ListTagsForResourceCommand, PutLogEventsCommand, PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createEdgeServer } from '../../../emulator-shims/index.js';
import { createFixtureRoles } from '../edge/fixture-roles.js';
import { eventually } from '../../fixtures/eventually.js';

async function setUp(t: { teardown(fn: () => Promise<void>): void }, stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-logs-'))) {
  const edge = await createEdgeServer({ port: 0, stateDir });
  await createFixtureRoles(edge.url);
  t.teardown(() => edge.close());
  const logs = new CloudWatchLogsClient({ endpoint: edge.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() });
  return { edge, logs, stateDir };
}

test('a log group is created, described with its retention and tags, and deleted', async (t) => {
  const { logs } = await setUp(t);
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/fn', tags: { 'hosepipe:pipeline': 'p' } }));
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/aws/lambda/fn', retentionInDays: 14 }));
  const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
  t.is(logGroups?.length, 1);
  t.is(logGroups?.[0]?.retentionInDays, 14);
  t.is(logGroups?.[0]?.arn, 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/fn:*');
  const { tags } = await logs.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/fn' }));
  t.deepEqual(tags, { 'hosepipe:pipeline': 'p' });
  await logs.send(new DeleteLogGroupCommand({ logGroupName: '/aws/lambda/fn' }));
  t.deepEqual((await logs.send(new DescribeLogGroupsCommand({}))).logGroups, []);
});

test('creating a log group twice is ResourceAlreadyExistsException; an unknown one is ResourceNotFoundException', async (t) => {
  const { logs } = await setUp(t);
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'g' }));
  await t.throwsAsync(logs.send(new CreateLogGroupCommand({ logGroupName: 'g' })), { name: 'ResourceAlreadyExistsException' });
  await t.throwsAsync(logs.send(new PutRetentionPolicyCommand({ logGroupName: 'nope', retentionInDays: 1 })), { name: 'ResourceNotFoundException' });
});

test('a retention period CloudWatch does not offer is refused naming the allowed values', async (t) => {
  const { logs } = await setUp(t);
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'g' }));
  await t.throwsAsync(logs.send(new PutRetentionPolicyCommand({ logGroupName: 'g', retentionInDays: 2 })), { name: 'InvalidParameterException', message: /Value '2' at 'retentionInDays'.*\[1, 3, 5/ });
});

test('events put to a stream are read back in order and found by filter terms', async (t) => {
  const { logs } = await setUp(t);
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'g' }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: 'g', logStreamName: 's' }));
  await logs.send(new PutLogEventsCommand({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: Date.now() - 2, message: 'START one' }, { timestamp: Date.now() - 1, message: 'ERROR two' }] }));
  const { events } = await logs.send(new GetLogEventsCommand({ logGroupName: 'g', logStreamName: 's', startFromHead: true }));
  t.deepEqual(events?.map((event) => event.message), ['START one', 'ERROR two']);
  const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName: 'g', filterPattern: 'ERROR' }));
  t.deepEqual(filtered.events?.map((event) => event.message), ['ERROR two']);
  await t.throwsAsync(logs.send(new PutLogEventsCommand({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: 5, message: 'a' }, { timestamp: 4, message: 'b' }] })), { message: /chronological order/ });
});

test('a deleted log stream is gone; deleting it again is ResourceNotFoundException', async (t) => {
  const { logs } = await setUp(t);
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'g' }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: 'g', logStreamName: 's' }));
  await logs.send(new DeleteLogStreamCommand({ logGroupName: 'g', logStreamName: 's' }));
  t.deepEqual((await logs.send(new DescribeLogStreamsCommand({ logGroupName: 'g' }))).logStreams, []);
  await t.throwsAsync(logs.send(new DeleteLogStreamCommand({ logGroupName: 'g', logStreamName: 's' })), { name: 'ResourceNotFoundException', message: 'The specified log stream does not exist.' });
});

test('log groups survive an endpoint restart', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-logs-'));
  const first = await setUp(t, stateDir);
  await first.logs.send(new CreateLogGroupCommand({ logGroupName: 'kept' }));
  await first.edge.close();
  const second = await setUp(t, stateDir);
  t.deepEqual((await second.logs.send(new DescribeLogGroupsCommand({}))).logGroups?.map((group) => group.logGroupName), ['kept']);
});

test('a function\'s output reaches its log group in CloudWatch Logs, START to REPORT', async (t) => {
  const { edge, logs } = await setUp(t);
  const { LambdaClient, CreateFunctionCommand, InvokeCommand } = await import('@aws-sdk/client-lambda');
  const { zipSync, strToU8 } = await import('fflate');
  const lambda = new LambdaClient({ endpoint: edge.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() });
  const zip = zipSync({ 'index.mjs': strToU8("export const handler = async () => { console.log('hello from the handler'); return 1; };") });
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'talker', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/r', Code: { ZipFile: zip } }));
  await lambda.send(new InvokeCommand({ FunctionName: 'talker', Payload: Buffer.from('{}') }));
  const { events = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/talker' }));
  const messages = events.map((event) => event.message ?? '');
  t.true(messages.some((message) => message.startsWith('START RequestId:')), messages.join('\n'));
  t.true(messages.some((message) => message.includes('hello from the handler')));
  t.true(messages.some((message) => message.startsWith('REPORT RequestId:')));
});

test('a delivery stream with CloudWatch logging writes its record errors to its log stream, and creates no group of its own', async (t) => {
  const { edge, logs } = await setUp(t);
  const { LambdaClient, CreateFunctionCommand } = await import('@aws-sdk/client-lambda');
  const { FirehoseClient, CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, PutRecordCommand } = await import('@aws-sdk/client-firehose');
  const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
  const { zipSync, strToU8 } = await import('fflate');
  const config = { endpoint: edge.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() };
  await new S3Client({ ...config, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'logged-errors' }));
  const failEverything = "export const handler = async (event) => ({ records: event.records.map((r) => ({ recordId: r.recordId, result: 'ProcessingFailed', data: r.data })) });";
  await new LambdaClient(config).send(new CreateFunctionCommand({ FunctionName: 'refuser', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/r', Code: { ZipFile: zipSync({ 'index.mjs': strToU8(failEverything) }) } }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/kinesisfirehose/logged' }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: '/aws/kinesisfirehose/logged', logStreamName: 'DestinationDelivery' }));
  const firehose = new FirehoseClient(config);
  for (const [name, group] of [['logged', '/aws/kinesisfirehose/logged'], ['unlogged', '/aws/kinesisfirehose/nowhere']] as const) {
    await firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: name,
      ExtendedS3DestinationConfiguration: {
        RoleARN: 'arn:aws:iam::000000000000:role/r', BucketARN: 'arn:aws:s3:::logged-errors', Prefix: `${name}/`, ErrorOutputPrefix: `${name}-errors/`,
        CloudWatchLoggingOptions: { Enabled: true, LogGroupName: group, LogStreamName: 'DestinationDelivery' },
        ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: 'arn:aws:lambda:us-east-1:000000000000:function:refuser' }] }] },
      },
    }));
    while ((await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription?.DeliveryStreamStatus !== 'ACTIVE') await new Promise((resolve) => setTimeout(resolve, 20));
    await firehose.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: Buffer.from('not a log line\n') } }));
    t.is((await fetch(`${edge.url}/_hosepipe/firehose/${name}/flush`, { method: 'POST', headers: { 'content-type': 'application/json' } })).status, 200);
  }
  const { events = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/kinesisfirehose/logged' }));
  t.is(events.length, 1);
  t.like(JSON.parse(events[0]!.message!) as Record<string, unknown>, {
    deliveryStreamARN: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/logged',
    destination: 'arn:aws:s3:::logged-errors',
    errorCode: 'Lambda.ProcessingFailedStatus',
    processor: 'arn:aws:lambda:us-east-1:000000000000:function:refuser',
  });
  t.deepEqual((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/kinesisfirehose/nowhere' }))).logGroups, []);
});

test('GetLogEvents pages back from the newest events and forward from the oldest, and the forward token stays put at the end', async (t) => {
  const { logs } = await setUp(t);
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'paged' }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: 'paged', logStreamName: 's' }));
  const now = Date.now();
  await logs.send(new PutLogEventsCommand({ logGroupName: 'paged', logStreamName: 's', logEvents: Array.from({ length: 25 }, (_, index) => ({ timestamp: now - 1000 + index, message: `event ${index}` })) }));
  const newest = await logs.send(new GetLogEventsCommand({ logGroupName: 'paged', logStreamName: 's', limit: 10 }));
  t.deepEqual(newest.events?.map((event) => event.message), Array.from({ length: 10 }, (_, index) => `event ${index + 15}`));
  const older = await logs.send(new GetLogEventsCommand({ logGroupName: 'paged', logStreamName: 's', limit: 10, nextToken: newest.nextBackwardToken }));
  t.deepEqual(older.events?.map((event) => event.message), Array.from({ length: 10 }, (_, index) => `event ${index + 5}`));
  const messages: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < 10; page += 1) {
    const answer = await logs.send(new GetLogEventsCommand({ logGroupName: 'paged', logStreamName: 's', limit: 7, startFromHead: true, ...(token ? { nextToken: token } : {}) }));
    messages.push(...(answer.events ?? []).map((event) => event.message ?? ''));
    if (answer.nextForwardToken === token) break;
    token = answer.nextForwardToken;
  }
  t.deepEqual(messages, Array.from({ length: 25 }, (_, index) => `event ${index}`));
});

test('log events survive an endpoint restart, and FilterLogEvents pages with nextToken', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-logs-'));
  const first = await setUp(t, stateDir);
  await first.logs.send(new CreateLogGroupCommand({ logGroupName: 'kept' }));
  for (const stream of ['a', 'b']) {
    await first.logs.send(new CreateLogStreamCommand({ logGroupName: 'kept', logStreamName: stream }));
    await first.logs.send(new PutLogEventsCommand({ logGroupName: 'kept', logStreamName: stream, logEvents: [{ timestamp: Date.now(), message: `${stream} one` }, { timestamp: Date.now(), message: `${stream} two` }] }));
  }
  await first.edge.close();
  const second = await setUp(t, stateDir);
  const found: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await second.logs.send(new FilterLogEventsCommand({ logGroupName: 'kept', limit: 3, nextToken }));
    found.push(...(page.events ?? []).map((event) => `${event.logStreamName}:${event.message}`));
    nextToken = page.nextToken;
  } while (nextToken);
  t.deepEqual(found.sort(), ['a:a one', 'a:a two', 'b:b one', 'b:b two']);
  const { logStreams } = await second.logs.send(new DescribeLogStreamsCommand({ logGroupName: 'kept' }));
  t.deepEqual(logStreams?.map((stream) => stream.logStreamName), ['a', 'b']);
  t.true((logStreams?.[0]?.lastEventTimestamp ?? 0) > 0);
});

test('a function created in eu-west-1 logs to its log group in eu-west-1, not in us-east-1', async (t) => {
  const { edge } = await setUp(t);
  const { LambdaClient, CreateFunctionCommand, InvokeCommand } = await import('@aws-sdk/client-lambda');
  const { zipSync, strToU8 } = await import('fflate');
  const config = { endpoint: edge.url, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() };
  const lambda = new LambdaClient(config);
  const zip = zipSync({ 'index.mjs': strToU8("export const handler = async () => { console.log('hello from Ireland'); return 1; };") });
  await lambda.send(new CreateFunctionCommand({ FunctionName: 'irish', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/r', Code: { ZipFile: zip } }));
  await lambda.send(new InvokeCommand({ FunctionName: 'irish', Payload: Buffer.from('{}') }));
  const ireland = new CloudWatchLogsClient(config);
  // A function's output reaches CloudWatch Logs after the invocation answers (on AWS too): read until it is there.
  await eventually("the function's line reaches its log group in eu-west-1", async () => {
    const { events = [] } = await ireland.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/irish' })).catch((error: unknown) => {
      if ((error as Error).name === 'ResourceNotFoundException') return { events: [] };
      throw error;
    });
    return events.some((event) => event.message?.includes('hello from Ireland'));
  }, { everyMs: 100 });
  const { logGroups = [] } = await ireland.send(new DescribeLogGroupsCommand({}));
  t.deepEqual(logGroups.map((group) => group.logGroupArn), ['arn:aws:logs:eu-west-1:000000000000:log-group:/aws/lambda/irish']);
  const virginia = new CloudWatchLogsClient({ ...config, region: 'us-east-1' });
  t.deepEqual((await virginia.send(new DescribeLogGroupsCommand({}))).logGroups, []);
});
