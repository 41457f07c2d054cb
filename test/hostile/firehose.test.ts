import test, { type ExecutionContext } from 'ava';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient, ListDeliveryStreamsCommand, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { jsonCall, startHostileEdgeWithRoles, type HostileEdge } from './harness.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const ROLE = 'arn:aws:iam::000000000000:role/firehose';
const FAST = { firehose: { createDelayMs: 5, deleteDelayMs: 5 } };

function clients(hostile: HostileEdge, region = 'us-east-1') {
  const config = { endpoint: hostile.edge.url, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler(), maxAttempts: 1 };
  return { firehose: new FirehoseClient(config), s3: new S3Client({ ...config, forcePathStyle: true }) };
}

async function createDirectPut(hostile: HostileEdge, name: string, options: { region?: string; bucket?: string; prefix?: string } = {}): Promise<void> {
  const { firehose, s3 } = clients(hostile, options.region);
  const bucket = options.bucket ?? 'hostile-firehose';
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
  await firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: `arn:aws:s3:::${bucket}`, ...(options.prefix === undefined ? {} : { Prefix: options.prefix }) },
  }));
  await waitFor(async () => (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription?.DeliveryStreamStatus === 'ACTIVE');
}

// Checks every 10 ms for up to 30 s: a loaded machine can take seconds where a quiet one takes milliseconds.
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in 30 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function names(hostile: HostileEdge, region = 'us-east-1'): Promise<string[]> {
  return (await clients(hostile, region).firehose.send(new ListDeliveryStreamsCommand({ Limit: 100 }))).DeliveryStreamNames ?? [];
}

async function flush(hostile: HostileEdge, name: string, query = ''): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await hostile.send({ method: 'POST', path: `/_hosepipe/firehose/${encodeURIComponent(name)}/flush${query}`, headers: JSON_TYPE });
  return { status: answer.status, body: JSON.parse(answer.text) as Record<string, unknown> };
}

test('DeleteDeliveryStream of a stream named .. removes that stream only', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t, FAST);
  for (const name of ['weblogs', '..', '.', '-']) await createDirectPut(hostile, name);
  const answer = await hostile.send({ method: 'POST', path: '/', headers: jsonCall('firehose', 'Firehose_20150804.DeleteDeliveryStream'), body: JSON.stringify({ DeliveryStreamName: '..' }) });
  t.is(answer.status, 200);
  await waitFor(async () => !(await names(hostile)).includes('..'));
  t.deepEqual((await names(hostile)).sort(), ['-', '.', 'weblogs']);
  t.true(existsSync(join(hostile.stateDir, 'firehose', '000000000000', 'us-east-1', 'weblogs', 'stream.json')));
  t.is((await flush(hostile, 'weblogs')).status, 200);
  await hostile.assertUnharmed(t);
});

test('delivery streams named . and .. survive a restart with every other stream', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t, FAST);
  for (const name of ['..', '.', 'weblogs']) await createDirectPut(hostile, name);
  await hostile.restart();
  t.deepEqual((await names(hostile)).sort(), ['.', '..', 'weblogs']);
  for (const name of ['..', '.', 'weblogs']) t.is((await flush(hostile, name)).status, 200, name);
  await hostile.assertUnharmed(t);
});

/** What an older version, a crash or a hand edit may have left in `<state>/firehose/`. */
function seedOddEntries(stateDir: string): void {
  const region = join(stateDir, 'firehose', '000000000000', 'us-east-1');
  const stream = (name: string, body: string): void => {
    mkdirSync(join(region, name), { recursive: true });
    writeFileSync(join(region, name, 'stream.json'), body);
  };
  // A stream named `..` written by a version without safe names: its files sat in the account folder.
  mkdirSync(region, { recursive: true });
  writeFileSync(join(stateDir, 'firehose', '000000000000', 'stream.json'), JSON.stringify({ name: '..', accountId: '000000000000', region: 'us-east-1' }));
  writeFileSync(join(stateDir, 'firehose', '000000000000', 'checkpoints.json'), '{}');
  mkdirSync(join(stateDir, 'firehose', '000000000000', 'direct-put'));
  stream('corrupt', '{"name": "corrupt", "accountId": "00000');
  stream('empty', '');
  stream('array', '[]');
  stream('wrong-scope', JSON.stringify({ name: 'wrong-scope', accountId: '111111111111', region: 'us-east-1', arn: 'x', status: 'ACTIVE', destination: {} }));
  stream('bad-name', JSON.stringify({ name: '../../x', accountId: '000000000000', region: 'us-east-1', arn: 'x', status: 'ACTIVE', destination: {} }));
  writeFileSync(join(region, 'stray-file'), 'not a folder');
  mkdirSync(join(stateDir, 'firehose', 'not-an-account'), { recursive: true });
  mkdirSync(join(stateDir, 'firehose', '000000000000', 'not a region'), { recursive: true });
  writeFileSync(join(stateDir, 'firehose', 'README'), 'a file at the top');
}

test('a state folder holding odd or unreadable entries still starts, serves Firehose and leaves the entries alone', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t, FAST, seedOddEntries);
  const health = await hostile.send({ path: '/_hosepipe/health' });
  t.is(JSON.parse(health.text).services.firehose, 'running');
  t.deepEqual(await names(hostile), []);
  await createDirectPut(hostile, 'fresh');
  t.is((await flush(hostile, 'fresh')).status, 200);
  t.true(readdirSync(join(hostile.stateDir, 'firehose', '000000000000', 'us-east-1')).includes('corrupt'));
  await hostile.restart();
  t.deepEqual(await names(hostile), ['fresh']);
  await hostile.assertUnharmed(t);
});

test('a corrupt checkpoints.json does not stop a delivery stream from starting after a restart', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t, FAST);
  await createDirectPut(hostile, 'checkpointed');
  await hostile.edge.close();
  writeFileSync(join(hostile.stateDir, 'firehose', '000000000000', 'us-east-1', 'checkpointed', 'checkpoints.json'), '{not json');
  await hostile.restart();
  t.is((await flush(hostile, 'checkpointed')).status, 200);
  await hostile.assertUnharmed(t);
});

const savedMetrics: [string, string][] = [
  ['text that is not JSON', '{not json'],
  ['a list', '[1, 2]'],
  ['a counter that is a string', '{"IncomingRecords": "many"}'],
  ['a counter that is not finite', '{"IncomingRecords": 1e999}'],
  ['a __proto__ key', '{"__proto__": {"polluted": 1}, "IncomingRecords": 3}'],
];

for (const [what, text] of savedMetrics) {
  test(`a metrics.json holding ${what} does not stop a delivery stream from starting after a restart, and its counters stay numbers`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t, FAST);
    await createDirectPut(hostile, 'counted');
    await hostile.edge.close();
    writeFileSync(join(hostile.stateDir, 'firehose', '000000000000', 'us-east-1', 'counted', 'metrics.json'), text);
    await hostile.restart();
    t.is((await flush(hostile, 'counted')).status, 200);
    const metrics = (await (await fetch(`${hostile.edge.url}/_hosepipe/metrics`)).json()) as { deliveryStreams: Record<string, Record<string, unknown>> };
    t.true(Object.values(metrics.deliveryStreams.counted ?? {}).every((value) => typeof value === 'number' && Number.isFinite(value)));
    t.is(({} as Record<string, unknown>).polluted, undefined);
    await hostile.assertUnharmed(t);
  });
}

const putBodies: [string, string, unknown, string][] = [
  ['a null record', 'PutRecordBatch', { Records: [null] }, 'ValidationException'],
  ['a record that is a number', 'PutRecordBatch', { Records: [1] }, 'SerializationException'],
  ['a record that is a list', 'PutRecordBatch', { Records: [[]] }, 'SerializationException'],
  ['Records as a string', 'PutRecordBatch', { Records: 'x' }, 'SerializationException'],
  ['Records as an object', 'PutRecordBatch', { Records: { Data: 'eA==' } }, 'SerializationException'],
  ['an empty Records list', 'PutRecordBatch', { Records: [] }, 'ValidationException'],
  ['501 records', 'PutRecordBatch', { Records: Array.from({ length: 501 }, () => ({ Data: 'eA==' })) }, 'ValidationException'],
  ['a record without Data', 'PutRecordBatch', { Records: [{}] }, 'ValidationException'],
  ['Data as a number', 'PutRecordBatch', { Records: [{ Data: 123 }] }, 'SerializationException'],
  ['Data as true', 'PutRecordBatch', { Records: [{ Data: true }] }, 'SerializationException'],
  ['Data as an object', 'PutRecordBatch', { Records: [{ Data: { a: 1 } }] }, 'SerializationException'],
  ['Data with a character base64 does not have', 'PutRecordBatch', { Records: [{ Data: 'eA==' }, { Data: 'no!ok===' }] }, 'SerializationException'],
  ['Data whose length is not a multiple of 4', 'PutRecordBatch', { Records: [{ Data: 'eA' }] }, 'SerializationException'],
  ['Data with bits after the last character', 'PutRecordBatch', { Records: [{ Data: 'eB==' }] }, 'SerializationException'],
  ['Data in URL-safe base64', 'PutRecordBatch', { Records: [{ Data: '-_-_' }] }, 'SerializationException'],
  ['Data with padding in the middle', 'PutRecordBatch', { Records: [{ Data: 'eA==eA==' }] }, 'SerializationException'],
  ['a record over 1,000 KiB', 'PutRecordBatch', { Records: [{ Data: Buffer.alloc(1_024_001).toString('base64') }] }, 'ValidationException'],
  ['a stream name that is a number', 'PutRecordBatch', { DeliveryStreamName: 7, Records: [{ Data: 'eA==' }] }, 'SerializationException'],
  ['a null Record', 'PutRecord', { Record: null }, 'ValidationException'],
  ['a Record that is a string', 'PutRecord', { Record: 'eA==' }, 'SerializationException'],
  ['a null Data', 'PutRecord', { Record: { Data: null } }, 'ValidationException'],
  ['Data that is not base64', 'PutRecord', { Record: { Data: 'ü' } }, 'SerializationException'],
  ['Data as a list', 'PutRecord', { Record: { Data: ['eA=='] } }, 'SerializationException'],
];

for (const [title, operation, body, code] of putBodies) {
  test(`${operation} with ${title} answers 400 ${code} and accepts nothing`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t, FAST);
    await createDirectPut(hostile, 'target');
    const answer = await hostile.send({
      method: 'POST', path: '/', headers: jsonCall('firehose', `Firehose_20150804.${operation}`),
      body: JSON.stringify({ DeliveryStreamName: 'target', ...(body as object) }),
    });
    t.is(answer.status, 400, answer.text);
    t.is(answer.code, code, answer.text);
    t.true(answer.text.length < 2_000, 'the message does not echo a whole record');
    const flushed = await flush(hostile, 'target');
    t.is(flushed.body.recordsDelivered, 0);
    await hostile.assertUnharmed(t);
  });
}

const badBodies: [string, string | Buffer][] = [
  ['a JSON list', '[]'],
  ['JSON null', 'null'],
  ['a JSON string', '"PutRecordBatch"'],
  ['bytes that are not JSON', '{"DeliveryStreamName": "target", "Records": [{"Data": "eA=="}'],
  ['200,000 nested lists', `{"Records":${'['.repeat(200_000)}${']'.repeat(200_000)}}`],
  ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
  ['a __proto__ member', '{"__proto__": {"DeliveryStreamName": "target"}, "Records": [{"Data": "eA=="}]}'],
];

for (const [title, body] of badBodies) {
  test(`a PutRecordBatch body of ${title} answers 400, never 500`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t, FAST);
    await createDirectPut(hostile, 'target');
    const answer = await hostile.send({ method: 'POST', path: '/', headers: jsonCall('firehose', 'Firehose_20150804.PutRecordBatch'), body });
    t.is(answer.status, 400, answer.text);
    t.true(['SerializationException', 'ValidationException'].includes(answer.code ?? ''), answer.text);
    await hostile.assertUnharmed(t);
  });
}

// Bodies near the shape PutRecordBatch's body reader takes from its bytes (put-record-batch-body.ts): each must get the
// JSON parse's verdict, the records it accepts delivered as the parse reads them, never those of a member it overrides.
const x = Buffer.from('x').toString('base64');
const nearBodies: [string, string, number | string][] = [
  ['the stream name given twice, the last naming no stream', `{"DeliveryStreamName":"target","DeliveryStreamName":"none","Records":[{"Data":"${x}"}]}`, 'ResourceNotFoundException'],
  ['Records given twice, the last empty', `{"DeliveryStreamName":"target","Records":[{"Data":"${x}"}],"Records":[]}`, 'ValidationException'],
  ['501 records written without spaces', `{"DeliveryStreamName":"target","Records":[${Array.from({ length: 501 }, () => `{"Data":"${x}"}`).join(',')}]}`, 'ValidationException'],
  ['Data with bits after its last character in the 500th record', `{"DeliveryStreamName":"target","Records":[${Array.from({ length: 500 }, (_, index) => `{"Data":"${index === 499 ? 'eB==' : x}"}`).join(',')}]}`, 'SerializationException'],
  ['a body cut short inside a Data', `{"DeliveryStreamName":"target","Records":[{"Data":"${x}"},{"Data":"eA`, 'SerializationException'],
  ['text after the object', `{"DeliveryStreamName":"target","Records":[{"Data":"${x}"}]} x`, 'SerializationException'],
  ['a record giving Data twice, the last a number', `{"DeliveryStreamName":"target","Records":[{"Data":"${x}","Data":5}]}`, 'SerializationException'],
  ['Data written with escapes (the same text)', '{"DeliveryStreamName":"target","Records":[{"Data":"eA\\u003d\\u003d"},{"Data":"eA=="}]}', 2],
  ['the members in the other order and whitespace between tokens', `{ "Records" : [ { "Data" : "${x}" } , {"Data":"${x}"}, {"Data":""} ] ,\n"DeliveryStreamName" : "target" }`, 3],
];

for (const [title, body, expected] of nearBodies) {
  const outcome = typeof expected === 'number' ? `delivers its ${expected} records` : `answers 400 ${expected} and accepts nothing`;
  test(`a PutRecordBatch body of ${title} ${outcome}`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t, FAST);
    await createDirectPut(hostile, 'target');
    const answer = await hostile.send({ method: 'POST', path: '/', headers: jsonCall('firehose', 'Firehose_20150804.PutRecordBatch'), body });
    if (typeof expected === 'number') t.is(answer.status, 200, answer.text);
    else {
      t.is(answer.status, 400, answer.text);
      t.is(answer.code, expected, answer.text);
    }
    const flushed = await flush(hostile, 'target');
    t.is(flushed.body.recordsDelivered, typeof expected === 'number' ? expected : 0);
    await hostile.assertUnharmed(t);
  });
}

const prefixes: [string, Record<string, unknown>, string][] = [
  ['an unterminated expression', { Prefix: 'logs/!{timestamp:yyyy' }, 'InvalidArgumentException'],
  ['an unknown namespace', { Prefix: 'logs/!{env:HOME}/', ErrorOutputPrefix: 'e/!{firehose:error-output-type}/' }, 'InvalidArgumentException'],
  ['error-output-type in Prefix', { Prefix: '!{firehose:error-output-type}/', ErrorOutputPrefix: 'e/!{firehose:error-output-type}/' }, 'InvalidArgumentException'],
  ['an expression without ErrorOutputPrefix', { Prefix: 'logs/!{timestamp:yyyy}/' }, 'InvalidArgumentException'],
  ['a Prefix over 1024 characters', { Prefix: 'a/'.repeat(513) }, 'ValidationException'],
  ['a Prefix that is a number', { Prefix: 5 }, 'SerializationException'],
  ['an ErrorOutputPrefix that is a list', { ErrorOutputPrefix: ['a'] }, 'SerializationException'],
];

for (const [title, destination, code] of prefixes) {
  test(`CreateDeliveryStream with ${title} answers 400 ${code} and creates nothing`, async (t) => {
    const hostile = await startHostileEdgeWithRoles(t, FAST);
    const answer = await hostile.send({
      method: 'POST', path: '/', headers: jsonCall('firehose', 'Firehose_20150804.CreateDeliveryStream'),
      body: JSON.stringify({ DeliveryStreamName: 'prefixed', ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::b', ...destination } }),
    });
    t.is(answer.status, 400, answer.text);
    t.is(answer.code, code, answer.text);
    t.deepEqual(await names(hostile), []);
    await hostile.assertUnharmed(t);
  });
}

test('a Prefix of ../../../tmp/x/ is a legal S3 key prefix: objects are delivered under that key, inside the bucket', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t, FAST);
  await createDirectPut(hostile, 'climber', { prefix: '../../../tmp/x/', bucket: 'climbed' });
  const { firehose, s3 } = clients(hostile);
  await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'climber', Records: [{ Data: Buffer.from('stays in the bucket\n') }] }));
  const flushed = await flush(hostile, 'climber');
  t.is(flushed.status, 200, JSON.stringify(flushed.body));
  t.is(flushed.body.recordsDelivered, 1);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'climbed' }));
  t.is(listed.Contents?.length, 1);
  const key = listed.Contents![0]!.Key!;
  t.true(key.startsWith('../../../tmp/x/'), key);
  t.is(await (await s3.send(new GetObjectCommand({ Bucket: 'climbed', Key: key }))).Body!.transformToString(), 'stays in the bucket\n');
  await hostile.assertUnharmed(t);
});

test('a CustomTimeZone that is no zone (a path, prototype keys, NUL, too long) is refused with 400 naming it; an alias is taken', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t, FAST);
  const { s3 } = clients(hostile);
  await s3.send(new CreateBucketCommand({ Bucket: 'zoned' }));
  const create = (name: string, zone: string) => hostile.send({
    method: 'POST', path: '/', headers: jsonCall('firehose', 'Firehose_20150804.CreateDeliveryStream'),
    body: JSON.stringify({ DeliveryStreamName: name, ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::zoned', CustomTimeZone: zone } }),
  });
  for (const zone of ['../../etc/passwd', '__proto__', 'constructor', 'hasOwnProperty', 'UTC\u0000', 'Asia/Seoul\n', 'Mars/Olympus', 'A'.repeat(5_000)]) {
    const answer = await create('zoned', zone);
    t.is(answer.status, 400, `${JSON.stringify(zone.slice(0, 40))}: ${answer.text}`);
    t.regex(answer.text, /(InvalidArgumentException|ValidationException).*[Cc]ustomTimeZone/);
  }
  t.deepEqual(await names(hostile), []);
  t.is((await create('aliased', 'asia/seoul')).status, 200);
  t.deepEqual(await names(hostile), ['aliased']);
  await hostile.assertUnharmed(t);
});

async function twoRegions(t: ExecutionContext): Promise<HostileEdge> {
  const hostile = await startHostileEdgeWithRoles(t, FAST);
  await createDirectPut(hostile, 'everywhere', { region: 'eu-west-1', bucket: 'in-ireland' });
  await createDirectPut(hostile, 'only-eu', { region: 'eu-west-1', bucket: 'in-ireland' });
  await createDirectPut(hostile, 'everywhere', { region: 'us-east-1', bucket: 'in-virginia' });
  return hostile;
}

test('the admin flush finds a delivery stream in any region, and asks for ?region= when the name is in several', async (t) => {
  const hostile = await twoRegions(t);
  const only = await flush(hostile, 'only-eu');
  t.is(only.status, 200);
  t.is(only.body.deliveryStreamName, 'only-eu');
  const ambiguous = await flush(hostile, 'everywhere');
  t.is(ambiguous.status, 400);
  t.is(ambiguous.body.error, 'InvalidArgument');
  t.regex(String(ambiguous.body.message), /000000000000\/eu-west-1.*000000000000\/us-east-1|000000000000\/us-east-1.*000000000000\/eu-west-1/);
  t.is((await flush(hostile, 'everywhere', '?region=eu-west-1')).status, 200);
  t.is((await flush(hostile, 'everywhere', '?region=us-east-1&account=000000000000')).status, 200);
  t.is((await flush(hostile, 'only-eu', '?region=us-east-1')).body.error, 'ResourceNotFoundException');
  for (const query of ['?region=..', '?region=%2e%2e', '?account=../x', '?region=eu-west-1/../../x']) {
    const answer = await flush(hostile, 'everywhere', query);
    t.is(answer.status, 400, query);
    t.is(answer.body.error, 'InvalidArgument', query);
  }
  await hostile.assertUnharmed(t);
});

test('metrics keep their by-name shape and tell streams of one name in several regions apart by ARN', async (t) => {
  const hostile = await twoRegions(t);
  const metrics = JSON.parse((await hostile.send({ path: '/_hosepipe/metrics' })).text) as { deliveryStreams: Record<string, unknown>; deliveryStreamsByArn: Record<string, unknown> };
  t.deepEqual(Object.keys(metrics.deliveryStreams).sort(), ['everywhere', 'only-eu']);
  t.deepEqual(Object.keys(metrics.deliveryStreamsByArn).sort(), [
    'arn:aws:firehose:eu-west-1:000000000000:deliverystream/everywhere',
    'arn:aws:firehose:eu-west-1:000000000000:deliverystream/only-eu',
    'arn:aws:firehose:us-east-1:000000000000:deliverystream/everywhere',
  ]);
  await hostile.assertUnharmed(t);
});

test('a Kinesis source that fails every GetRecords leaves the endpoint up, and delivery goes on once it answers again', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t, { firehose: { createDelayMs: 5, deleteDelayMs: 5, pollIntervalMs: 20 } });
  const config = { endpoint: hostile.edge.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler(), maxAttempts: 1 };
  const kinesis = new KinesisClient(config);
  await kinesis.send(new CreateStreamCommand({ StreamName: 'failing-source', ShardCount: 1 }));
  await waitFor(async () => (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'failing-source' }))).StreamDescriptionSummary?.StreamStatus === 'ACTIVE');
  const { firehose, s3 } = clients(hostile);
  await s3.send(new CreateBucketCommand({ Bucket: 'from-kinesis' }));
  await firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: 'reads-kinesis', DeliveryStreamType: 'KinesisStreamAsSource',
    KinesisStreamSourceConfiguration: { KinesisStreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/failing-source', RoleARN: ROLE },
    ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::from-kinesis' },
  }));
  await waitFor(async () => (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'reads-kinesis' }))).DeliveryStreamDescription?.DeliveryStreamStatus === 'ACTIVE');
  hostile.edge.faults.add({ service: 'kinesis', operation: 'GetRecords', error: 'InternalFailure', status: 500, probability: 1 });
  await kinesis.send(new PutRecordCommand({ StreamName: 'failing-source', PartitionKey: 'k', Data: Buffer.from('survives\n') }));
  // Firehose's own reads meet the fault rule (the wait fails the test if they never do), and the endpoint lives.
  await waitFor(async () => (hostile.edge.faults.list()[0]?.hits ?? 0) > 0);
  t.is((await hostile.send({ path: '/_hosepipe/health' })).status, 200);
  hostile.edge.faults.clear();
  const flushed = await flush(hostile, 'reads-kinesis');
  t.is(flushed.status, 200, JSON.stringify(flushed.body));
  t.is(flushed.body.recordsDelivered, 1);
  await hostile.assertUnharmed(t);
});

test('a DirectPut checkpoint that is not a number replays the logged records after a restart, never loses them', async (t) => {
  const hostile = await startHostileEdgeWithRoles(t, FAST);
  await createDirectPut(hostile, 'logged');
  const { firehose } = clients(hostile);
  await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'logged', Records: [{ Data: Buffer.from('kept\n') }] }));
  // S3 refuses the drain at close, so the records are still only in the log when the endpoint stops.
  hostile.edge.faults.add({ service: 's3', operation: 'PutObject', error: 'InternalError', status: 500, probability: 1 });
  await hostile.edge.close();
  writeFileSync(join(hostile.stateDir, 'firehose', '000000000000', 'us-east-1', 'logged', 'direct-put', 'checkpoint'), 'not a number');
  await hostile.restart();
  const flushed = await flush(hostile, 'logged');
  t.is(flushed.status, 200);
  t.true((flushed.body.recordsDelivered as number) >= 1);
  await hostile.assertUnharmed(t);
});
