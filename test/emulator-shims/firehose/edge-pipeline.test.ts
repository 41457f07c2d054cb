import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { strToU8, zipSync } from 'fflate';
import { createEdgeServer } from '../../../emulator-shims/index.js';
import { createFixtureRoles } from '../edge/fixture-roles.js';
import { ROLE, uniqueName } from './harness.js';
import { eventually } from '../../fixtures/eventually.js';

const TRANSFORM = `export const handler = async (event) => ({ records: event.records.map((r) => {
  const line = Buffer.from(r.data, 'base64').toString();
  if (line === 'bad') return { recordId: r.recordId, result: 'ProcessingFailed', data: r.data };
  return { recordId: r.recordId, result: 'Ok', data: Buffer.from(JSON.stringify({ line }) + '\\n').toString('base64'),
    metadata: { partitionKeys: { year: '2026', month: '03', day: '04', hour: '05' } } };
}) });`;

test('through the edge, the default layout delivers a Kinesis stream via the Lambda shim to S3 on POST /_hosepipe/firehose/{name}/flush', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'hosepipe-fh-edge-'));
  t.teardown(() => rmSync(stateDir, { recursive: true, force: true }));
  const edge = await createEdgeServer({ port: 0, stateDir, firehose: { createDelayMs: 20, pollIntervalMs: 60_000 } });
  await createFixtureRoles(edge.url);
  t.teardown(() => edge.close());
  edge.clock.set(Date.parse('2026-03-04T05:06:07Z'));
  const common = { endpoint: edge.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: new NodeHttpHandler() };
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  const kinesis = new KinesisClient(common);
  const lambda = new LambdaClient(common);
  const firehose = new FirehoseClient(common);
  t.teardown(() => { s3.destroy(); kinesis.destroy(); lambda.destroy(); firehose.destroy(); });

  const bucket = uniqueName('bucket');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const streamName = uniqueName('src');
  await kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: 1 }));
  await eventually(`stream ${streamName} is ACTIVE`, async () => (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: streamName }))).StreamDescriptionSummary?.StreamStatus === 'ACTIVE');
  const fn = await lambda.send(new CreateFunctionCommand({
    FunctionName: uniqueName('transform'), Runtime: 'nodejs20.x', Role: 'arn:aws:iam::000000000000:role/l', Handler: 'index.handler',
    Code: { ZipFile: zipSync({ 'index.mjs': strToU8(TRANSFORM) }) },
  }));
  const name = uniqueName('pipeline');
  await firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name, DeliveryStreamType: 'KinesisStreamAsSource',
    KinesisStreamSourceConfiguration: { KinesisStreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${streamName}`, RoleARN: ROLE },
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE, BucketARN: `arn:aws:s3:::${bucket}`,
      Prefix: 'kinesis/firehose/migration/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/',
      ErrorOutputPrefix: 'kinesis/firehose/origin/error/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/',
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 }, DynamicPartitioningConfiguration: { Enabled: true },
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: fn.FunctionArn as string }] }] },
      S3BackupMode: 'Enabled',
      S3BackupConfiguration: { RoleARN: ROLE, BucketARN: `arn:aws:s3:::${bucket}`, Prefix: 'kinesis/firehose/origin/raw/!{timestamp:yyyy/MM/dd/HH}/', ErrorOutputPrefix: 'kinesis/firehose/origin/raw-error/!{firehose:error-output-type}/' },
    },
  }));
  await kinesis.send(new PutRecordsCommand({ StreamName: streamName, Records: ['one', 'bad', 'two'].map((line) => ({ Data: Buffer.from(line), PartitionKey: line })) }));
  const response = await fetch(`${edge.url}/_hosepipe/firehose/${name}/flush`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  t.is(response.status, 200);
  t.like(await response.json(), { recordsDelivered: 2, recordsFailed: 1, objectsWritten: 1, backupObjectsWritten: 1 });
  const listing = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  const folders = (listing.Contents ?? []).map((item) => (item.Key as string).replace(/[^/]+$/, '')).sort();
  t.deepEqual(folders, [
    'kinesis/firehose/migration/year=2026/month=03/day=04/hour=05/',
    'kinesis/firehose/origin/error/processing-failed/2026/03/04/05/',
    'kinesis/firehose/origin/raw/2026/03/04/05/',
  ]);
  const metrics = (await (await fetch(`${edge.url}/_hosepipe/metrics`)).json()) as { deliveryStreams: Record<string, Record<string, number>> };
  t.like(metrics.deliveryStreams[name], { 'DeliveryToS3.Records': 2, 'BackupToS3.Records': 3 });
});
