import test from 'ava';
import { CreateDeliveryStreamCommand, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { bucketArn, createBucket, createFunction, listObjects, ROLE, startHarness, uniqueName, waitForStatus } from '../harness.js';

interface Case { handler: string; retries?: string; errorCode: string; errorMessage: RegExp; attemptsMade: number }

const failsToErrorOutput = test.macro({
  async exec(t, scenario: Case) {
    const harness = await startHarness(t);
    harness.clock.set(Date.parse('2024-05-06T07:08:09Z'));
    const bucket = await createBucket(harness);
    const lambdaArn = await createFunction(harness, scenario.handler);
    const name = uniqueName('fail');
    const parameters = [{ ParameterName: 'LambdaArn' as const, ParameterValue: lambdaArn }];
    if (scenario.retries !== undefined) parameters.push({ ParameterName: 'NumberOfRetries' as never, ParameterValue: scenario.retries });
    await harness.firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: name,
      ExtendedS3DestinationConfiguration: {
        RoleARN: ROLE, BucketARN: bucketArn(bucket), Prefix: 'ok/', ErrorOutputPrefix: 'err/',
        ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: parameters }] },
      },
    }));
    await waitForStatus(harness, name, 'ACTIVE');
    await harness.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.from('r1') }, { Data: Buffer.from('r2') }] }));
    const report = await harness.service.flush(name);
    t.like(report, { recordsDelivered: 0, recordsFailed: 2, errorObjectsWritten: 1 });
    const objects = await listObjects(harness, bucket);
    t.is(objects.length, 1);
    t.regex(objects[0]?.key ?? '', new RegExp(`^err/${name}-1-2024-05-06-07-08-\\d\\d-`));
    const lines = (objects[0]?.body.toString() ?? '').trim().split('\n').map((line) => JSON.parse(line));
    t.deepEqual(lines.map((line) => Buffer.from(line.rawData, 'base64').toString()), ['r1', 'r2']);
    for (const line of lines) {
      t.is(line.errorCode, scenario.errorCode);
      t.regex(line.errorMessage, scenario.errorMessage);
      t.is(line.attemptsMade, scenario.attemptsMade);
      t.is(line.lambdaARN, lambdaArn);
    }
  },
  title: (provided = '') => `a Lambda that ${provided} sends the whole batch to error output`,
});

test('throws (FunctionError), after 1 + NumberOfRetries attempts,', failsToErrorOutput, {
  handler: 'export const handler = async () => { throw new Error("boom"); };',
  errorCode: 'Lambda.FunctionError', errorMessage: /^The Lambda function was successfully invoked but it returned an error result\.$/, attemptsMade: 4,
});
test('throws with NumberOfRetries 0', failsToErrorOutput, {
  handler: 'export const handler = async () => { throw new Error("boom"); };', retries: '0',
  errorCode: 'Lambda.FunctionError', errorMessage: /error result/, attemptsMade: 1,
});
test('leaves out a recordId (MissingRecordId)', failsToErrorOutput, {
  handler: 'export const handler = async (event) => ({ records: event.records.slice(1).map((r) => ({ recordId: r.recordId, result: "Ok", data: r.data })) });', retries: '1',
  errorCode: 'Lambda.MissingRecordId', errorMessage: /^One or more record Ids were not returned/, attemptsMade: 2,
});
test('returns a recordId twice (DuplicatedRecordId)', failsToErrorOutput, {
  handler: 'export const handler = async (event) => ({ records: [...event.records, event.records[0]].map((r) => ({ recordId: r.recordId, result: "Ok", data: r.data })) });', retries: '0',
  errorCode: 'Lambda.DuplicatedRecordId', errorMessage: /^Multiple records were returned with the same record Id/, attemptsMade: 1,
});
test('answers something that is not the status model (JsonProcessingException)', failsToErrorOutput, {
  handler: 'export const handler = async (event) => ({ records: event.records.map((r) => ({ recordId: r.recordId, result: "Fine", data: r.data })) });', retries: '0',
  errorCode: 'Lambda.JsonProcessingException', errorMessage: /result/, attemptsMade: 1,
});

test('the Lambda receives the DirectPut event shape: invocationId, deliveryStreamArn, region and records without Kinesis metadata', async (t) => {
  const harness = await startHarness(t);
  const bucket = await createBucket(harness);
  const lambdaArn = await createFunction(harness, 'export const handler = async (event) => ({ records: event.records.map((r) => ({ recordId: r.recordId, result: "Ok", data: Buffer.from(JSON.stringify({ ...event, records: undefined, record: r })).toString("base64") })) });');
  const name = uniqueName('shape');
  await harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE, BucketARN: bucketArn(bucket),
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: lambdaArn }] }] },
    },
  }));
  await waitForStatus(harness, name, 'ACTIVE');
  await harness.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: [{ Data: Buffer.from('hello') }] }));
  await harness.service.flush(name);
  const [object] = await listObjects(harness, bucket);
  const seen = JSON.parse(object?.body.toString() ?? '{}');
  t.deepEqual(Object.keys(seen).sort(), ['deliveryStreamArn', 'invocationId', 'record', 'region']);
  t.is(seen.deliveryStreamArn, `arn:aws:firehose:us-east-1:000000000000:deliverystream/${name}`);
  t.is(seen.region, 'us-east-1');
  t.regex(seen.invocationId, /^[0-9a-f-]{36}$/);
  t.deepEqual(Object.keys(seen.record).sort(), ['approximateArrivalTimestamp', 'data', 'recordId']);
  t.is(typeof seen.record.approximateArrivalTimestamp, 'number');
  t.is(Buffer.from(seen.record.data, 'base64').toString(), 'hello');
});
