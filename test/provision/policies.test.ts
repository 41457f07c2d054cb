import test from 'ava';
import { desiredPipeline, parsePipelineConfig, wildcardAllowances, type PolicyDocument } from '../../provision/index.js';

const artifact = { zip: new Uint8Array(), sha256: '', handler: 'index.handler', runtime: 'nodejs22.x', environment: {} };
const placement = { accountId: '123456789012', region: 'eu-west-1' };

function roles(config = parsePipelineConfig({ name: 'weblogs' })) {
  const desired = desiredPipeline(config, placement, artifact);
  return { desired, transform: desired.roles[0]!, firehose: desired.roles[1]! };
}

test('no role allows anything on a wildcard resource AWS does not require', (t) => {
  for (const role of roles().desired.roles) t.deepEqual(wildcardAllowances(role.policy), [], role.name);
  const withKms = roles(parsePipelineConfig({ name: 'weblogs', bucket: { kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc' } }));
  for (const role of withKms.desired.roles) t.deepEqual(wildcardAllowances(role.policy), [], role.name);
});

test('the wildcard check catches a broad resource and a broad action', (t) => {
  const broad: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::bucket/*' }] };
  t.is(wildcardAllowances(broad).length, 1);
  const star: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kinesis:*', Resource: 'arn:aws:kinesis:eu-west-1:123456789012:stream/s' }] };
  t.is(wildcardAllowances(star).length, 1);
  const deny: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }] };
  t.deepEqual(wildcardAllowances(deny), []);
});

test('Firehose may put objects only under the configured prefixes of this bucket', (t) => {
  const { firehose } = roles();
  const put = firehose.policy.Statement.find((statement) => statement.Sid === 'WriteUnderThePrefixes');
  t.deepEqual(put?.Resource, [
    'arn:aws:s3:::weblogs-123456789012-eu-west-1/kinesis/firehose/migration/year=*',
    'arn:aws:s3:::weblogs-123456789012-eu-west-1/kinesis/firehose/origin/error/*',
    'arn:aws:s3:::weblogs-123456789012-eu-west-1/kinesis/firehose/origin/raw/*',
  ]);
});

test('Firehose reads only this stream, invokes only this function and logs only to its own stream', (t) => {
  const { firehose } = roles();
  const resources = Object.fromEntries(firehose.policy.Statement.map((statement) => [statement.Sid, statement.Resource]));
  t.is(resources.ReadTheSourceStream, 'arn:aws:kinesis:eu-west-1:123456789012:stream/weblogs-access-logs');
  t.deepEqual(resources.InvokeTheTransform, ['arn:aws:lambda:eu-west-1:123456789012:function:weblogs-transform', 'arn:aws:lambda:eu-west-1:123456789012:function:weblogs-transform:*']);
  t.is(resources.OwnLogStreamOnly, 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/kinesisfirehose/weblogs-to-s3:log-stream:DestinationDelivery');
});

test('only Firehose from this account may assume the delivery role', (t) => {
  const { firehose, transform } = roles();
  t.deepEqual(firehose.trust.Statement[0]?.Condition, { StringEquals: { 'sts:ExternalId': '123456789012' } });
  t.deepEqual(transform.trust.Statement[0]?.Principal, { Service: 'lambda.amazonaws.com' });
});

test('the transform may write only its own log group', (t) => {
  const { transform } = roles();
  t.deepEqual(transform.policy.Statement.map((statement) => statement.Resource), ['arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/weblogs-transform:*']);
});

test('the bucket policy denies every request not made over TLS', (t) => {
  const { desired } = roles();
  t.deepEqual(desired.bucket.policy.Statement[0]?.Condition, { Bool: { 'aws:SecureTransport': false } });
  t.is(desired.bucket.policy.Statement[0]?.Effect, 'Deny');
});
