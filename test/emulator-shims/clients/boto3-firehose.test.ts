import test from 'ava';
import { startEdgeWithRoles, uniqueName } from '../edge/helpers.js';
import { localAwsEnv, run } from './helpers.js';

const PYTHON = '/usr/bin/python3';

// boto3 as a user's script drives Firehose: endpoint_url given explicitly, dummy credentials, nothing from a profile.
const DELIVER = String.raw`
import json, sys, time, urllib.request
import boto3
endpoint, bucket, name = sys.argv[1], sys.argv[2], sys.argv[3]
session = boto3.session.Session(aws_access_key_id='test', aws_secret_access_key='test', region_name='us-east-1')
s3 = session.client('s3', endpoint_url=endpoint)
firehose = session.client('firehose', endpoint_url=endpoint)
s3.create_bucket(Bucket=bucket)
firehose.create_delivery_stream(
    DeliveryStreamName=name,
    DeliveryStreamType='DirectPut',
    ExtendedS3DestinationConfiguration={
        'RoleARN': 'arn:aws:iam::000000000000:role/firehose',
        'BucketARN': 'arn:aws:s3:::' + bucket,
        'Prefix': 'boto/!{timestamp:yyyy/MM/dd}/',
        'ErrorOutputPrefix': 'boto-errors/!{firehose:error-output-type}/',
        'BufferingHints': {'SizeInMBs': 64, 'IntervalInSeconds': 900},
    },
)
# Until ACTIVE, for up to 30 s: a loaded machine can take seconds where a quiet one takes milliseconds.
deadline = time.monotonic() + 30
while True:
    description = firehose.describe_delivery_stream(DeliveryStreamName=name)['DeliveryStreamDescription']
    if description['DeliveryStreamStatus'] == 'ACTIVE' or time.monotonic() > deadline:
        break
    time.sleep(0.02)
records = [('{"n": %d}\n' % i).encode() for i in range(3)]
put = firehose.put_record_batch(DeliveryStreamName=name, Records=[{'Data': data} for data in records])
with urllib.request.urlopen(urllib.request.Request(endpoint + '/_hosepipe/firehose/' + name + '/flush', method='POST', headers={'Content-Type': 'application/json'})) as answer:
    flush_status = answer.status
keys = [item['Key'] for item in s3.list_objects_v2(Bucket=bucket).get('Contents', [])]
bodies = [s3.get_object(Bucket=bucket, Key=key)['Body'].read().decode() for key in keys]
destination = description['Destinations'][0]
print(json.dumps({
    'status': description['DeliveryStreamStatus'],
    'type': description['DeliveryStreamType'],
    'version': description['VersionId'],
    'destination_id': destination['DestinationId'],
    'extended': {key: destination['ExtendedS3DestinationDescription'].get(key) for key in ('Prefix', 'BufferingHints', 'EncryptionConfiguration', 'CompressionFormat')},
    'failed': put['FailedPutCount'],
    'record_ids': len(put['RequestResponses']),
    'flush_status': flush_status,
    'keys': keys,
    'bodies': bodies,
}))
`;

const OVERSIZED_BATCH = String.raw`
import json, sys, time
import boto3
from botocore.exceptions import ClientError
endpoint, name = sys.argv[1], sys.argv[2]
firehose = boto3.client('firehose', endpoint_url=endpoint, region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
firehose.create_delivery_stream(
    DeliveryStreamName=name,
    DeliveryStreamType='DirectPut',
    ExtendedS3DestinationConfiguration={'RoleARN': 'arn:aws:iam::000000000000:role/firehose', 'BucketARN': 'arn:aws:s3:::unused-' + name},
)
deadline = time.monotonic() + 30
while firehose.describe_delivery_stream(DeliveryStreamName=name)['DeliveryStreamDescription']['DeliveryStreamStatus'] != 'ACTIVE' and time.monotonic() < deadline:
    time.sleep(0.02)
try:
    firehose.put_record_batch(DeliveryStreamName=name, Records=[{'Data': b'x\n'} for _ in range(501)])
    print(json.dumps({'raised': False}))
except ClientError as error:
    print(json.dumps({'raised': True, 'code': error.response['Error']['Code'], 'message': error.response['Error']['Message'], 'http': error.response['ResponseMetadata']['HTTPStatusCode']}))
`;

const lastJsonLine = (output: string): Record<string, unknown> => JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;

test('boto3 creates a DirectPut stream, sees AWS defaults in describe, and reads its put_record_batch back from S3 after a flush', async (t) => {
  const edge = await startEdgeWithRoles(t, { firehose: { createDelayMs: 20, pollIntervalMs: 60_000 } });
  // A fixed day, so the evaluated prefix is known; the clock still runs, so only the date parts are asserted exactly.
  edge.clock.set(Date.parse('2026-03-04T05:00:00Z'));
  const bucket = uniqueName('boto-fh');
  const name = uniqueName('boto-direct');
  const result = lastJsonLine(await run(PYTHON, ['-c', DELIVER, edge.url, bucket, name], localAwsEnv(edge)));

  t.like(result, {
    status: 'ACTIVE', type: 'DirectPut', version: '1', destination_id: 'destinationId-000000000001',
    extended: {
      Prefix: 'boto/!{timestamp:yyyy/MM/dd}/',
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 900 },
      EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
      CompressionFormat: 'UNCOMPRESSED',
    },
    failed: 0, record_ids: 3, flush_status: 200,
  });
  const keys = result.keys as string[];
  t.is(keys.length, 1);
  const escaped = name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  t.regex(keys[0]!, new RegExp(`^boto/2026/03/04/${escaped}-1-2026-03-04-05-\\d{2}-\\d{2}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
  t.deepEqual(result.bodies, ['{"n": 0}\n{"n": 1}\n{"n": 2}\n']);
});

test('boto3 put_record_batch with 501 records raises ValidationException from the shim', async (t) => {
  const edge = await startEdgeWithRoles(t, { firehose: { createDelayMs: 20, pollIntervalMs: 60_000 } });
  const result = lastJsonLine(await run(PYTHON, ['-c', OVERSIZED_BATCH, edge.url, uniqueName('boto-501')], localAwsEnv(edge)));
  t.like(result, { raised: true, code: 'ValidationException', http: 400 });
  t.regex(result.message as string, /^1 validation error detected: Value .* at 'records' failed to satisfy constraint: Member must have length less than or equal to 500$/s);
});
