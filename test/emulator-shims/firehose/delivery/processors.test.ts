import test from 'ava';
import { gunzipSync } from 'node:zlib';
import { CreateDeliveryStreamCommand, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { bucketArn, createBucket, listObjects, ROLE, startHarness, uniqueName, waitForStatus } from '../harness.js';

test('RecordDeAggregation, MetadataExtraction (jq) and AppendDelimiterToRecord partition JSON records into GZIP objects; non-JSON goes to error output', async (t) => {
  const harness = await startHarness(t);
  const bucket = await createBucket(harness);
  const name = uniqueName('jq');
  await harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE, BucketARN: bucketArn(bucket), CompressionFormat: 'GZIP',
      Prefix: 'customer=!{partitionKeyFromQuery:customer}/', ErrorOutputPrefix: 'err/!{firehose:error-output-type}/',
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
      DynamicPartitioningConfiguration: { Enabled: true },
      ProcessingConfiguration: {
        Enabled: true,
        Processors: [
          { Type: 'RecordDeAggregation', Parameters: [{ ParameterName: 'SubRecordType', ParameterValue: 'JSON' }] },
          { Type: 'MetadataExtraction', Parameters: [{ ParameterName: 'MetadataExtractionQuery', ParameterValue: '{customer: .customer}' }, { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' }] },
          { Type: 'AppendDelimiterToRecord', Parameters: [] },
        ],
      },
    },
  }));
  await waitForStatus(harness, name, 'ACTIVE');
  await harness.firehose.send(new PutRecordBatchCommand({
    DeliveryStreamName: name,
    Records: [{ Data: Buffer.from('{"customer":"a","v":1}{"customer":"b","v":2}\n{"customer":"a","v":3}') }, { Data: Buffer.from('plain text') }],
  }));
  const report = await harness.service.flush(name);
  t.like(report, { recordsDelivered: 3, recordsFailed: 1, objectsWritten: 2, errorObjectsWritten: 1 });
  const objects = await listObjects(harness, bucket);
  const byPrefix = Object.fromEntries(objects.map((object) => [object.key.replace(/[^/]+$/, ''), object]));
  t.deepEqual(Object.keys(byPrefix).sort(), ['customer=a/', 'customer=b/', 'err/metadata-extraction-failed/']);
  t.regex(byPrefix['customer=a/']?.key ?? '', /\.gz$/);
  t.is(gunzipSync(byPrefix['customer=a/']?.body ?? Buffer.alloc(0)).toString(), '{"customer":"a","v":1}\n{"customer":"a","v":3}\n');
  const failed = JSON.parse(gunzipSync(byPrefix['err/metadata-extraction-failed/']?.body ?? Buffer.alloc(0)).toString());
  t.like(failed, { errorCode: 'DynamicPartitioning.MetadataExtractionFailed', errorMessage: 'Non JSON record provided', rawData: Buffer.from('plain text').toString('base64') });
});

test('createDeliveryStream refuses MetadataExtraction without dynamic partitioning and a non-JQ-1.6 engine', async (t) => {
  const harness = await startHarness(t);
  const processors = (engine: string) => ({ Enabled: true, Processors: [{ Type: 'MetadataExtraction' as const, Parameters: [{ ParameterName: 'MetadataExtractionQuery' as const, ParameterValue: '{a:.a}' }, { ParameterName: 'JsonParsingEngine' as const, ParameterValue: engine }] }] });
  const noDp = await t.throwsAsync(harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: uniqueName('x'), ExtendedS3DestinationConfiguration: { RoleARN: ROLE, BucketARN: bucketArn('b'), ProcessingConfiguration: processors('JQ-1.6') },
  })));
  t.is(noDp?.name, 'InvalidArgumentException');
  const engine = await t.throwsAsync(harness.firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: uniqueName('x'),
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE, BucketARN: bucketArn('b'), Prefix: 'a=!{partitionKeyFromQuery:a}/', ErrorOutputPrefix: 'e/!{firehose:error-output-type}/',
      DynamicPartitioningConfiguration: { Enabled: true }, ProcessingConfiguration: processors('JQ-1.7'),
    },
  })));
  t.is(engine?.name, 'InvalidArgumentException');
  t.regex(engine?.message ?? '', /JQ-1\.6/);
});
