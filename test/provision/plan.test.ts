import test from 'ava';
import { desiredPipeline, formatPlan, hasChanges, parsePipelineConfig, planChanges, type LivePipeline, type TransformArtifact } from '../../provision/index.js';

const artifact: TransformArtifact = { zip: new Uint8Array([1, 2, 3]), sha256: 'abc=', handler: 'index.handler', runtime: 'nodejs22.x', environment: { A: '1' } };
const placement = { accountId: '000000000000', region: 'us-east-1' };
const desired = desiredPipeline(parsePipelineConfig({ name: 'weblogs' }), placement, artifact);

function liveMatching(): LivePipeline {
  return {
    bucket: { name: desired.bucket.name, encryption: { algorithm: 'AES256', kmsKeyArn: null }, publicAccessBlocked: true, ownership: 'BucketOwnerEnforced', policy: desired.bucket.policy, lifecycle: [] },
    logGroups: desired.logGroups.map((group) => ({ name: group.name, retentionDays: group.retentionDays })),
    roles: desired.roles.map((role) => ({ name: role.name, trust: JSON.parse(JSON.stringify(role.trust)), policy: role.policy })),
    stream: { name: desired.stream.name, shards: 1, retentionHours: 24, status: 'ACTIVE', mode: 'PROVISIONED', encryption: false },
    transform: { CodeSha256: 'abc=', MemorySize: 256, Timeout: 60, Handler: 'index.handler', Runtime: 'nodejs22.x', Architectures: ['x86_64'], Environment: { Variables: { A: '1' } } },
    deliveryStream: {
      DeliveryStreamName: desired.deliveryStream.name, DeliveryStreamARN: 'arn', DeliveryStreamStatus: 'ACTIVE', DeliveryStreamType: 'KinesisStreamAsSource',
      VersionId: '1', HasMoreDestinations: false,
      Source: { KinesisStreamSourceDescription: { KinesisStreamARN: desired.names.streamArn } },
      Destinations: [{
        DestinationId: 'destinationId-000000000001',
        ExtendedS3DestinationDescription: {
          ...desired.deliveryStream.destination,
          RoleARN: desired.names.firehoseRoleArn, BucketARN: desired.names.bucketArn,
          BufferingHints: desired.deliveryStream.destination.BufferingHints!, CompressionFormat: 'UNCOMPRESSED',
          EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
          S3BackupDescription: { RoleARN: 'r', BucketARN: 'b', Prefix: desired.deliveryStream.destination.S3BackupConfiguration?.Prefix, BufferingHints: {}, CompressionFormat: 'UNCOMPRESSED', EncryptionConfiguration: {} },
        },
      }],
    },
  };
}

test('names follow <name>-<account>-<region> for the bucket and derive every ARN', (t) => {
  t.is(desired.bucket.name, 'weblogs-000000000000-us-east-1');
  t.is(desired.names.streamArn, 'arn:aws:kinesis:us-east-1:000000000000:stream/weblogs-access-logs');
  t.is(desired.names.functionArn, 'arn:aws:lambda:us-east-1:000000000000:function:weblogs-transform');
});

test('the delivery stream reads the Kinesis stream and enables dynamic partitioning for Lambda partition keys', (t) => {
  const input = desired.deliveryStream.input;
  t.is(input.DeliveryStreamType, 'KinesisStreamAsSource');
  t.is(input.KinesisStreamSourceConfiguration?.KinesisStreamARN, desired.names.streamArn);
  t.is(input.ExtendedS3DestinationConfiguration?.DynamicPartitioningConfiguration?.Enabled, true);
  t.is(input.ExtendedS3DestinationConfiguration?.S3BackupMode, 'Enabled');
  t.deepEqual(input.Tags, [{ Key: 'hosepipe:pipeline', Value: 'weblogs' }]);
});

test('an empty account plans a create for every resource in dependency order', (t) => {
  const plan = planChanges(desired, {});
  t.deepEqual(plan.map((change) => `${change.action} ${change.resource}`), [
    'create bucket', 'create logGroup', 'create logGroup', 'create role', 'create role', 'create stream', 'create function', 'create deliveryStream',
  ]);
  t.true(hasChanges(plan));
});

test('an account that matches the definition plans no changes and says so', (t) => {
  const plan = planChanges(desired, liveMatching());
  t.false(hasChanges(plan), formatPlan(plan));
  t.regex(formatPlan(plan), /No changes/);
});

test('a changed zip plans an in-place code update', (t) => {
  const live = liveMatching();
  live.transform = { ...live.transform, CodeSha256: 'other=' };
  const change = planChanges(desired, live).find((c) => c.resource === 'function');
  t.is(change?.action, 'update');
  t.true(change?.update?.code);
  t.false(change?.update?.configuration);
});

test('a changed buffering hint plans a delivery stream update naming the setting', (t) => {
  const live = liveMatching();
  const destination = live.deliveryStream!.Destinations![0]!.ExtendedS3DestinationDescription!;
  destination.BufferingHints = { SizeInMBs: 5, IntervalInSeconds: 300 };
  const change = planChanges(desired, live).find((c) => c.resource === 'deliveryStream');
  t.is(change?.action, 'update');
  t.regex(change?.details.join('\n') ?? '', /BufferingHints: .*"IntervalInSeconds":300.* → .*"IntervalInSeconds":60/);
});

test('a policy that differs only in key order is not a change', (t) => {
  const live = liveMatching();
  const reversed = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reversed(inner)]))
      : Array.isArray(value) ? value.map(reversed) : value;
  live.roles = live.roles!.map((role) => ({ ...role, trust: reversed(role.trust) as typeof role.trust }));
  t.not(JSON.stringify(live.roles[0]!.trust), JSON.stringify(desired.roles[0]!.trust));
  t.false(hasChanges(planChanges(desired, live)));
});

test('a drifted inline policy plans a role update', (t) => {
  const live = liveMatching();
  live.roles![1] = { ...live.roles![1]!, policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } };
  const change = planChanges(desired, live).find((c) => c.resource === 'role' && c.action !== 'none');
  t.is(change?.name, 'weblogs-firehose');
  t.true(change?.update?.policy);
  t.false(change?.update?.trust);
});

test('a bucket without its settings plans each setting it lacks', (t) => {
  const live = liveMatching();
  live.bucket = { name: desired.bucket.name, publicAccessBlocked: false, lifecycle: [] };
  const change = planChanges(desired, live).find((c) => c.resource === 'bucket');
  t.deepEqual(change?.update?.bucketSettings, ['encryption', 'publicAccessBlock', 'ownership', 'policy']);
});

test('turning dynamic partitioning off forces replacement, which apply refuses to do on its own', (t) => {
  const live = liveMatching();
  const plain = desiredPipeline(parsePipelineConfig({ name: 'weblogs', firehose: { prefix: 'logs/' } }), placement, artifact);
  const change = planChanges(plain, live).find((c) => c.resource === 'deliveryStream');
  t.is(change?.action, 'replace');
  t.regex(formatPlan([change!]), /forces replacement.*\n.*dynamic partitioning can only be set when the delivery stream is created/);
});
