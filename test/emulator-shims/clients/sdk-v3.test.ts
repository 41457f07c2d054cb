import test from 'ava';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { clientConfig, startEdge, uniqueName } from '../edge/helpers.js';
import { createActiveStream, createDirectPut } from './helpers.js';

test('SDK v3 with default settings: streamed puts, validated gets and a multipart upload read back unchanged', async (t) => {
  const edge = await startEdge(t);
  // Default checksum behaviour (WHEN_SUPPORTED): CRC32 on every put, validation on every get.
  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true }));
  const bucket = uniqueName('sdk');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const small = randomBytes(300_000);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'stream.bin', Body: Readable.from([small.subarray(0, 1000), small.subarray(1000)]), ContentLength: small.length }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'buffer.txt', Body: 'plain text body' }));
  const big = randomBytes(12 * 1024 * 1024);
  await new Upload({ client: s3, params: { Bucket: bucket, Key: 'multi.bin', Body: Readable.from([big]) }, partSize: 5 * 1024 * 1024 }).done();
  const read = async (key: string) => Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray());
  t.true((await read('stream.bin')).equals(small));
  t.is((await read('buffer.txt')).toString(), 'plain text body');
  t.true((await read('multi.bin')).equals(big));
});

test('SDK v3 Kinesis PutRecords and Firehose PutRecordBatch deliver every record unchanged', async (t) => {
  const edge = await startEdge(t, { firehose: { createDelayMs: 20, pollIntervalMs: 60_000 } });
  const kinesis = new KinesisClient(clientConfig(edge));
  const stream = uniqueName('sdk');
  await createActiveStream(edge, stream, 3);
  const sent = Array.from({ length: 400 }, (_, i) => Buffer.concat([Buffer.from([0xbf, i & 0xff]), Buffer.from(` record ${i}`)]));
  const put = await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: sent.map((Data, i) => ({ Data, PartitionKey: `k${i}` })) }));
  t.is(put.FailedRecordCount, 0);
  const got: string[] = [];
  for (const shard of (await kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? []) {
    const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
    got.push(...((await kinesis.send(new GetRecordsCommand({ ShardIterator }))).Records ?? []).map((record) => Buffer.from(record.Data ?? []).toString('hex')));
  }
  t.deepEqual(got.sort(), sent.map((data) => data.toString('hex')).sort());

  const s3 = new S3Client(clientConfig(edge, { forcePathStyle: true }));
  const bucket = uniqueName('fh');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const name = uniqueName('direct');
  await createDirectPut(edge, name, bucket);
  const lines = Array.from({ length: 50 }, (_, i) => `line ${i}\n`);
  const batch = await new FirehoseClient(clientConfig(edge)).send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: lines.map((line) => ({ Data: Buffer.from(line) })) }));
  t.is(batch.FailedPutCount, 0);
  await fetch(`${edge.url}/_hosepipe/firehose/${name}/flush`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'direct/' }));
  const bodies = await Promise.all((listed.Contents ?? []).map(async (object) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }))).Body!.transformToString()));
  t.is(bodies.join(''), lines.join(''));
});
