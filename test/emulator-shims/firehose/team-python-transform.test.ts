import test from 'ava';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { strToU8, zipSync } from 'fflate';
import { clientConfig, startEdgeWithRoles, uniqueName } from '../edge/helpers.js';
import { DEBIAN_PYTHON, debianBoto3, newerBotoPython } from '../../fixtures/python.js';
import { eventually } from '../../fixtures/eventually.js';

// The original team's function: regex + base64 + boto3's resource API writing its own objects, records returned unchanged.
const TEAM_FUNCTION = readFileSync(fileURLToPath(new URL('../../fixtures/team-python-transform/lambda_function.py', import.meta.url)), 'utf8');
const newer = newerBotoPython();
const ROLE = 'arn:aws:iam::000000000000:role/firehose-role';
const GOOD = [
  '10.0.0.1 - - [04/Mar/2026:05:06:07 +0000] "GET /index.html HTTP/1.1" 200 612 "-" "curl/8.5.0"',
  '10.0.0.2 - alice [04/Mar/2026:05:59:59 +0000] "POST /api/items HTTP/1.1" 201 38 "https://example.com/" "Mozilla/5.0"',
  '10.0.0.3 - - [04/Mar/2026:06:00:00 +0000] "GET /health HTTP/1.1" 204 0 "-" "kube-probe/1.30"',
];
const GARBAGE = 'this is not an nginx line';

const interpreters = [
  { title: 'Debian\'s /usr/bin/python3 with Debian\'s python3-boto3 1.26', python: DEBIAN_PYTHON, available: debianBoto3 },
  { title: 'a python3 on PATH with a newer boto3', python: newer?.python, available: newer !== undefined },
];

for (const { title, python, available } of interpreters) {
  // Only a machine without Debian's python3-boto3, or without a newer boto3 on PATH, skips a case (.ci/run has both).
  (available ? test : test.skip)(`the team's Python transform run by the Firehose shim under ${title}: its own objects and Firehose's deliveries land in the bucket`, async (t) => {
    const edge = await startEdgeWithRoles(t, { firehose: { createDelayMs: 20, pollIntervalMs: 60_000 }, ...(python ? { lambdaPython: python } : {}) });
    const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true }));
    const lambda = new LambdaClient(clientConfig(edge));
    const firehose = new FirehoseClient(clientConfig(edge));
    t.teardown(() => { s3.destroy(); lambda.destroy(); firehose.destroy(); });

    const bucket = uniqueName('team').toLowerCase();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const fn = await lambda.send(new CreateFunctionCommand({
      FunctionName: uniqueName('team-transform'), Runtime: 'python3.11', Role: 'arn:aws:iam::000000000000:role/lambda-role', Timeout: 60,
      Handler: 'lambda_function.lambda_handler', Code: { ZipFile: zipSync({ 'lambda_function.py': strToU8(TEAM_FUNCTION) }) },
      Environment: { Variables: { OUTPUT_BUCKET: bucket } },
    }));
    const name = uniqueName('team-pipeline');
    await firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: name, DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: {
        RoleARN: ROLE, BucketARN: `arn:aws:s3:::${bucket}`, Prefix: 'kinesis/firehose/migration/', ErrorOutputPrefix: 'kinesis/firehose/error/',
        BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: fn.FunctionArn as string }, { ParameterName: 'BufferSizeInMBs', ParameterValue: '1' }] }],
        },
      },
    }));
    await eventually(`delivery stream ${name} is ACTIVE`, async () => (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription?.DeliveryStreamStatus === 'ACTIVE');
    const sent = [...GOOD, GARBAGE];
    const put = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: sent.map((line) => ({ Data: Buffer.from(`${line}\n`) })) }));
    t.is(put.FailedPutCount, 0);
    const flushed = await fetch(`${edge.url}/_hosepipe/firehose/${name}/flush`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    t.is(flushed.status, 200, await flushed.clone().text());

    const read = async (prefix: string): Promise<string[]> => {
      const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map((item) => item.Key as string);
      return Promise.all(keys.map(async (key) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString()));
    };
    const written = (await read('team/parsed/')).map((body) => JSON.parse(body) as { remote_addr: string; status: number });
    t.deepEqual(written.map((fields) => fields.remote_addr).sort(), ['10.0.0.1', '10.0.0.2', '10.0.0.3'], 'every object the function wrote with boto3 is in the local bucket');
    t.deepEqual(written.map((fields) => fields.status).sort(), [200, 201, 204]);
    const delivered = (await read('kinesis/firehose/migration/')).join('').split('\n').filter(Boolean);
    t.deepEqual(delivered.sort(), [...GOOD].sort(), 'the records the function returned Ok land unchanged under the destination prefix');
    const failed = (await read('kinesis/firehose/error/')).join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { errorCode: string; rawData: string });
    t.deepEqual(failed.map((record) => [record.errorCode, Buffer.from(record.rawData, 'base64').toString()]), [['Lambda.ProcessingFailedStatus', `${GARBAGE}\n`]]);
  });
}
