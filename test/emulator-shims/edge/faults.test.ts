import test from 'ava';
import { CreateStreamCommand, KinesisClient, ListStreamsCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { createFaultRules, parseFaultRule } from '../../../emulator-shims/edge/faults.js';
import { findOperation } from '../../../emulator-shims/edge/operation.js';
import { clientConfig, startEdge } from './helpers.js';

const line = (method: string, path: string, query = '', headers: Record<string, string> = {}) => ({ method, path, query: new URLSearchParams(query), headers });

const names = test.macro({
  exec(t, service: string, input: ReturnType<typeof line>, expected: string | undefined) {
    t.is(findOperation(service, input), expected);
  },
  title: (provided = '', _service, _input, expected) => `${provided} is named ${String(expected)}`,
});

test('a Kinesis target', names, 'kinesis', line('POST', '/', '', { 'x-amz-target': 'Kinesis_20131202.PutRecords' }), 'PutRecords');
test('an S3 PUT of an object', names, 's3', line('PUT', '/b/k/x.json'), 'PutObject');
test('an S3 PUT with a copy source', names, 's3', line('PUT', '/b/k', '', { 'x-amz-copy-source': '/b/a' }), 'CopyObject');
test('an S3 GET of a bucket with list-type=2', names, 's3', line('GET', '/b', 'list-type=2&prefix=a'), 'ListObjectsV2');
test('an S3 PUT of a part', names, 's3', line('PUT', '/b/k', 'partNumber=1&uploadId=u'), 'UploadPart');
test('an S3 POST ?uploads', names, 's3', line('POST', '/b/k', 'uploads'), 'CreateMultipartUpload');
test('an S3 GET ?tagging on a bucket', names, 's3', line('GET', '/b', 'tagging'), 'GetBucketTagging');
test('a virtual-host-style S3 GET', names, 's3', line('GET', '/k', '', { host: 'b.s3.localhost.localstack.cloud:4566' }), 'GetObject');
test('a Lambda invoke path', names, 'lambda', line('POST', '/2015-03-31/functions/f/invocations'), 'Invoke');
test('a Lambda function list', names, 'lambda', line('GET', '/2015-03-31/functions/'), 'ListFunctions');

test('parseFaultRule names every bad field and echoes its value', (t) => {
  const error = t.throws(() => parseFaultRule({ service: 'kinesis', probability: 2, count: 0, colour: 'red' }, 'x'));
  t.regex(error.message, /unknown field "colour"/);
  t.regex(error.message, /"probability" must be a number from 0 to 1, got 2/);
  t.regex(error.message, /"count" must be a whole number of at least 1, got 0/);
});

test('a rule needs an error or a latency', (t) => {
  t.throws(() => parseFaultRule({ service: 's3' }, 'x'), { message: /give "error", "latencyMs" or both/ });
});

test('a count rule fires N times, then stays listed with its hits', (t) => {
  const rules = createFaultRules();
  rules.add({ service: 's3', operation: 'PutObject', error: 'InternalError', count: 2 });
  t.is(rules.decide('s3', 'PutObject')?.error?.statusCode, 500);
  t.truthy(rules.decide('s3', 'PutObject')?.error);
  t.is(rules.decide('s3', 'PutObject'), undefined);
  t.is(rules.decide('s3', 'GetObject'), undefined);
  t.is(rules.list()[0]?.hits, 2);
});

test('a probability rule fires when the draw is below it', (t) => {
  const draws = [0.1, 0.5, 0.29];
  const rules = createFaultRules(() => draws.shift() ?? 1);
  rules.add({ service: 'kinesis', operation: 'PutRecords', error: 'ProvisionedThroughputExceededException', probability: 0.3 });
  const fired = [0, 1, 2].map(() => rules.decide('kinesis', 'PutRecords') !== undefined);
  t.deepEqual(fired, [true, false, true]);
});

test('Kinesis faults are answered in awsJson with x-amzn-ErrorType, and DELETE clears them', async (t) => {
  const edge = await startEdge(t);
  const kinesis = new KinesisClient(clientConfig(edge, { maxAttempts: 1 }));
  const added = await fetch(`${edge.url}/_hosepipe/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ service: 'kinesis', operation: 'ListStreams', error: 'LimitExceededException', message: 'Rate exceeded for account', count: 1 }),
  });
  t.is(added.status, 201);
  const raw = await fetch(edge.url, {
    method: 'POST',
    headers: { 'x-amz-target': 'Kinesis_20131202.ListStreams', 'content-type': 'application/x-amz-json-1.1', authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=x' },
    body: '{}',
  });
  t.is(raw.status, 400);
  t.is(raw.headers.get('x-amzn-errortype'), 'LimitExceededException');
  t.deepEqual(await raw.json(), { __type: 'LimitExceededException', message: 'Rate exceeded for account' });
  t.truthy((await kinesis.send(new ListStreamsCommand({}))).StreamNames);
  await fetch(`${edge.url}/_hosepipe/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'kinesis', error: 'InternalFailure', status: 500 }) });
  await t.throwsAsync(kinesis.send(new ListStreamsCommand({})), { name: 'InternalFailure' });
  const listed = (await (await fetch(`${edge.url}/_hosepipe/faults`)).json()) as { rules: { hits: number }[] };
  t.deepEqual(listed.rules.map((rule) => rule.hits), [1, 1]);
  await fetch(`${edge.url}/_hosepipe/faults`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
  t.truthy((await kinesis.send(new ListStreamsCommand({}))).StreamNames);
});

test('a PutRecords throttling fault reaches the SDK as ProvisionedThroughputExceededException', async (t) => {
  const edge = await startEdge(t);
  const kinesis = new KinesisClient(clientConfig(edge, { maxAttempts: 1 }));
  await kinesis.send(new CreateStreamCommand({ StreamName: 'faulty', ShardCount: 1 }));
  edge.faults.add({ service: 'kinesis', operation: 'PutRecords', error: 'ProvisionedThroughputExceededException', probability: 1 });
  const error = await t.throwsAsync(kinesis.send(new PutRecordsCommand({ StreamName: 'faulty', Records: [{ PartitionKey: 'a', Data: Buffer.from('x') }] })));
  t.is(error?.name, 'ProvisionedThroughputExceededException');
});

test('S3 faults are answered as S3 XML errors the SDK reads', async (t) => {
  const edge = await startEdge(t);
  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true, maxAttempts: 1 }));
  await s3.send(new CreateBucketCommand({ Bucket: 'faults' }));
  edge.faults.add({ service: 's3', operation: 'PutObject', error: 'InternalError', message: 'We encountered an internal error. Please try again.', count: 1 });
  const error = await t.throwsAsync(s3.send(new PutObjectCommand({ Bucket: 'faults', Key: 'a', Body: 'one' })));
  t.true(error instanceof S3ServiceException);
  t.is(error?.name, 'InternalError');
  t.is((error as S3ServiceException).$metadata.httpStatusCode, 500);
  await s3.send(new PutObjectCommand({ Bucket: 'faults', Key: 'a', Body: 'two' }));
  t.is(await (await s3.send(new GetObjectCommand({ Bucket: 'faults', Key: 'a' }))).Body?.transformToString(), 'two');
});

test('Lambda faults use REST-JSON with the code in x-amzn-ErrorType', async (t) => {
  const edge = await startEdge(t);
  const lambda = new LambdaClient(clientConfig(edge, { maxAttempts: 1 }));
  edge.faults.add({ service: 'lambda', operation: 'ListFunctions', error: 'TooManyRequestsException', count: 1 });
  const error = await t.throwsAsync(lambda.send(new ListFunctionsCommand({})));
  t.is(error?.name, 'TooManyRequestsException');
  t.is((error as unknown as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode, 429);
});

test('a latency-only rule delays the call and lets it succeed', async (t) => {
  const edge = await startEdge(t);
  const kinesis = new KinesisClient(clientConfig(edge, { maxAttempts: 1 }));
  edge.faults.add({ service: 'kinesis', operation: 'ListStreams', latencyMs: 30 });
  t.truthy((await kinesis.send(new ListStreamsCommand({}))).StreamNames);
  t.is(edge.faults.list()[0]?.hits, 1);
});

test('a bad rule is refused with 400 and nothing is added', async (t) => {
  const edge = await startEdge(t);
  const response = await fetch(`${edge.url}/_hosepipe/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ service: 's3', error: 'SlowDown' }, { service: 's3', latencyMs: -5 }]) });
  t.is(response.status, 400);
  t.regex(((await response.json()) as { message: string }).message, /latencyMs.*-5/);
  t.deepEqual(edge.faults.list(), []);
});
