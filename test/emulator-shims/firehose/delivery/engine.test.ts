import test from 'ava';
import { CreateDeliveryStreamCommand, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import {
  bucketArn, createBucket, createFunction, createKinesisStream, listObjects, ROLE, SCOPE, startHarness, uniqueName, waitForStatus, type Harness,
} from '../harness.js';
import { LAMBDA_CONCURRENCY, LAMBDA_SCALE_UP_ATTEMPTS, LAMBDA_SCALE_UP_MS } from '../../../../emulator-shims/firehose/delivery/engine.js';
import { eventually } from '../../../fixtures/eventually.js';

/** The transform used by these tests: `<iso time>|<text>` → JSON line; `bad` fails, `drop` is dropped. */
const TRANSFORM = `
export const handler = async (event) => ({
  records: event.records.map((record) => {
    const line = Buffer.from(record.data, 'base64').toString('utf8');
    const [time, text] = line.split('|');
    if (text === 'bad') return { recordId: record.recordId, result: 'ProcessingFailed', data: record.data };
    if (text === 'drop') return { recordId: record.recordId, result: 'Dropped', data: record.data };
    const d = new Date(time);
    const pad = (n) => String(n).padStart(2, '0');
    return {
      recordId: record.recordId, result: 'Ok',
      data: Buffer.from(JSON.stringify({ time, text }) + '\\n').toString('base64'),
      metadata: { partitionKeys: { year: String(d.getUTCFullYear()), month: pad(d.getUTCMonth() + 1), day: pad(d.getUTCDate()), hour: pad(d.getUTCHours()) } },
    };
  }),
});`;

/** The local pipeline's default layout, as provisioning creates it. */
function defaultLayout(bucket: string, lambdaArn: string) {
  return {
    RoleARN: ROLE, BucketARN: bucketArn(bucket),
    Prefix: 'kinesis/firehose/migration/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/',
    ErrorOutputPrefix: 'kinesis/firehose/origin/error/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/',
    BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
    DynamicPartitioningConfiguration: { Enabled: true },
    ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda' as const, Parameters: [{ ParameterName: 'LambdaArn' as const, ParameterValue: lambdaArn }] }] },
    S3BackupMode: 'Enabled' as const,
    S3BackupConfiguration: { RoleARN: ROLE, BucketARN: bucketArn(bucket), Prefix: 'kinesis/firehose/origin/raw/!{timestamp:yyyy/MM/dd/HH}/', ErrorOutputPrefix: 'kinesis/firehose/origin/raw-error/!{firehose:error-output-type}/' },
  };
}

async function setUpKinesisPipeline(t: Parameters<typeof startHarness>[0], harness: Harness, shards = 2) {
  const bucket = await createBucket(harness);
  const streamArn = await createKinesisStream(harness, shards);
  const lambdaArn = await createFunction(harness, TRANSFORM);
  const name = uniqueName('pipeline');
  await harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'KinesisStreamAsSource',
    KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn, RoleARN: ROLE },
    ExtendedS3DestinationConfiguration: defaultLayout(bucket, lambdaArn),
  }));
  await waitForStatus(harness, name, 'ACTIVE');
  return { bucket, streamArn, streamName: streamArn.split('/')[1] as string, lambdaArn, name };
}

const put = (harness: Harness, streamName: string, lines: string[]) => harness.kinesis.send(new PutRecordsCommand({
  StreamName: streamName,
  Records: lines.map((line, index) => ({ Data: Buffer.from(line), PartitionKey: `pk-${index}` })),
}));

test('the default layout delivers Kinesis records through the Lambda to hour partitions, raw backup and processing-failed error output', async (t) => {
  const harness = await startHarness(t);
  harness.clock.set(Date.parse('2026-01-02T03:04:05Z'));
  const pipeline = await setUpKinesisPipeline(t, harness);
  await put(harness, pipeline.streamName, [
    '2025-12-31T23:59:00Z|a', '2026-01-01T00:10:00Z|b', '2026-01-01T00:20:00Z|c', 'x|bad', '2026-01-01T00:30:00Z|drop',
  ]);
  const report = await harness.service.flush(pipeline.name);
  t.like(report, { deliveryStreamName: pipeline.name, recordsDelivered: 3, recordsFailed: 1, recordsDropped: 1, objectsWritten: 2, backupObjectsWritten: 1, errorObjectsWritten: 1 });

  const objects = await listObjects(harness, pipeline.bucket);
  const suffix = new RegExp(`^${pipeline.name}-1-2026-01-02-03-04-\\d\\d-[0-9a-f-]{36}$`);
  const migration = objects.filter((object) => object.key.startsWith('kinesis/firehose/migration/'));
  t.deepEqual(migration.map((object) => object.key.replace(/[^/]+$/, '')), [
    'kinesis/firehose/migration/year=2025/month=12/day=31/hour=23/',
    'kinesis/firehose/migration/year=2026/month=01/day=01/hour=00/',
  ]);
  for (const object of migration) t.regex(object.key.split('/').at(-1) as string, suffix);
  t.deepEqual(migration[1]?.body.toString().trim().split('\n').map((line) => JSON.parse(line).text), ['b', 'c']);

  const raw = objects.filter((object) => object.key.startsWith('kinesis/firehose/origin/raw/2026/01/02/03/'));
  t.is(raw.length, 1);
  // Raw source records, unchanged and undelimited; shards interleave, so only the set is fixed.
  const rawBody = raw[0]?.body.toString() ?? '';
  const lines = ['2025-12-31T23:59:00Z|a', '2026-01-01T00:10:00Z|b', '2026-01-01T00:20:00Z|c', 'x|bad', '2026-01-01T00:30:00Z|drop'];
  t.is(rawBody.length, lines.join('').length);
  for (const line of lines) t.true(rawBody.includes(line), line);

  const errors = objects.filter((object) => object.key.startsWith('kinesis/firehose/origin/error/processing-failed/2026/01/02/03/'));
  t.is(errors.length, 1);
  const failed = JSON.parse(errors[0]?.body.toString() ?? '{}');
  t.deepEqual(Object.keys(failed), ['rawData', 'errorCode', 'errorMessage', 'attemptsMade', 'arrivalTimestamp', 'attemptEndingTimestamp', 'lambdaARN']);
  t.like(failed, { rawData: Buffer.from('x|bad').toString('base64'), errorCode: 'Lambda.ProcessingFailedStatus', errorMessage: 'ProcessingFailed status set for record', attemptsMade: 1, lambdaARN: pipeline.lambdaArn });
  t.is(objects.length, 4);

  const metrics = harness.service.metrics()[pipeline.name];
  t.like(metrics, { 'DataReadFromKinesisStream.Records': 5, 'DeliveryToS3.Records': 3, 'BackupToS3.Records': 5, 'SucceedProcessing.Records': 3, 'DeliveryToS3.Success': 1, 'ExecuteProcessing.Success': 1 });
});

test('a Kinesis-sourced stream never delivers records written before it was created (LATEST)', async (t) => {
  const harness = await startHarness(t);
  const bucket = await createBucket(harness);
  const streamArn = await createKinesisStream(harness, 1);
  const streamName = streamArn.split('/')[1] as string;
  await put(harness, streamName, ['before']);
  const name = uniqueName('latest');
  await harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'KinesisStreamAsSource',
    KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn, RoleARN: ROLE },
    ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: bucketArn(bucket) },
  }));
  await put(harness, streamName, ['after']);
  await harness.service.flush(name);
  const objects = await listObjects(harness, bucket);
  t.deepEqual(objects.map((object) => object.body.toString()), ['after']);
});

test('DirectPut records are buffered until the interval passes on the injected clock', async (t) => {
  const harness = await startHarness(t);
  harness.clock.set(Date.parse('2018-08-27T10:30:12Z'));
  const bucket = await createBucket(harness);
  const name = uniqueName('direct');
  await harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: bucketArn(bucket), BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } },
  }));
  await waitForStatus(harness, name, 'ACTIVE');
  await harness.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.from('one') }, { Data: Buffer.from('two') }] }));
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.deepEqual(await listObjects(harness, bucket), []);
  harness.clock.advance(60_000);
  let objects = await listObjects(harness, bucket);
  await eventually('the interval\'s object is written', async () => (objects = await listObjects(harness, bucket)).length > 0);
  t.is(objects.length, 1);
  t.regex(objects[0]?.key ?? '', new RegExp(`^2018/08/27/10/${name}-1-2018-08-27-10-30-1\\d-[0-9a-f-]{36}$`));
  t.is(objects[0]?.body.toString(), 'onetwo');
});

test('DirectPut records through a Lambda: those it returns unchanged land byte for byte, changed ones as changed, dropped ones nowhere and failed ones in error output', async (t) => {
  const harness = await startHarness(t);
  const bucket = await createBucket(harness);
  const lambdaArn = await createFunction(harness, `
export const handler = async (event) => ({
  records: event.records.map((record) => {
    const text = Buffer.from(record.data, 'base64').toString('utf8');
    if (text.startsWith('up:')) return { recordId: record.recordId, result: 'Ok', data: Buffer.from(text.toUpperCase()).toString('base64') };
    if (text === 'drop') return { recordId: record.recordId, result: 'Dropped', data: record.data };
    if (text === 'bad') return { recordId: record.recordId, result: 'ProcessingFailed', data: record.data };
    return { recordId: record.recordId, result: 'Ok', data: record.data };
  }),
});`);
  const name = uniqueName('direct');
  await harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE, BucketARN: bucketArn(bucket), Prefix: 'out/', ErrorOutputPrefix: 'error/', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda' as const, Parameters: [{ ParameterName: 'LambdaArn' as const, ParameterValue: lambdaArn }] }] },
    },
  }));
  await waitForStatus(harness, name, 'ACTIVE');
  const binary = Buffer.from([0xff, 0x00, 0x0a, 0x80]);
  await harness.firehose.send(new PutRecordBatchCommand({
    DeliveryStreamName: name, Records: [Buffer.from('keep|'), Buffer.from('up:x|'), Buffer.from('drop'), Buffer.from('bad'), binary, Buffer.from('ok')].map((Data) => ({ Data })),
  }));
  await harness.service.flush(name);
  const delivered = await listObjects(harness, bucket, 'out/');
  t.is(delivered.length, 1);
  t.true(delivered[0]!.body.equals(Buffer.concat([Buffer.from('keep|UP:X|'), binary, Buffer.from('ok')])));
  const failed = await listObjects(harness, bucket, 'error/');
  t.is(failed.length, 1);
  const line = JSON.parse(failed[0]!.body.toString('utf8')) as { rawData: string; errorCode: string };
  t.deepEqual([Buffer.from(line.rawData, 'base64').toString(), line.errorCode], ['bad', 'Lambda.ProcessingFailedStatus']);
});

test('a poll of a backlog on several shards runs the Lambda between shards once a batch per invocation allowed in flight waits, and delivers every record once', async (t) => {
  const harness = await startHarness(t);
  const bucket = await createBucket(harness);
  const shards = 4;
  const streamArn = await createKinesisStream(harness, shards);
  const lambdaArn = await createFunction(harness, 'export const handler = async (event) => ({ records: event.records.map((record) => ({ recordId: record.recordId, result: \'Ok\', data: record.data })) });');
  const name = uniqueName('backlog');
  const batchMB = 0.2;
  await harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'KinesisStreamAsSource',
    KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn, RoleARN: ROLE },
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE, BucketARN: bucketArn(bucket), Prefix: 'out/', BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 900 },
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda' as const, Parameters: [
        { ParameterName: 'LambdaArn' as const, ParameterValue: lambdaArn }, { ParameterName: 'BufferSizeInMBs' as const, ParameterValue: String(batchMB) },
      ] }] },
    },
  }));
  await waitForStatus(harness, name, 'ACTIVE');
  // Recorded at each Invoke the Firehose sends: the bytes still waiting for the Lambda.
  const waiting: number[] = [];
  harness.lambda.middlewareStack.add((next) => async (args) => {
    const lambda = harness.service.inspect(SCOPE, name)?.engine?.buffers.find((buffer) => buffer.kind === 'lambda');
    waiting.push(lambda?.bytes ?? 0);
    return next(args);
  }, { step: 'initialize', name: 'recordBacklog' });
  // 1,000 records of 1 KiB on each shard (an explicit hash key in each shard's range): 4 MiB in all, read by one poll.
  const perShard = 1000;
  const sent = new Set<string>();
  for (let shard = 0; shard < shards; shard += 1) {
    const hashKey = ((2n ** 128n / BigInt(shards)) * BigInt(shard) + 1n).toString();
    for (let start = 0; start < perShard; start += 500) {
      const lines = Array.from({ length: 500 }, (_, index) => `${shard}-${start + index}-`.padEnd(1023, 'x') + '\n');
      for (const line of lines) sent.add(line);
      await harness.kinesis.send(new PutRecordsCommand({ StreamName: streamArn.split('/')[1], Records: lines.map((line) => ({ Data: Buffer.from(line), PartitionKey: 'pk', ExplicitHashKey: hashKey })) }));
    }
  }
  const report = await harness.service.flush(name);
  t.is(report.recordsDelivered, shards * perShard);
  const delivered = (await listObjects(harness, bucket, 'out/')).flatMap((object) => object.body.toString().split(/(?<=\n)/));
  t.is(delivered.length, sent.size);
  t.deepEqual(new Set(delivered), sent);
  // Without the bound the first Invoke found every shard's records waiting (4 MiB less one batch).
  // A batch for each invocation the stream may have in flight (LAMBDA_CONCURRENCY at most), and one shard's read on top.
  const bound = LAMBDA_CONCURRENCY * batchMB * 1024 * 1024 + perShard * 1024;
  t.true(waiting.length > 0);
  t.true(Math.max(...waiting) <= bound, `at most ${bound} bytes wait for the Lambda: ${Math.max(...waiting)}`);
});

/**
 * Sends 24 records of 50,000 bytes to a DirectPut stream whose function (`handler`, returning every record unchanged)
 * gets 0.2 MB Lambda batches (6 invocations, flushed), and answers how many Invokes were in flight as each one started.
 */
async function invocationsInFlight(t: Parameters<typeof startHarness>[0], handler: string): Promise<number[]> {
  const harness = await startHarness(t);
  const bucket = await createBucket(harness);
  const lambdaArn = await createFunction(harness, handler);
  const name = uniqueName('concurrency');
  await harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE, BucketARN: bucketArn(bucket), Prefix: 'out/', ErrorOutputPrefix: 'error/', BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 900 },
      ProcessingConfiguration: {
        Enabled: true,
        Processors: [{ Type: 'Lambda' as const, Parameters: [{ ParameterName: 'LambdaArn' as const, ParameterValue: lambdaArn }, { ParameterName: 'BufferSizeInMBs' as const, ParameterValue: '0.2' }] }],
      },
    },
  }));
  await waitForStatus(harness, name, 'ACTIVE');
  const inFlightAtStart: number[] = [];
  let inFlight = 0;
  harness.lambda.middlewareStack.add((next) => async (args) => {
    inFlight += 1;
    inFlightAtStart.push(inFlight);
    try {
      return await next(args);
    } finally {
      inFlight -= 1;
    }
  }, { step: 'initialize', name: 'countInFlight' });
  const records = Array.from({ length: 24 }, (_, index) => Buffer.from(`${index}-`.padEnd(49_999, 'x') + '\n'));
  await harness.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: records.map((Data) => ({ Data })) }));
  const report = await harness.service.flush(name);
  t.is(report.recordsDelivered, records.length);
  const delivered = (await listObjects(harness, bucket, 'out/')).flatMap((object) => object.body.toString().split(/(?<=\n)/));
  t.deepEqual(new Set(delivered), new Set(records.map((record) => record.toString())));
  return inFlightAtStart;
}

test('a delivery stream whose function answers quickly invokes it one batch at a time', async (t) => {
  const inFlight = await invocationsInFlight(t, `
export const handler = async (event) => ({ records: event.records.map((record) => ({ recordId: record.recordId, result: 'Ok', data: record.data })) });`);
  t.is(inFlight.length, 6);
  t.deepEqual(inFlight, inFlight.map(() => 1));
});

test(`a delivery stream whose function took ${LAMBDA_SCALE_UP_MS} ms or more on its last ${LAMBDA_SCALE_UP_ATTEMPTS} invocations invokes it ${LAMBDA_CONCURRENCY} batches at a time`, async (t) => {
  const inFlight = await invocationsInFlight(t, `
export const handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, ${LAMBDA_SCALE_UP_MS + 50}));
  return { records: event.records.map((record) => ({ recordId: record.recordId, result: 'Ok', data: record.data })) };
};`);
  t.is(inFlight.length, 6);
  // The first ones, one at a time, are what tells the engine the function is slow.
  t.deepEqual(inFlight.slice(0, LAMBDA_SCALE_UP_ATTEMPTS), inFlight.slice(0, LAMBDA_SCALE_UP_ATTEMPTS).map(() => 1));
  t.true(inFlight.slice(LAMBDA_SCALE_UP_ATTEMPTS).includes(LAMBDA_CONCURRENCY), `invocations in flight as each started: ${inFlight.join(', ')}`);
  t.true(inFlight.every((count) => count <= LAMBDA_CONCURRENCY));
});
