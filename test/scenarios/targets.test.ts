import { join } from 'node:path';
import test from 'ava';
import { PACKAGE_ROOT } from '../../cli/paths.js';
import { NotAPipelineError, readDeliveryStream } from '../../stack/index.js';
import { awsSideSettings, defaultBudgetSeconds, loadScenario, localOnlyReason, scenarioSchema, type Scenario } from '../../scenarios/index.js';

const scenario = (file: string): Scenario => loadScenario(join(PACKAGE_ROOT, 'scenarios', file));
const inline = (document: unknown): Scenario => ({ ...scenarioSchema.parse(document), file: 'inline.scenario.yaml' });

test('a scenario with a fault, a restart of the endpoint or a wait for fault hits is local-only, and the reason names the step', (t) => {
  t.regex(localOnlyReason(scenario('lambda-fails-first-two-attempts.scenario.yaml')) ?? '', /^step 1 \(fault: lambda Invoke ServiceException\) injects a fault/);
  t.regex(localOnlyReason(scenario('endpoint-restart-mid-buffer.scenario.yaml')) ?? '', /^step 3 \(restartEndpoint\)/);
  t.regex(localOnlyReason(inline({ name: 'x', steps: [{ http: {} }, { wait: { faultHits: 1 } }], expect: [{ audit: {} }] })) ?? '', /^step 2 \(wait: faultHits\)/);
  t.regex(localOnlyReason(inline({ name: 'x', steps: [{ http: {} }], expect: [{ faults: {} }] })) ?? '', /faults: minHits/);
});

test('scenarios of requests, appends, rotations and agent kills and restarts run without the admin API', (t) => {
  for (const file of ['http-requests-land-as-json', 'agent-kill-9-mid-batch', 'copytruncate-under-load', 'line-of-2-mib', 'team-python-transform']) {
    t.is(localOnlyReason(scenario(`${file}.scenario.yaml`)), undefined, file);
  }
});

test('a scenario that sets the transform or Firehose changes the deployed pipeline; agent, iam and endpoint settings do not', (t) => {
  t.deepEqual(awsSideSettings(scenario('team-python-transform.scenario.yaml')), ['firehose', 'transform']);
  t.deepEqual(awsSideSettings(scenario('agent-kill-9-mid-batch.scenario.yaml')), []);
  t.deepEqual(awsSideSettings(inline({ name: 'x', pipeline: { agent: {}, iam: {}, endpoint: {}, nginx: {} }, steps: [{ http: {} }], expect: [{ audit: {} }] })), ['nginx']);
});

test('the default budget is the processor interval and the longer of destination and backup, half as long again, plus a minute', (t) => {
  t.is(defaultBudgetSeconds({ destination: 60, processor: 1, backup: 60 }), Math.ceil(61 * 1.5) + 60);
  t.is(defaultBudgetSeconds({ destination: 300, processor: 60, backup: null }), 540 + 60);
  t.is(defaultBudgetSeconds({ destination: 0, processor: null, backup: null }), 60);
});

test('a scenario may state its budget in seconds; zero, fractions and unknown fields are refused', (t) => {
  t.deepEqual(inline({ name: 'x', budget: { seconds: 90 }, steps: [{ http: {} }], expect: [{ audit: {} }] }).budget, { seconds: 90 });
  for (const budget of [{ seconds: 0 }, { seconds: 1.5 }, { seconds: 3601 }, { minutes: 2 }, 90]) {
    t.false(scenarioSchema.safeParse({ name: 'x', budget, steps: [{ http: {} }], expect: [{ audit: {} }] }).success, JSON.stringify(budget));
  }
});

const described = {
  DeliveryStreamName: 'weblogs-to-s3',
  DeliveryStreamARN: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/weblogs-to-s3',
  DeliveryStreamStatus: 'ACTIVE' as const,
  DeliveryStreamType: 'KinesisStreamAsSource' as const,
  VersionId: '1',
  HasMoreDestinations: false,
  Source: { KinesisStreamSourceDescription: { KinesisStreamARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/weblogs-access-logs' } },
  Destinations: [{
    DestinationId: 'destinationId-000000000001',
    ExtendedS3DestinationDescription: {
      RoleARN: 'arn:aws:iam::123456789012:role/weblogs-firehose',
      BucketARN: 'arn:aws:s3:::weblogs-123456789012-eu-west-1',
      Prefix: 'kinesis/firehose/migration/year=!{partitionKeyFromLambda:year}/',
      ErrorOutputPrefix: 'kinesis/firehose/origin/error/!{firehose:error-output-type}/',
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 120 },
      CompressionFormat: 'UNCOMPRESSED' as const,
      EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' as const },
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda' as const, Parameters: [
        { ParameterName: 'LambdaArn' as const, ParameterValue: 'arn:aws:lambda:eu-west-1:123456789012:function:weblogs-transform:$LATEST' },
        { ParameterName: 'BufferIntervalInSeconds' as const, ParameterValue: '30' },
      ] }] },
      S3BackupMode: 'Enabled' as const,
      S3BackupDescription: { RoleARN: 'r', BucketARN: 'arn:aws:s3:::weblogs-123456789012-eu-west-1', Prefix: 'kinesis/firehose/origin/raw/!{timestamp:yyyy}/', BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 180 }, CompressionFormat: 'UNCOMPRESSED' as const, EncryptionConfiguration: {} },
    },
  }],
};

test('a deployed delivery stream gives its source stream, bucket, function, static prefixes and buffer intervals', (t) => {
  const deployed = readDeliveryStream(described);
  t.like(deployed, {
    deliveryStream: 'weblogs-to-s3', accountId: '123456789012', region: 'eu-west-1', partition: 'aws', stream: 'weblogs-access-logs', bucket: 'weblogs-123456789012-eu-west-1',
    functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:weblogs-transform:$LATEST',
  });
  t.deepEqual(deployed.prefixes, { success: 'kinesis/firehose/migration/year=', error: 'kinesis/firehose/origin/error/', backup: 'kinesis/firehose/origin/raw/' });
  t.deepEqual(deployed.intervals, { destination: 120, processor: 30, backup: 180 });
});

test('a delivery stream fed by DirectPut, or whose backup goes to another bucket, is refused with the reason', (t) => {
  t.throws(() => readDeliveryStream({ ...described, DeliveryStreamType: 'DirectPut', Source: undefined }), { instanceOf: NotAPipelineError, message: /its source is DirectPut/ });
  const elsewhere = structuredClone(described);
  elsewhere.Destinations[0]!.ExtendedS3DestinationDescription.S3BackupDescription.BucketARN = 'arn:aws:s3:::other';
  t.throws(() => readDeliveryStream(elsewhere), { instanceOf: NotAPipelineError, message: /another bucket \(other\)/ });
});
