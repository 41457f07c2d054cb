import test from 'ava';
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { clientConfig, startEdgeWithRoles, uniqueName } from '../edge/helpers.js';
import { eventually } from '../../fixtures/eventually.js';

// A transform written like the original pipeline's: a combined-format regex, base64 in and out, partition keys from the log's own time.
const TRANSFORM = String.raw`import base64
import json
import re
from datetime import datetime

COMBINED = re.compile(
    r'^(?P<remote_addr>\S+) - (?P<remote_user>\S+) \[(?P<time_local>[^\]]+)\] '
    r'"(?P<request>[^"]*)" (?P<status>\d{3}) (?P<body_bytes_sent>\d+) '
    r'"(?P<http_referer>[^"]*)" "(?P<http_user_agent>[^"]*)"$'
)


def lambda_handler(event, context):
    output = []
    for record in event['records']:
        line = base64.b64decode(record['data']).decode('utf-8').rstrip('\n')
        match = COMBINED.match(line)
        if match is None:
            output.append({'recordId': record['recordId'], 'result': 'ProcessingFailed', 'data': record['data']})
            continue
        fields = match.groupdict()
        fields['status'] = int(fields['status'])
        fields['body_bytes_sent'] = int(fields['body_bytes_sent'])
        when = datetime.strptime(fields['time_local'], '%d/%b/%Y:%H:%M:%S %z')
        output.append({
            'recordId': record['recordId'],
            'result': 'Ok',
            'data': base64.b64encode((json.dumps(fields) + '\n').encode('utf-8')).decode('ascii'),
            'metadata': {'partitionKeys': {
                'year': when.strftime('%Y'), 'month': when.strftime('%m'), 'day': when.strftime('%d'), 'hour': when.strftime('%H'),
            }},
        })
    return {'records': output}
`;

const ROLE = 'arn:aws:iam::000000000000:role/firehose-role';
const GOOD = [
  '10.0.0.1 - - [04/Mar/2026:05:06:07 +0000] "GET /index.html HTTP/1.1" 200 612 "-" "curl/8.5.0"',
  '10.0.0.2 - alice [04/Mar/2026:05:59:59 +0000] "POST /api/items HTTP/1.1" 201 38 "https://example.com/" "Mozilla/5.0 (X11; Linux x86_64)"',
];
const GARBAGE = 'this is not an nginx line';

test('a python3.11 transform created through the Lambda API is invoked by the Firehose shim end to end', async (t) => {
  const edge = await startEdgeWithRoles(t, { firehose: { createDelayMs: 20, pollIntervalMs: 60_000 } });
  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true }));
  const kinesis = new KinesisClient(clientConfig(edge));
  const lambda = new LambdaClient(clientConfig(edge));
  const firehose = new FirehoseClient(clientConfig(edge));
  t.teardown(() => { s3.destroy(); kinesis.destroy(); lambda.destroy(); firehose.destroy(); });

  const bucket = uniqueName('pybucket');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const streamName = uniqueName('pysrc');
  await kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: 1 }));
  await eventually(`Kinesis stream ${streamName} ACTIVE`, async () =>
    (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: streamName }))).StreamDescriptionSummary?.StreamStatus === 'ACTIVE');

  const fn = await lambda.send(new CreateFunctionCommand({
    FunctionName: uniqueName('pytransform'), Runtime: 'python3.11', Role: 'arn:aws:iam::000000000000:role/lambda-role',
    Handler: 'lambda_function.lambda_handler', Code: { ZipFile: zipSync({ 'lambda_function.py': strToU8(TRANSFORM) }) }, Timeout: 60,
  }));
  t.is(fn.Runtime, 'python3.11');

  const name = uniqueName('pypipeline');
  await firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'KinesisStreamAsSource',
    KinesisStreamSourceConfiguration: { KinesisStreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${streamName}`, RoleARN: ROLE },
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE, BucketARN: `arn:aws:s3:::${bucket}`,
      Prefix: 'logs/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/',
      ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/',
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
      DynamicPartitioningConfiguration: { Enabled: true },
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: fn.FunctionArn as string }] }] },
      S3BackupMode: 'Enabled',
      S3BackupConfiguration: { RoleARN: ROLE, BucketARN: `arn:aws:s3:::${bucket}`, Prefix: 'raw/' },
    },
  }));
  await eventually(`delivery stream ${name} ACTIVE`, async () =>
    (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription?.DeliveryStreamStatus === 'ACTIVE');

  const sent = [GOOD[0]!, GARBAGE, GOOD[1]!];
  const put = await kinesis.send(new PutRecordsCommand({ StreamName: streamName, Records: sent.map((line, i) => ({ Data: Buffer.from(`${line}\n`), PartitionKey: `k${i}` })) }));
  t.is(put.FailedRecordCount, 0);

  const flushed = await fetch(`${edge.url}/_hosepipe/firehose/${name}/flush`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  t.is(flushed.status, 200);
  t.like(await flushed.json(), { recordsDelivered: 2, recordsFailed: 1 });

  const read = async (prefix: string): Promise<string[]> => {
    const listing = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    const keys = (listing.Contents ?? []).map((item) => item.Key as string).sort();
    return Promise.all(keys.map(async (key) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString()));
  };

  const delivered = (await read('logs/year=2026/month=03/day=04/hour=05/')).join('');
  t.deepEqual(delivered.split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown), [
    { remote_addr: '10.0.0.1', remote_user: '-', time_local: '04/Mar/2026:05:06:07 +0000', request: 'GET /index.html HTTP/1.1', status: 200, body_bytes_sent: 612, http_referer: '-', http_user_agent: 'curl/8.5.0' },
    { remote_addr: '10.0.0.2', remote_user: 'alice', time_local: '04/Mar/2026:05:59:59 +0000', request: 'POST /api/items HTTP/1.1', status: 201, body_bytes_sent: 38, http_referer: 'https://example.com/', http_user_agent: 'Mozilla/5.0 (X11; Linux x86_64)' },
  ]);
  t.true(delivered.endsWith('}\n'), 'each transformed record keeps the newline the function appended');

  const errors = (await read('errors/processing-failed/')).join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  t.is(errors.length, 1);
  t.like(errors[0], { errorCode: 'Lambda.ProcessingFailedStatus', rawData: Buffer.from(`${GARBAGE}\n`).toString('base64'), lambdaARN: fn.FunctionArn });

  t.deepEqual((await read('raw/')).join('').split('\n').filter(Boolean).sort(), [...sent].sort());

  const everything = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  const folders = (everything.Contents ?? []).map((item) => (item.Key as string).replace(/[^/]+$/, '')).sort();
  t.deepEqual(folders.slice(0, 2), ['errors/processing-failed/', 'logs/year=2026/month=03/day=04/hour=05/']);
  // A backup prefix without expressions gets AWS's default UTC time folders appended.
  t.is(folders.length, 3);
  t.regex(folders[2]!, /^raw\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/$/);
});
